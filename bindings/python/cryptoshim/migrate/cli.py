"""``python -m cryptoshim migrate PATH...``: plan (default), --diff, --apply."""

from __future__ import annotations

import argparse
import difflib
import sys

from . import MissingDependency

DEFAULT_REPORT = "survey/reports/report.json"


def add_parser(sub) -> None:
    p = sub.add_parser(
        "migrate",
        help="plan or rewrite legacy pyOpenSSL/M2Crypto call sites into cryptography "
        "(needs the [migrate] extra: LibCST)",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--coverage",
        nargs="?",
        const=str(DEFAULT_REPORT),
        metavar="REPORT",
        help="instead of a plan: which of a survey report's 40 most used APIs per library "
        "have a rule, are manual (with the reason), or are missing (default: "
        f"{DEFAULT_REPORT}; --format json for JSON)",
    )
    mode.add_argument("--diff", action="store_true", help="print a unified diff of the rewrites")
    mode.add_argument("--apply", action="store_true", help="rewrite the files in place")
    p.add_argument(
        "--format",
        choices=("text", "json", "markdown", "html"),
        default="text",
        help="plan output format (default: a Markdown table on stdout)",
    )
    p.add_argument("-o", "--output", help="write the plan here instead of stdout")
    p.add_argument(
        "--telemetry",
        nargs="*",
        default=[],
        metavar="FILE",
        help="cryptoshim telemetry files: their call counts rank the plan",
    )
    p.add_argument("--top", type=int, default=40, help="--coverage: APIs per library (40)")
    p.add_argument("--catalog", action="append", default=[], help="extra catalog TOML files")
    p.set_defaults(func=run)


def _diff(files) -> str:
    out: list[str] = []
    for f in files:
        if f.new_source != f.source:
            out += difflib.unified_diff(
                f.source.splitlines(keepends=True),
                f.new_source.splitlines(keepends=True),
                fromfile=f"a/{f.path}",
                tofile=f"b/{f.path}",
            )
    return "".join(out)


def _coverage(args: argparse.Namespace) -> int:
    import pathlib

    from . import require_libcst

    try:
        require_libcst()  # the rules are LibCST code
    except MissingDependency as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from . import coverage

    path = pathlib.Path(args.coverage)
    if not path.is_file():
        print(
            f"error: no survey report at {path}: pass one (--coverage REPORT.json; "
            "the source tree ships survey/reports/report.json)",
            file=sys.stderr,
        )
        return 2
    result = coverage.measure(coverage.load(path), args.top)
    render = coverage.to_json if args.format == "json" else coverage.to_text
    text = render(result, str(path)) + "\n"
    if args.output:
        pathlib.Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def run(args: argparse.Namespace) -> int:
    if args.coverage:
        return _coverage(args)
    if not args.paths:
        print("error: migrate needs PATH... (or --coverage)", file=sys.stderr)
        return 2
    try:
        from . import plan as plan_mod
        from . import report

        plan = plan_mod.build(args.paths, args.telemetry, args.catalog)
    except MissingDependency as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.diff:
        sys.stdout.write(_diff(plan.files))
        return 0
    if args.apply:
        changed = 0
        for f in plan.files:
            if f.new_source != f.source:
                f.path.write_text(f.new_source, encoding="utf-8", errors="surrogateescape")
                changed += 1
        s = plan_mod.summary(plan.rows)
        print(
            f"rewrote {s['rewritten']} of {s['sites']} legacy call sites in {changed} files "
            f"({100 * s['migrated_share']:.1f}%); {s['refused']} refused, "
            f"{s['manual']} without a rule",
            file=sys.stderr,
        )
    render = {
        "json": report.to_json,
        "html": report.to_html,
        "markdown": report.to_markdown,
        "text": report.to_markdown,
    }[args.format]
    text = render(plan)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    elif not args.apply:
        sys.stdout.write(text)
    return 0
