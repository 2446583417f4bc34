"""Render the report as Markdown: a summary table plus #1249-style checklists.

Markdown is what gets pasted into an issue; the per-dependent checklist
mirrors the hand-made survey in pyca/pyopenssl#1249 so maintainers can tick
items off as dependents migrate.
"""

from __future__ import annotations


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def timing(stats) -> str:
    if not stats:
        return "Scan timing: not recorded (scans were cached)."
    return (
        f"Scan: {stats['packages']} packages, {stats['source_mb']} MB of Python source in "
        f"{stats['seconds']} s ({stats.get('mb_per_s')} MB/s, {stats.get('packages_per_s')} packages/s; "
        f"{stats.get('scheduler')}, {stats.get('workers')} workers)."
    )


def render(report: dict, top: int = 50) -> str:
    s = report["summary"]
    out = [
        f"# Legacy API dependency survey ({', '.join(report['catalog']['libraries'])})",
        "",
        f"Generated {report['generated']}: {s['dependents']} dependents, {s['scanned']} scanned, "
        f"{s['apis_used']} of {report['catalog']['apis']} catalog APIs used, "
        f"{s['matched_findings']} matched and {s['unmatched_findings']} unmatched findings, "
        f"{s['failures']} failures.",
        "",
        timing(report.get("scan_stats")),
        "",
        "## APIs by weighted score",
        "",
        "| API | deprecated | dependents (lib/test/example/vendored) | call sites | optional | score | runtime calls | example |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for a in [a for a in report["apis"] if a["dependents"] or a["runtime"]][:top]:
        c = a["dependents_by_class"]
        runtime = a["runtime"]["calls"] if a["runtime"] else ""
        out.append(
            f"| `{a['public']}` | {a['deprecated'] or '-'} | {a['dependents']} "
            f"({c['library']}/{c['test']}/{c['example']}/{c['vendored']}) | {a['call_sites']} | "
            f"{a['optional_share']:.0%} | {a['weighted_score']} | {runtime} | "
            f"{_cell(a['examples'][0]) if a['examples'] else ''} |"
        )
    out += ["", "## Usage by module", ""]
    out += [f"- `{m}`: {n} call sites" for m, n in report["usage_by_module"].items()]
    out += ["", "## Modules imported (by dependents)", ""]
    out += [f"- `{m['module']}`: {m['dependents']}" for m in report.get("modules", [])] or [
        "(none)"
    ]
    out += ["", f"## Catalog APIs nothing uses ({len(report['unused_apis'])})", ""]
    out += [", ".join(f"`{i}`" for i in report["unused_apis"]) or "(none)"]
    used = [c for c in report["deprecation_candidates"] if c["reason"] != "unused"]
    out += [
        "",
        "## Deprecation candidates that have users (no library-code use, no runtime calls)",
        "",
    ]
    out += [f"- `{c['id']}`: {c['reason']} ({c['dependents']} dependents)" for c in used] or [
        "(none)"
    ]
    out += ["", "## Unmatched findings (review: catalog gap or false positive)", ""]
    for u in report["unmatched"]:
        flags = " private" * u["private"] + " same-name-fallback" * u["fallback_only"]
        out.append(
            f"- `{u['symbol']}` ({u['sites']} sites{flags}): {_cell('; '.join(u['examples']))}"
        )
    if report["private_api_use"]:
        out += ["", "## Private API use", ""]
        out += [f"- `{p['symbol']}` at {p['site']}" for p in report["private_api_use"]]
    out += ["", "## Per-dependent checklists", ""]
    for dep in report["dependents"]:
        note = " (optional dependency)" if dep["dependency_optional"] else ""
        out += [f"### {dep['package']} {dep['version']}{note}", ""]
        for api in dep["apis"]:
            dep_note = f", deprecated {api['deprecated']}" if api["deprecated"] else ""
            tags = "".join(f" [{t}]" for t in api.get("tags", ()))
            out.append(
                f"- [ ] `{api['public']}`{tags}{dep_note} -> {_cell(api['replacement'])} "
                f"({', '.join(api['sites'][:5])})"
            )
        for mod in dep.get("modules", ()):
            tags = "".join(f" [{t}]" for t in mod["tags"])
            out.append(f"- module `{mod['module']}`{tags} ({', '.join(mod['sites'][:5])})")
        for guess in dep.get("ambiguous", ()):
            out.append(
                f"- ambiguous, not counted: `{guess['public']}` ({', '.join(guess['sites'][:3])})"
            )
        out.append("")
    if report["failures"]:
        out += ["## Failures", ""] + [
            f"- {f['stage']} {f['package']}: {_cell(f['error'])}" for f in report["failures"]
        ]
    out += ["", "## Corpus", ""]
    out += [
        f"- {c['package']} {c['version']}: `{c['archive']}` sha256 {c['archive_sha256'][:16]}..., "
        f"{len(c['files'])} files, scanned {c['scanned_at']}"
        for c in report["corpus"]
    ]
    return "\n".join(out) + "\n"
