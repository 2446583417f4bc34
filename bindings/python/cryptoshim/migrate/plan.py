"""The migration plan: every legacy call site under the given paths, decided.

The plan and ``--apply`` run the same code (rewrite.rewrite_source), so what
the plan calls rewritable is exactly what ``--apply`` rewrites. Telemetry
files (the drop-in's per-site call counts) are merged with the survey's own
merger and rank the rows: a site's count is matched by file suffix and line.
"""

from __future__ import annotations

import pathlib
from dataclasses import asdict, dataclass, field

from cryptoshim_survey import telemetry_merge

from . import require_libcst
from . import sites as sites_mod

FORMAT = "cryptoshim-migrate-plan"


@dataclass
class Row:
    path: str
    line: int
    api: str
    status: str  # rewritten | refused | manual
    reason: str
    replacement: str  # the catalog's replacement
    rule: str  # the rule's rewrite, when one exists
    exceptions: dict = field(default_factory=dict)  # legacy -> replacement exception
    kind: str = ""  # call | reference | attribute (the scanner's kind)
    safety: str = ""
    library: str = ""
    confidence: str = ""
    candidates: list = field(default_factory=list)
    calls: int = 0  # telemetry


@dataclass
class FilePlan:
    path: pathlib.Path  # on disk
    source: str
    new_source: str


@dataclass
class Plan:
    rows: list
    files: list  # FilePlan, only files with legacy sites
    telemetry_problems: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "format": FORMAT,
            "version": 1,
            "summary": summary(self.rows),
            "rows": [asdict(r) for r in self.rows],
            "telemetry_problems": self.telemetry_problems,
        }


def summary(rows: list) -> dict:
    # The migrated share counts call sites; constants and callbacks passed on
    # are listed but not counted (a constant goes when its call is rewritten).
    counted = [r for r in rows if r.kind == "call"]
    total = len(counted)
    done = sum(r.status == "rewritten" for r in counted)
    return {
        "sites": total,
        "rewritten": done,
        "refused": sum(r.status == "refused" for r in counted),
        "manual": sum(r.status == "manual" for r in counted),
        "references": sum(r.kind != "call" and r.status != "absorbed" for r in rows),
        "migrated_share": round(done / total, 4) if total else 0.0,
    }


def _display(root: pathlib.Path, rel: str) -> str:
    full = root / rel
    try:
        return str(full.relative_to(pathlib.Path.cwd()))
    except ValueError:
        return str(full)


def _calls(telemetry: dict, api: str, path: str, line: int) -> int:
    entry = telemetry.get("apis", {}).get(api)
    if not entry:
        return 0
    n = 0
    for site, count in entry.get("sites", {}).items():
        where, _, at = site.rpartition(":")
        if at == str(line) and (where.endswith("/" + path) or where == path):
            n += count
    return n


def build(paths, telemetry_files=(), extra_catalogs=()) -> Plan:
    require_libcst()
    from . import rewrite  # needs libcst
    from . import rules as R

    index = sites_mod.load_index(extra_catalogs)
    records = {r["id"]: r for r in index.records}
    telemetry, problems = telemetry_merge.merge_files([pathlib.Path(p) for p in telemetry_files])
    rows, files = [], []
    for path in paths:
        scanned = sites_mod.scan_tree(pathlib.Path(path), index)
        by_file: dict = {}
        for s in scanned.sites:
            by_file.setdefault(s.path, []).append(s)
        for rel, file_sites in sorted(by_file.items()):
            disk = scanned.root / rel
            source = disk.read_text(encoding="utf-8", errors="surrogateescape")
            result = rewrite.rewrite_source(source, file_sites)
            files.append(FilePlan(disk, source, result.new_source))
            rows += _rows(result.outcomes, records, R, scanned.root, rel, telemetry)
    rows.sort(key=lambda r: (-r.calls, r.path, r.line, r.api))
    return Plan(rows, files, problems)


def _rows(outcomes, records, R, root, rel, telemetry) -> list:
    """One row per call site: an ambiguous site's candidate rows fold into one."""
    out: list[Row] = []
    seen: dict[tuple, Row] = {}
    for o in outcomes:
        s = o.site
        key = (s.line, tuple(s.candidates)) if s.candidates else None
        api = o.rule or s.api
        if key is not None and key in seen:
            prev = seen[key]
            if o.status == "rewritten" or (prev.status == "manual" and o.status == "refused"):
                prev.status, prev.reason, prev.api = o.status, o.reason, api
            continue
        record = records.get(api, {})
        rule = R.RULES.get(api)
        row = Row(
            path=_display(root, rel),
            line=s.line,
            api=api,
            status=o.status,
            reason=o.reason,
            replacement=record.get("replacement", ""),
            rule=rule.summary if rule else "",
            exceptions=dict(rule.exceptions) if rule else {},
            kind=s.kind,
            safety=record.get("safety", ""),
            library=record.get("library", ""),
            confidence=s.confidence,
            candidates=list(s.candidates),
            calls=_calls(telemetry, api, rel, s.line),
        )
        if key is not None:
            seen[key] = row
        out.append(row)
    return out
