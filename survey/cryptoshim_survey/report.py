"""Stage 5: one JSON report (schema: report_schema.json) from all cached stages.

Scores: weighted_score sums, over dependents using an API, downloads (1 when
unknown) x file-class weight (best class the package uses it in) x confidence
weight (best; a package known only through "ambiguous" rows scores 0) x 0.5 when
every use is optional (guarded import or extras-only dependency). It ranks APIs
by how many real installs break if they go; raw counts stay next to it so the
weighting can be second-guessed.

Names: every API row and checklist item carries `public` (what users write,
`OpenSSL.crypto.FILETYPE_PEM`) and `defined_in` (where the library defines it).
"Used" counts (`dependents`, `apis_used`, checklist items) leave out a
package whose only evidence is an ambiguous inferred call (`x.as_pem()` on an
object that could be X509, Request or CRL); those are counted apart, in
`ambiguous_dependents` and each checklist's `ambiguous` list, so a guess
never makes an API look needed. Uses through a bundled copy of the library
are counted and tagged `vendored-copy`. Module imports (`from M2Crypto import
SMIME`, `from OpenSSL.SSL import *` as `OpenSSL.SSL.*`) are listed per module
in `modules` and per dependent.
"""

from __future__ import annotations

import datetime as _dt
import json
import pathlib
from collections import defaultdict

from .catalog import public_name

FORMAT = "cryptoshim-survey-report"
CLASS_WEIGHT = {"library": 1.0, "vendored": 0.5, "example": 0.2, "test": 0.1}
CONFIDENCE_WEIGHT = {"high": 1.0, "medium": 0.8, "low": 0.5, "ambiguous": 0.25}
CLASSES = ("library", "test", "example", "vendored")
MAX_EXAMPLES = 5
SCHEMA_PATH = pathlib.Path(__file__).with_name("report_schema.json")


def _site(f) -> str:
    return f"{f['package']} {f['version']}: {f['path']}:{f['line']}"


def _api_rows(records, matched, deps, telemetry):
    by_api = defaultdict(list)
    for f in matched:
        by_api[f["api"]].append(f)
    rows = []
    for rec in records:
        every = by_api.get(rec["id"], [])
        certain = {f["package"] for f in every if f["confidence"] != "ambiguous"}
        uses = [f for f in every if f["package"] in certain]
        ambiguous_only = {f["package"] for f in every} - certain
        packages = defaultdict(list)
        for f in uses:
            packages[f["package"]].append(f)
        by_class = {c: len({f["package"] for f in uses if f["file_class"] == c}) for c in CLASSES}
        sites = sorted(
            {(f["package"], f["path"], f["line"]) for f in uses if f["kind"] != "import"}
        )
        optional = [f for f in uses if f["optional"] or deps.get(f["package"], {}).get("optional")]
        score = 0.0
        for pkg, fs in packages.items():
            downloads = deps.get(pkg, {}).get("downloads") or 1
            all_optional = all(f["optional"] or deps.get(pkg, {}).get("optional") for f in fs)
            score += (
                downloads
                * max(CLASS_WEIGHT[f["file_class"]] for f in fs)
                * max(CONFIDENCE_WEIGHT[f["confidence"]] for f in fs)
                * (0.5 if all_optional else 1.0)
            )
        runtime = telemetry["apis"].get(rec["id"]) if telemetry else None
        rows.append(
            {
                "id": rec["id"],
                "public": public_name(rec),
                "defined_in": f"{rec['module']}.{rec['name']}",
                "library": rec["library"],
                "module": rec["module"],
                "name": rec["name"],
                "kind": rec["kind"],
                "deprecated": rec.get("deprecated", ""),
                "removed": rec.get("removed", ""),
                "safety": rec["safety"],
                "shim": rec.get("shim", "provided"),
                "replacement": rec["replacement"],
                "dependents": len(packages),
                "ambiguous_dependents": len(ambiguous_only),
                "vendored_copy_dependents": len(
                    {f["package"] for f in uses if f.get("vendored_copy")}
                ),
                "dependents_by_class": by_class,
                "call_sites": len(sites),
                "import_sites": len(
                    {(f["package"], f["path"], f["line"]) for f in uses if f["kind"] == "import"}
                ),
                "optional_share": round(len(optional) / len(uses), 3) if uses else 0.0,
                "confidence": {
                    c: sum(1 for f in every if f["confidence"] == c) for c in CONFIDENCE_WEIGHT
                },
                "weighted_score": round(score, 3),
                "examples": [
                    _site(f)
                    for f in sorted(
                        uses,
                        key=lambda f: (f["kind"] == "import", f["package"], f["path"], f["line"]),
                    )
                ][:MAX_EXAMPLES],
                "runtime": None
                if runtime is None
                else {
                    "calls": runtime["calls"],
                    "sites": len(runtime["sites"]),
                    "calls_at_dropped_sites": runtime["calls_at_dropped_sites"],
                },
            }
        )
    rows.sort(key=lambda r: (-r["weighted_score"], -r["dependents"], r["id"]))
    return rows


def _deprecation_candidates(apis) -> list[dict]:
    """APIs whose removal breaks no library code of any dependent, strongest first."""
    out = []
    for a in apis:
        runtime_calls = a["runtime"]["calls"] if a["runtime"] else 0
        if runtime_calls:
            continue
        if not a["dependents"] and a["ambiguous_dependents"]:
            reason = "used only through ambiguous inferred calls"
        elif not a["dependents"]:
            reason = "unused"
        elif not a["dependents_by_class"]["library"]:
            reason = "used only in tests, examples or vendored code"
        elif a["optional_share"] == 1.0:
            reason = "used only behind optional imports or extras"
        else:
            continue
        out.append(
            {
                "id": a["id"],
                "reason": reason,
                "deprecated": a["deprecated"],
                "dependents": a["dependents"],
            }
        )
    order = {"unused": 0, "used only in tests, examples or vendored code": 1}
    return sorted(out, key=lambda c: (order.get(c["reason"], 2), c["id"]))


def _unmatched(unmatched):
    grouped = defaultdict(list)
    for f in unmatched:
        grouped[f["symbol"]].append(f)
    return [
        {
            "symbol": s,
            "public": fs[0].get("public", s),
            "sites": len(fs),
            "packages": sorted({f["package"] for f in fs}),
            "private": fs[0]["private"],
            "fallback_only": all(f.get("fallback") for f in fs),
            "examples": [_site(f) for f in fs[:MAX_EXAMPLES]],
        }
        for s, fs in sorted(grouped.items())
    ]


def _modules(module_rows) -> list[dict]:
    by_module = defaultdict(set)
    for f in module_rows:
        by_module[f["module"]].add(f["package"])
    return [
        {"module": m, "dependents": len(p), "packages": sorted(p)}
        for m, p in sorted(by_module.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]


def _checklists(matched, records_by_id, deps, module_rows=()):
    per_pkg: defaultdict[tuple, defaultdict[tuple, list]] = defaultdict(lambda: defaultdict(list))
    for f in matched:
        # A field use (`name.CN`) is its own item, under the class's id.
        per_pkg[(f["package"], f["version"])][(f["api"], f.get("public", ""))].append(f)
    mods: dict = defaultdict(lambda: defaultdict(list))
    for f in module_rows:
        mods[(f["package"], f["version"])][f["module"]].append(f)
    out = []
    for key in sorted(per_pkg.keys() | mods.keys()):
        pkg, version = key
        items, guesses = [], []
        for (api_id, public), fs in sorted(per_pkg.get(key, {}).items()):
            rec = records_by_id[api_id]
            guessed = [f"{f['path']}:{f['line']}" for f in fs if f["confidence"] == "ambiguous"]
            if guessed:
                guesses.append(
                    {"id": api_id, "public": public or public_name(rec), "sites": guessed}
                )
            fs = [f for f in fs if f["confidence"] != "ambiguous"]
            if not fs:
                continue
            items.append(
                {
                    "id": api_id,
                    "public": public or public_name(rec),
                    "defined_in": f"{rec['module']}.{rec['name']}",
                    "tags": ["vendored-copy"] if any(f.get("vendored_copy") for f in fs) else [],
                    "symbol": f"{rec['module']}.{rec['name']}",
                    "sites": [f"{f['path']}:{f['line']}" for f in fs if f["kind"] != "import"]
                    or [f"{f['path']}:{f['line']}" for f in fs],
                    "deprecated": rec.get("deprecated", ""),
                    "removed": rec.get("removed", ""),
                    "replacement": rec["replacement"],
                    "optional": all(f["optional"] for f in fs),
                }
            )
        out.append(
            {
                "package": pkg,
                "version": version,
                "dependency_optional": bool(deps.get(pkg, {}).get("optional")),
                "downloads": deps.get(pkg, {}).get("downloads"),
                "apis": items,
                "ambiguous": guesses,
                "modules": [
                    {
                        "module": m,
                        "sites": sorted({f"{f['path']}:{f['line']}" for f in fs}),
                        "tags": ["vendored-copy"]
                        if any(f.get("vendored_copy") for f in fs)
                        else [],
                    }
                    for m, fs in sorted(mods.get(key, {}).items())
                ],
            }
        )
    return out


def build_report(
    records,
    dependents,
    downloads,
    scans,
    matches,
    telemetry=None,
    telemetry_problems=(),
    scan_failures=(),
    scan_stats=None,
) -> dict:
    deps = {d["name"]: d for d in dependents}
    matched = [f for m in matches for f in m["matched"]]
    unmatched = [f for m in matches for f in m["unmatched"]]
    module_rows = [f for m in matches for f in m.get("modules", ())]
    apis = _api_rows(records, matched, deps, telemetry)
    usage_by_module: defaultdict[str, int] = defaultdict(int)
    for row in apis:
        usage_by_module[row["module"]] += row["call_sites"]
    known = {r["id"] for r in records}
    corpus = [
        {
            "package": s["package"],
            "version": s["package_version"],
            "archive": s["archive"],
            "archive_sha256": s["archive_sha256"],
            "scanned_at": s["scanned_at"],
            "parser_backend": s["parser_backend"],
            "source": next((d.get("url", "") for d in downloads if d["name"] == s["package"]), ""),
            "upload_time": next(
                (d.get("upload_time", "") for d in downloads if d["name"] == s["package"]), ""
            ),
            "excluded": s["excluded"],
            "files": [
                {k: f[k] for k in ("path", "sha256", "class", "parser", "parse_errors")}
                for f in s["files"]
            ],
        }
        for s in scans
    ]
    failures = [
        {"stage": "download", "package": d["name"], "error": d["error"]}
        for d in downloads
        if d["status"] == "failed"
    ]
    failures += [
        {"stage": "scan", "package": f["package"], "error": f["error"]} for f in scan_failures
    ]
    failures += [
        {"stage": "telemetry", "package": p["file"], "error": p["error"]}
        for p in telemetry_problems
    ]
    return {
        "format": FORMAT,
        "version": 1,
        "generated": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "catalog": {"libraries": sorted({r["library"] for r in records}), "apis": len(records)},
        "summary": {
            "dependents": len(dependents),
            "scanned": len(scans),
            "apis_used": sum(1 for a in apis if a["dependents"]),
            "matched_findings": len(matched),
            "unmatched_findings": len(unmatched),
            "module_imports": len(module_rows),
            "failures": len(failures),
        },
        "apis": apis,
        "unused_apis": sorted(a["id"] for a in apis if not a["dependents"]),
        "unused_apis_without_runtime_calls": sorted(
            a["id"]
            for a in apis
            if not a["dependents"] and not (a["runtime"] and a["runtime"]["calls"])
        ),
        "deprecation_candidates": _deprecation_candidates(apis),
        "usage_by_module": dict(sorted((k, v) for k, v in usage_by_module.items())),
        "modules": _modules(module_rows),
        "unmatched": _unmatched(unmatched),
        "private_api_use": [
            {"symbol": f["symbol"], "site": _site(f)} for f in matched + unmatched if f["private"]
        ],
        "dependents": _checklists(matched, {r["id"]: r for r in records}, deps, module_rows),
        "dependency_list": dependents,
        "corpus": corpus,
        "telemetry": None
        if telemetry is None
        else {
            "processes": telemetry["processes"],
            "files": telemetry.get("files", []),
            "unknown_ids": sorted(set(telemetry["apis"]) - known),
        },
        "failures": failures,
        "scan_stats": scan_stats,
    }


def validate(report: dict) -> list[str]:
    """Schema errors (empty when valid); needs jsonschema, else only checks the header."""
    schema = json.loads(SCHEMA_PATH.read_text())
    try:
        import jsonschema
    except ImportError:
        return [] if report.get("format") == FORMAT else ["bad format"]
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(report)]
