"""`survey gaps REPORT`: what real dependents use that the drop-ins lack, by dependents.

The survey never imports the drop-ins; the catalog says what they provide
(`shim = "provided"`), so a gap is:
- api: a catalog API some dependent uses (certainly, not an ambiguous guess)
  whose shim is not "provided";
- m2 / private / unlisted: a legacy name dependents use that the catalog does
  not list at all (the report's review list): a flat `M2Crypto.m2.*` function,
  a private attribute (`X509._x509`), or any other public name; names seen
  only where a same-name non-legacy fallback may be bound are left out.
Ranked by the number of dependents, then name. An allow-list (TOML, one
[[allow]] table per name with a non-empty `reason`) silences reviewed gaps;
entries that match no gap are printed as stale, so the list cannot rot.
Prints nothing, and exits 0, when every gap is allowed.
"""

from __future__ import annotations

import json
import pathlib

import tomllib

DEFAULT_ALLOW = pathlib.Path(__file__).resolve().parent / "gaps_allowlist.toml"


def find_gaps(report: dict) -> list[dict]:
    rows = [
        {"kind": "api", "name": a["public"], "dependents": a["dependents"], "shim": a["shim"]}
        for a in report["apis"]
        if a["dependents"] and a["shim"] != "provided"
    ]
    for u in report["unmatched"]:
        if u["fallback_only"]:
            continue  # the name may hold a same-name fallback (salt's PyCryptodome RSA)
        name = u.get("public", u["symbol"])
        kind = (
            "m2" if name.startswith("M2Crypto.m2.") else "private" if u["private"] else "unlisted"
        )
        rows.append({"kind": kind, "name": name, "dependents": len(u["packages"])})
    merged: dict[str, dict] = {}
    for r in rows:  # two defining paths can share one public name
        if r["name"] in merged:
            merged[r["name"]]["dependents"] = max(merged[r["name"]]["dependents"], r["dependents"])
        else:
            merged[r["name"]] = r
    return sorted(merged.values(), key=lambda r: (-r["dependents"], r["name"]))


def load_allow(path: pathlib.Path) -> dict[str, str]:
    doc = tomllib.loads(path.read_text()) if path.is_file() else {}
    allow = {}
    for i, entry in enumerate(doc.get("allow", [])):
        if not entry.get("name") or not str(entry.get("reason", "")).strip():
            raise ValueError(f"{path}: allow[{i}] needs a name and a reason")
        allow[entry["name"]] = entry["reason"]
    return allow


def run(report_path: str, allow_path: str | None = None) -> tuple[list[str], int]:
    report = json.loads(pathlib.Path(report_path).read_text())
    allow = load_allow(pathlib.Path(allow_path) if allow_path else DEFAULT_ALLOW)
    gaps = find_gaps(report)
    lines = [
        f"{g['dependents']:>4}  {g['kind']:<8}  {g['name']}" for g in gaps if g["name"] not in allow
    ]
    names = {g["name"] for g in gaps}
    lines += [f"stale allow-list entry (no such gap): {n}" for n in sorted(set(allow) - names)]
    return lines, 1 if lines else 0
