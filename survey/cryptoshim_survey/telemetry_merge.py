"""Stage 6: merge cryptoshim telemetry files into one runtime-evidence document.

Static scans say where an API *could* be called; telemetry from processes
running on the shim says it *was* called. Files of format
{"format": "cryptoshim-telemetry", "version": 1, "processes": N,
 "apis": {id: {"calls": n, "sites": {"file:line": n}, "calls_at_dropped_sites": n}}}
are summed field by field; invalid files are reported, not fatal.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

FORMAT = "cryptoshim-telemetry"


def validate(doc) -> str | None:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return "not a cryptoshim-telemetry document"
    if doc.get("version") != 1:
        return f"unsupported version {doc.get('version')!r}"
    if not isinstance(doc.get("apis"), dict):
        return "missing 'apis' object"
    return None


def merge(docs: list[dict]) -> dict:
    merged: dict[str, Any] = {"format": FORMAT, "version": 1, "processes": 0, "apis": {}}
    for doc in docs:
        merged["processes"] += int(doc.get("processes", 0))
        for api_id, entry in doc["apis"].items():
            target = merged["apis"].setdefault(
                api_id, {"calls": 0, "sites": {}, "calls_at_dropped_sites": 0}
            )
            target["calls"] += int(entry.get("calls", 0))
            target["calls_at_dropped_sites"] += int(entry.get("calls_at_dropped_sites", 0))
            for site, n in entry.get("sites", {}).items():
                target["sites"][site] = target["sites"].get(site, 0) + int(n)
    return merged


def merge_files(paths: list[pathlib.Path]) -> tuple[dict, list[dict]]:
    docs, problems = [], []
    for path in paths:
        try:
            doc = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            problems.append({"file": str(path), "error": str(exc)})
            continue
        error = validate(doc)
        if error:
            problems.append({"file": str(path), "error": error})
        else:
            docs.append(doc)
    merged = merge(docs)
    merged["files"] = [str(p) for p in paths]
    return merged, problems
