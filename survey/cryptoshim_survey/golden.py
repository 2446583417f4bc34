"""Compare a survey against a hand-checked golden file, as (project, public API) pairs.

Golden format (see compat_tests/python/survey_real_golden/golden.txt): a
`[name==version]` header per project, then `api PUBLIC SITE...` or
`module PUBLIC SITE...` lines; `#` starts a comment. Pairs are counted per
stage, so a loss can be placed:
- scan: every finding of the scan stage, named by its public name when the
  catalog knows it (a module import as the module), unmatched symbols as written;
- report: what a user reads, the report's per-dependent checklist (its `apis`,
  `modules`; ambiguous guesses are not counted) plus the review list of
  unmatched symbols for that dependent.
"""

from __future__ import annotations

import pathlib

from . import match


def load(path: pathlib.Path) -> dict:
    """{project: {"version": v, "pairs": {public: [sites]}}}."""
    out: dict = {}
    current = None
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("["):
            name, _, version = line.strip("[]").partition("==")
            current = out.setdefault(name.lower(), {"version": version, "pairs": {}})
            continue
        kind, public, *sites = line.split()
        if kind not in ("api", "module") or current is None or not sites:
            raise ValueError(f"{path}: bad line {raw!r}")
        current["pairs"].setdefault(public, []).extend(sites)
    return out


def scan_pairs(index, scans: list[dict]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for scan in scans:
        rows = match.match_scan(index, scan)
        names = {f["public"] for f in rows["matched"] if f["confidence"] != "ambiguous"}
        names |= {f["module"] for f in rows["modules"]} | {f["public"] for f in rows["unmatched"]}
        out[scan["package"].lower()] = names
    return out


def report_pairs(report: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for dep in report["dependents"]:
        names = {a["public"] for a in dep["apis"]} | {m["module"] for m in dep.get("modules", ())}
        out.setdefault(dep["package"].lower(), set()).update(names)
    for u in report["unmatched"]:
        for pkg in u["packages"]:
            out.setdefault(pkg.lower(), set()).add(u.get("public", u["symbol"]))
    return out


def compare(golden: dict, found: dict[str, set[str]]) -> dict:
    want = {(p, a) for p, g in golden.items() for a in g["pairs"]}
    got = {(p, a) for p, names in found.items() if p in golden for a in names}
    tp = want & got
    return {
        "golden": len(want),
        "found": len(got),
        "true_positives": len(tp),
        "recall": len(tp) / len(want) if want else 1.0,
        "precision": len(tp) / len(got) if got else 1.0,
        "missed": sorted(want - got),
        "extra": sorted(got - want),
    }
