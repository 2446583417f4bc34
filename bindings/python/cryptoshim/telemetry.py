"""Deprecation telemetry: how often each legacy entry point is called, and from
where. Counting happens in C++ (cheap atomics); this module snapshots, exports
and merges the counts. Nothing here touches the network.

Set ``CRYPTOSHIM_TELEMETRY=/path/counts.json`` to have each process merge its
counts into that file at exit (under a file lock, so concurrent processes do
not lose data). ``CRYPTOSHIM_TELEMETRY=off`` disables counting.
"""

from __future__ import annotations

import atexit
import contextlib
import os
from typing import Iterable

from cryptoshim import _core, catalog, dropin

FORMAT = "cryptoshim-telemetry"
FORMAT_VERSION = 1
ENV_VAR = "CRYPTOSHIM_TELEMETRY"
MAX_SITES_ENV = "CRYPTOSHIM_TELEMETRY_MAX_SITES"


def snapshot() -> dict:
    """This process's counts as a telemetry document."""
    apis = {}
    for entry in _core.telemetry_snapshot():
        apis[entry["id"]] = {
            "calls": entry["calls"],
            "sites": dict(entry["sites"]),
            "calls_at_dropped_sites": entry["calls_at_dropped_sites"],
        }
    # Which implementation of OpenSSL / M2Crypto ran (e.g. "pyOpenSSL
    # 26.4.0+cryptoshim.1"), counted in processes so merged files add up.
    ran = {package: {label: 1} for package, label in dropin.implementations().items()}
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "processes": 1,
        "apis": apis,
        "implementations": ran,
    }


def reset() -> None:
    _core.telemetry_reset()


def enabled() -> bool:
    return _core.telemetry_enabled()


def set_enabled(on: bool) -> None:
    _core.set_telemetry_enabled(on)


def empty_document() -> dict:
    return {"format": FORMAT, "version": FORMAT_VERSION, "processes": 0, "apis": {}}


def merge(documents: Iterable[dict]) -> dict:
    """Sum calls and per-site calls over documents."""
    out = empty_document()
    for doc in documents:
        if doc.get("format") != FORMAT:
            raise ValueError("not a cryptoshim telemetry document")
        out["processes"] += doc.get("processes", 0)
        for package, labels in doc.get("implementations", {}).items():
            target = out.setdefault("implementations", {}).setdefault(package, {})
            for label, n in labels.items():
                target[label] = target.get(label, 0) + n
        for api_id, counts in doc.get("apis", {}).items():
            target = out["apis"].setdefault(
                api_id, {"calls": 0, "sites": {}, "calls_at_dropped_sites": 0}
            )
            target["calls"] += counts.get("calls", 0)
            target["calls_at_dropped_sites"] += counts.get("calls_at_dropped_sites", 0)
            for site, n in counts.get("sites", {}).items():
                target["sites"][site] = target["sites"].get(site, 0) + n
    return out


def load(path: str) -> dict:
    import json  # not at the top: json is for reports, not for importing a drop-in

    with open(path, encoding="utf-8") as f:
        return json.load(f)


@contextlib.contextmanager
def _locked(path: str):
    import fcntl

    with open(path + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def export(path: str) -> dict:
    """Merge this process's counts into the JSON file at ``path``."""
    import json  # not at the top (see load)
    import tempfile

    mine = snapshot()
    with _locked(path):
        docs = [mine]
        if os.path.exists(path) and os.path.getsize(path) > 0:
            docs.insert(0, load(path))
        merged = merge(docs)
        directory = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".telemetry-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(merged, f, indent=1, sort_keys=True)
        os.replace(tmp, path)
    return merged


def report_rows(document: dict) -> list[dict]:
    """Migration table rows, most-called first."""
    records = catalog.by_id()
    rows = []
    for api_id, counts in document.get("apis", {}).items():
        rec = records.get(api_id, {})
        rows.append(
            {
                "id": api_id,
                "api": catalog.qualified_name(rec) if rec else api_id,
                "calls": counts["calls"],
                "call_sites": len(counts.get("sites", {})),
                "safety": rec.get("safety", "unknown"),
                "replacement": rec.get("replacement", "(not in this build's catalog)"),
                "sites": counts.get("sites", {}),
            }
        )
    rows.sort(key=lambda r: (-r["calls"], r["api"]))
    return rows


def format_report(document: dict, top_sites: int = 0) -> str:
    rows = report_rows(document)
    header = ("API", "calls", "call sites", "safety", "replacement")
    table = [header] + [
        (r["api"], str(r["calls"]), str(r["call_sites"]), r["safety"], r["replacement"])
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    lines = []
    for n, row in enumerate(table):
        cells = [
            row[i].ljust(widths[i])
            if i == 0
            else row[i].rjust(widths[i])
            if i in (1, 2)
            else row[i].ljust(widths[i])
            for i in range(4)
        ]
        lines.append("  ".join([*cells, row[4]]).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 11)
        elif top_sites:
            sites = sorted(rows[n - 1]["sites"].items(), key=lambda kv: -kv[1])[:top_sites]
            lines.extend(f"    {site} ({calls})" for site, calls in sites)
    for package, labels in sorted(document.get("implementations", {}).items()):
        for label, n in sorted(labels.items()):
            lines.append(f"{package} ran on {label} in {n} process(es)")
    total = sum(r["calls"] for r in rows)
    lines.append(
        f"{len(rows)} legacy APIs, {total} calls, {document.get('processes', 0)} process(es)"
    )
    return "\n".join(lines)


def _export_at_exit(path: str) -> None:
    try:
        export(path)
    except Exception as exc:  # never turn exit into a crash
        import sys

        print(f"cryptoshim: could not write telemetry to {path}: {exc}", file=sys.stderr)


def _configure_from_env() -> None:
    value = os.environ.get(ENV_VAR, "").strip()
    if os.environ.get(MAX_SITES_ENV):
        _core.set_max_sites(int(os.environ[MAX_SITES_ENV]))
    if value.lower() in ("off", "0", "false", "no"):
        set_enabled(False)
    elif value:
        atexit.register(_export_at_exit, value)


_configure_from_env()
