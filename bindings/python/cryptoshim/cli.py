"""``python -m cryptoshim``: telemetry reports, the survey, the drop-in pins
(``constraints``), the install check (``doctor``) and the code migration
(``migrate``)."""

from __future__ import annotations

import argparse
import json
import sys


def _telemetry_report(args: argparse.Namespace) -> int:
    from cryptoshim import telemetry

    document = telemetry.merge(telemetry.load(p) for p in args.files)
    if args.json:
        json.dump({"rows": telemetry.report_rows(document)}, sys.stdout, indent=1)
        print()
    else:
        print(telemetry.format_report(document, top_sites=args.sites))
    return 0


def _telemetry_merge(args: argparse.Namespace) -> int:
    from cryptoshim import telemetry

    document = telemetry.merge(telemetry.load(p) for p in args.files)
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1, sort_keys=True)
    return 0


def _constraints(args: argparse.Namespace) -> int:
    from cryptoshim import __version__, distributions

    sys.stdout.write(distributions.constraints(__version__))
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from cryptoshim import doctor

    findings = doctor.examine_all()
    if args.json:
        json.dump([f.as_dict() for f in findings], sys.stdout, indent=1)
        print()
    else:
        print(doctor.format_findings(findings))
    return 1 if any(f.problems for f in findings) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cryptoshim")
    sub = parser.add_subparsers(dest="command", required=True)
    tele = sub.add_parser("telemetry", help="legacy API usage counts")
    tsub = tele.add_subparsers(dest="action", required=True)
    report = tsub.add_parser("report", help="merge telemetry files and print a migration table")
    report.add_argument("files", nargs="+")
    report.add_argument("--json", action="store_true", help="print the rows as JSON")
    report.add_argument(
        "--sites",
        type=int,
        default=0,
        metavar="N",
        help="also list the N busiest call sites per API",
    )
    report.set_defaults(func=_telemetry_report)
    merge = tsub.add_parser("merge", help="merge telemetry files into one")
    merge.add_argument("files", nargs="+")
    merge.add_argument("-o", "--output", required=True)
    merge.set_defaults(func=_telemetry_merge)
    sub.add_parser("survey", help="dependency survey (python -m cryptoshim survey --help)")
    pins = sub.add_parser(
        "constraints",
        help="print pip constraints that make an application's "
        "resolver pick the drop-in pyOpenSSL and M2Crypto",
    )
    pins.set_defaults(func=_constraints)
    doc = sub.add_parser(
        "doctor",
        help="which distribution owns OpenSSL/ and M2Crypto/, whether "
        "two are mixed, and how to repair (exit 1 on problems)",
    )
    doc.add_argument("--json", action="store_true", help="print the findings as JSON")
    doc.set_defaults(func=_doctor)
    # Imports only argparse: LibCST is needed (and checked) when it runs.
    from cryptoshim.migrate.cli import add_parser as add_migrate

    add_migrate(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["survey"]:
        # The survey has its own argument parser; hand it everything after "survey".
        from cryptoshim_survey.cli import main as survey_main

        return survey_main(argv[1:])
    args = build_parser().parse_args(argv)
    return args.func(args)
