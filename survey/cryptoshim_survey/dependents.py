"""Stage 1: who depends on the legacy libraries, how (optional or not), how much.

Inputs, all merged into one list keyed by normalized name:
- a names file (one per line, `name` or pinned `name==version`, `#` comments),
- a reverse-dependency dump (CSV with a `name` column, or JSON list/{"dependents": [...]})
  with optional version, downloads, requirement columns,
- a candidate list checked against index metadata (PEP 691 + PEP 658; when the
  index has no .metadata files, the metadata inside the archive is read in memory),
- a corpus TOML (offline corpora: local source directories),
- a downloads file (CSV/JSON name -> downloads) used as weights in the report.
Legacy distribution names come from the catalog's `library` fields.
"""

from __future__ import annotations

import csv
import json
import pathlib
import re
from typing import Any

import tomllib

from . import index as pkgindex

EXTRA_MARKER = re.compile(r"""extra\s*==\s*['"]([^'"]+)['"]""")


def parse_requirement(text: str) -> tuple[str, list[str]]:
    """Distribution name and the extras that gate it ([] = unconditional)."""
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", text)
    marker = text.split(";", 1)[1] if ";" in text else ""
    return (pkgindex.normalize(name.group(1)) if name else ""), EXTRA_MARKER.findall(marker)


def entry(name: str, **fields) -> dict:
    row: dict[str, Any] = {
        "name": name,
        "version": "",
        "requirement": "",
        "optional": False,
        "extras": [],
        "downloads": None,
        "source": "",
        "origin": "",
    }
    row.update({k: v for k, v in fields.items() if v not in (None, "")})
    if row["requirement"] and not row["extras"]:
        _, row["extras"] = parse_requirement(row["requirement"])
    row["optional"] = bool(row["optional"] or row["extras"])
    if row["downloads"] is not None:
        row["downloads"] = int(row["downloads"])
    return row


def from_names(path: pathlib.Path) -> list[dict]:
    """One dependent a line, `name` or pinned `name==version`."""
    names = [line.split("#", 1)[0].strip() for line in path.read_text().splitlines()]
    rows = []
    for n in names:
        if n:
            name, _, version = n.partition("==")
            rows.append(entry(name.strip(), version=version.strip(), origin="names"))
    return rows


def _rows(path: pathlib.Path) -> list[dict]:
    if path.suffix == ".json":
        data = json.loads(path.read_text())
        return data.get("dependents", []) if isinstance(data, dict) else data
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


def from_reverse_dump(path: pathlib.Path) -> list[dict]:
    out = []
    for row in _rows(path):
        name = row.get("name") or row.get("package") or row.get("dependent")
        if name:
            out.append(
                entry(
                    name,
                    version=row.get("version"),
                    downloads=row.get("downloads") or None,
                    requirement=row.get("requirement"),
                    origin="reverse-dump",
                )
            )
    return out


def from_corpus(path: pathlib.Path) -> list[dict]:
    data = tomllib.loads(path.read_text())
    out = []
    for pkg in data.get("package", []):
        source = pkg.get("source", "")
        if source and not pathlib.Path(source).is_absolute():
            source = str((path.parent / source).resolve())
        out.append(
            entry(
                pkg["name"],
                version=pkg.get("version"),
                downloads=pkg.get("downloads"),
                requirement=pkg.get("requirement"),
                source=source,
                format=pkg.get("format", "tar.gz"),
                origin="corpus",
            )
        )
    return out


def from_index(
    candidates: list[str], legacy: set[str], base: str, fetch=pkgindex.http_fetch, log=None
) -> list[dict]:
    """Keep the candidates whose newest release requires a legacy distribution."""
    out = []
    for name in candidates:
        try:
            file = pkgindex.pick_file(pkgindex.project_files(name, base, fetch))
            meta = pkgindex.requirements_metadata(file, fetch) if file else None
        except Exception as exc:  # network/index trouble is data, not a crash
            if log:
                log.warning("metadata-failed", package=name, error=str(exc))
            continue
        if meta is None:
            if log:
                log.info("metadata-unavailable", package=name)
            continue
        for req in meta.get_all("Requires-Dist") or []:
            dist, extras = parse_requirement(req)
            if dist in legacy:
                out.append(
                    entry(
                        name,
                        version=pkgindex.version_of(file["filename"]),  # type: ignore[index]  # meta implies file
                        requirement=req,
                        extras=extras,
                        origin="index-metadata",
                    )
                )
                break
    return out


def apply_downloads(rows: list[dict], path: pathlib.Path) -> None:
    counts = {}
    for row in _rows(path):
        name = row.get("name") or row.get("package")
        if name:
            counts[pkgindex.normalize(name)] = int(row.get("downloads") or 0)
    for row in rows:
        row["downloads"] = counts.get(pkgindex.normalize(row["name"]), row["downloads"])


def merge(rows: list[dict]) -> list[dict]:
    merged: dict[str, dict] = {}
    for row in rows:
        key = pkgindex.normalize(row["name"])
        if key in merged:
            base = merged[key]
            for k, v in row.items():
                if v not in (None, "", [], False) and base.get(k) in (None, "", [], False):
                    base[k] = v
        else:
            merged[key] = dict(row)
    return sorted(merged.values(), key=lambda r: pkgindex.normalize(r["name"]))
