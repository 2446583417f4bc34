"""Legacy call sites under a directory, found by the survey's scanner.

The scanner reads sdist-shaped archives, so the tree is packed into one
(local_source.build_archive, deterministic) and scanned exactly as a PyPI
dependent would be: the same import resolution, receiver types and
confidence. Paths in the result are relative to the scanned root.
"""

from __future__ import annotations

import pathlib
import tempfile
from dataclasses import dataclass, field

from cryptoshim_survey import catalog as survey_catalog
from cryptoshim_survey import local_source, match, scan


@dataclass
class Site:
    path: str  # relative to the root it was found under
    line: int
    api: str  # catalog id
    symbol: str  # dotted legacy path the scanner resolved
    kind: str  # call | attribute | import | ...
    confidence: str  # high | medium | low | ambiguous
    candidates: list = field(default_factory=list)


@dataclass
class ScanResult:
    root: pathlib.Path
    sites: list
    files: dict  # relative path -> the scanner's file record (parser, parse_errors, class)


def load_index(extra_catalogs=()):
    paths = survey_catalog.catalog_paths() + [pathlib.Path(p) for p in extra_catalogs]
    return survey_catalog.load_index(paths)


def scan_tree(root: pathlib.Path, index) -> ScanResult:
    root = pathlib.Path(root).resolve()
    with tempfile.TemporaryDirectory(prefix="cryptoshim-migrate-") as tmp:
        if root.is_file():
            src = pathlib.Path(tmp) / "src"
            src.mkdir()
            (src / root.name).write_bytes(root.read_bytes())
            base, archive_root = root.parent, src
        else:
            base, archive_root = root, root
        archive = local_source.build_archive(
            archive_root, "migrated", "0", "tar.gz", pathlib.Path(tmp) / "out"
        )
        result = scan.scan_package(str(archive), {"name": "migrated", "version": "0"}, index)
    matched = match.match_scan(index, result)["matched"]
    sites = [
        Site(
            path=m["path"],
            line=m["line"],
            api=m["api"],
            symbol=m["symbol"],
            kind=m["kind"],
            confidence=m["confidence"],
            candidates=m.get("candidates", []),
        )
        for m in matched
        if m["kind"] != "import" and m.get("file_class") != "vendored"
    ]
    files = {f["path"]: f for f in result["files"]}
    return ScanResult(root=base, sites=sites, files=files)
