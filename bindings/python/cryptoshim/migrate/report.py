"""Render a migration plan as JSON, Markdown, or one offline HTML page.

The HTML reuses the survey report's stylesheet, sortable-table script and SVG
bar chart (cryptoshim_survey.html), so both reports look and behave alike and
neither needs a network.
"""

from __future__ import annotations

import json

from cryptoshim_survey import html as survey_html

_e = survey_html._e
STATUS_COLORS = {"rewritten": "#3c8d40", "refused": "#c0392b", "manual": "#b9c9e0"}


def to_json(plan) -> str:
    return json.dumps(plan.as_dict(), indent=1, sort_keys=True) + "\n"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _exceptions(row: dict) -> str:
    return ", ".join(f"{a} -> {b}" for a, b in row["exceptions"].items() if a != b)


def to_markdown(plan, title: str = "Migration plan") -> str:
    data = plan.as_dict()
    s = data["summary"]
    lines = [
        f"# {title}",
        "",
        f"{s['sites']} legacy call sites: {s['rewritten']} rewritten automatically "
        f"({100 * s['migrated_share']:.0f}%), {s['refused']} refused with a reason, "
        f"{s['manual']} without a rule; {s['references']} references to legacy classes, "
        "constants and exceptions are listed too (not call sites).",
        "",
        "| site | API | status | reason | replacement | exceptions | calls |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in data["rows"]:
        if r["status"] == "absorbed":
            continue
        lines.append(
            f"| {_cell(r['path'])}:{r['line']} | `{r['api']}` | {r['status']} | "
            f"{_cell(r['reason'])} | {_cell(r['rule'] or r['replacement'])} | "
            f"{_cell(_exceptions(r))} | {r['calls']} |"
        )
    return "\n".join(lines) + "\n"


def to_html(plan, title: str = "cryptoshim migration plan") -> str:
    data = plan.as_dict()
    s = data["summary"]
    per_api: dict = {}
    for r in data["rows"]:
        if r["kind"] == "call":
            per_api.setdefault((r["api"], r["status"]), 0)
            per_api[(r["api"], r["status"])] += 1
    chart = survey_html.bar_chart(
        "Call sites per API and outcome",
        [
            (f"{api} ({status})", n, STATUS_COLORS.get(status, "#4a78b5"))
            for (api, status), n in sorted(per_api.items(), key=lambda kv: (-kv[1], kv[0]))[:40]
        ],
    )
    body = "".join(
        f"<tr><td>{_e(r['path'])}:{r['line']}</td><td><code>{_e(r['api'])}</code></td>"
        f'<td style="color:{STATUS_COLORS.get(r["status"], "#222")}">{_e(r["status"])}</td>'
        f'<td class="site">{_e(r["reason"])}</td>'
        f'<td class="site">{_e(r["rule"] or r["replacement"])}</td>'
        f"<td>{_e(_exceptions(r))}</td><td>{_e(r['confidence'])}</td>"
        f'<td data-v="{r["calls"]}">{r["calls"]}</td></tr>'
        for r in data["rows"]
        if r["status"] != "absorbed"
    )
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "site",
            "API",
            "status",
            "reason",
            "rewrite / replacement",
            "exceptions",
            "receiver",
            "calls",
        )
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{_e(title)}</title>"
        f"<style>{survey_html.CSS}</style></head><body><h1>{_e(title)}</h1>"
        f"<p>{s['sites']} legacy call sites: <b>{s['rewritten']}</b> rewritten automatically "
        f"({100 * s['migrated_share']:.0f}%), {s['refused']} refused with a reason, "
        f"{s['manual']} without a rule.</p>{chart}"
        f'<div class="scroll"><table class="sortable"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div><script>{survey_html.SORT_JS}</script></body></html>\n"
    )
