"""Render the report as one self-contained, offline HTML page.

No CDN, no external file: the sortable table is a few lines of inline JS and
the charts are inline SVG drawn here, so the page can be attached to an issue
or opened from an air-gapped mirror and still work.
"""

from __future__ import annotations

import html as _html
import json

from . import markdown

SORT_JS = """
document.querySelectorAll('table.sortable th').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var table = th.closest('table'), body = table.tBodies[0];
    var asc = th.dataset.dir !== 'asc'; th.dataset.dir = asc ? 'asc' : 'desc';
    var rows = Array.from(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].dataset.v || a.cells[col].textContent;
      var y = b.cells[col].dataset.v || b.cells[col].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var r = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return asc ? r : -r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
"""
CSS = """
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ccc;padding:3px 6px}
th{background:#eee;cursor:pointer;position:sticky;top:0}td{white-space:nowrap}tr:nth-child(even){background:#fafafa}
.dep{color:#a40}.chart text{font-size:11px}
.scroll{overflow-x:auto;max-width:100%;border:1px solid #ddd}td.site{white-space:normal;min-width:22em;font-size:12px}
.legend span{display:inline-block;width:12px;height:10px;margin:0 4px 0 12px}
"""


def _e(text) -> str:
    return _html.escape(str(text))


def bar_chart(title: str, items: list, width: int = 720, note: str = "") -> str:
    """Horizontal bars, one per (label, value[, color]); an empty chart says so."""
    if not items:
        return f"<h3>{_e(title)}</h3><p>(no data)</p>"
    bar_h, label_w = 18, 300
    top = max(item[1] for item in items) or 1
    height = bar_h * len(items) + 10
    rows = []
    for i, (label, value, *color) in enumerate(items):
        fill = color[0] if color else "#4a78b5"
        y = 5 + i * bar_h
        w = (width - label_w - 60) * value / top
        rows.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{_e(label)}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{bar_h - 5}" fill="{fill}">'
            f"<title>{_e(label)}: {value}</title></rect>"
            f'<text x="{label_w + w + 4:.1f}" y="{y + 13}">{value}</text>'
        )
    return (
        f'<h3>{_e(title)}</h3>{note}<svg class="chart" width="{width}" height="{height}" '
        f'role="img" aria-label="{_e(title)}">{"".join(rows)}</svg>'
    )


def _api_table(apis) -> str:
    head = [
        "API",
        "library",
        "kind",
        "deprecated",
        "removed",
        "safety",
        "shim",
        "dependents",
        "lib",
        "test",
        "example",
        "vendored",
        "call sites",
        "optional",
        "score",
        "runtime calls",
        "example site",
    ]
    rows = []
    for a in apis:
        c = a["dependents_by_class"]
        runtime = a["runtime"]["calls"] if a["runtime"] else ""
        cells = [
            a["public"],
            a["library"],
            a["kind"],
            a["deprecated"],
            a["removed"],
            a["safety"],
            a["shim"],
            a["dependents"],
            c["library"],
            c["test"],
            c["example"],
            c["vendored"],
            a["call_sites"],
            f"{a['optional_share']:.2f}",
            a["weighted_score"],
            runtime,
            a["examples"][0] if a["examples"] else "",
        ]
        cls = ' class="dep"' if a["deprecated"] else ""
        tds = [f"<td>{_e(v)}</td>" for v in cells[:-1]] + [f'<td class="site">{_e(cells[-1])}</td>']
        rows.append(f"<tr{cls}>" + "".join(tds) + "</tr>")
    return (
        '<div class="scroll"><table class="sortable"><thead><tr>'
        + "".join(f"<th>{h}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>"
    )


def _ambiguous_only(a) -> bool:
    c = a["confidence"]
    return bool(c.get("ambiguous")) and not any(v for k, v in c.items() if k != "ambiguous")


def render(report: dict) -> str:
    used = [a for a in report["apis"] if a["dependents"]]
    top = sorted(used, key=lambda a: (-a["dependents"], _ambiguous_only(a), a["id"]))[:40]
    legend = (
        '<p class="legend"><span style="background:#4a78b5"></span>direct or typed use'
        '<span style="background:#b9c9e0"></span>only ambiguous inferred calls (one of several candidate '
        f"classes) &middot; top {len(top)} of {len(used)} used APIs</p>"
    )
    per_api = bar_chart(
        "Dependents per API",
        [
            (
                f"{a['module']}.{a['name']}",
                a["dependents"],
                "#b9c9e0" if _ambiguous_only(a) else "#4a78b5",
            )
            for a in top
        ],
        note=legend,
    )
    modules = [(m, v) for m, v in report["usage_by_module"].items() if v]
    idle = len(report["usage_by_module"]) - len(modules)
    per_module = bar_chart(
        "Usage by module (call sites)",
        modules,
        note=f"<p>{idle} catalog modules with no call sites are not drawn.</p>" if idle else "",
    )
    s = report["summary"]
    unmatched = "".join(
        f"<li><code>{_e(u['symbol'])}</code> ({u['sites']}): {_e('; '.join(u['examples']))}</li>"
        for u in report["unmatched"]
    )
    candidates = (
        "".join(
            f"<li><code>{_e(c['id'])}</code>: {_e(c['reason'])}</li>"
            for c in report["deprecation_candidates"]
            if c["reason"] != "unused"
        )
        or "<li>(none)</li>"
    )
    checklists = "".join(
        f"<h3>{_e(d['package'])} {_e(d['version'])}</h3><ul>"
        + "".join(
            f"<li>&#9744; <code>{_e(a['public'])}</code>"
            f"{''.join(' [' + _e(t) + ']' for t in a.get('tags', ()))} &rarr; {_e(a['replacement'])} "
            f"({_e(', '.join(a['sites'][:5]))})</li>"
            for a in d["apis"]
        )
        + "</ul>"
        for d in report["dependents"]
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>cryptoshim dependency survey</title>
<style>{CSS}</style></head><body>
<h1>Legacy API dependency survey</h1>
<p>Generated {_e(report["generated"])}. {s["dependents"]} dependents, {s["scanned"]} scanned,
{s["apis_used"]} of {report["catalog"]["apis"]} catalog APIs used, {s["unmatched_findings"]} unmatched findings,
{s["failures"]} failures. Click a column header to sort.</p>
<p>{_e(markdown.timing(report.get("scan_stats")))}</p>
{per_api}{per_module}
<h2>APIs</h2>{_api_table(report["apis"])}
<h2>Catalog APIs nothing uses ({len(report["unused_apis"])})</h2><p>{_e(", ".join(report["unused_apis"]))}</p>
<h2>Deprecation candidates with users</h2><ul>{candidates}</ul>
<h2>Unmatched findings</h2><ul>{unmatched}</ul>
<h2>Per-dependent checklists</h2>{checklists}
<script type="application/json" id="report-data">{_e(json.dumps(report["summary"]))}</script>
<script>{SORT_JS}</script>
</body></html>
"""
