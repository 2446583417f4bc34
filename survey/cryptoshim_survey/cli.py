"""Command line: one subcommand per stage, and `run` for the whole pipeline.

    python -m cryptoshim_survey run --corpus survey/default_corpus/corpus.toml --work .survey
    python -m cryptoshim_survey dependents --names names.txt --downloads downloads.csv
    python -m cryptoshim_survey download | scan [--workers N | --scheduler tcp://host:8786]
    python -m cryptoshim_survey match | report | telemetry FILE... | evaluate GOLDEN.json

Exit status is non-zero only for internal errors (1) or bad usage (2): failed
downloads or unparsable packages are findings of the survey, listed in the report.
`main(argv)` is the entry point the `cryptoshim survey` command delegates to.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import traceback

from . import catalog, evaluate, gaps, parse, pipeline
from .logs import Log

DEFAULT_CORPUS = pathlib.Path(__file__).resolve().parent.parent / "default_corpus" / "corpus.toml"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cryptoshim-survey", description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--work", default=".survey-work", help="cache/work directory (default: %(default)s)"
    )
    p.add_argument(
        "--catalog-dir", help="catalog directory (default: $CRYPTOSHIM_CATALOG_DIR or the repo's)"
    )
    p.add_argument(
        "--catalog", action="append", default=[], help="extra catalog TOML file (repeatable)"
    )
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.add_argument(
        "--parser",
        choices=parse.BACKENDS,
        default="tree-sitter",
        help="tree-sitter (default; Python 2 and 3 with one grammar) or the stdlib ast",
    )
    p.add_argument("--no-progress", action="store_true")
    sub = p.add_subparsers(dest="command", required=True)

    def inputs(sp):
        sp.add_argument("--names", action="append", help="file of dependent names, one per line")
        sp.add_argument(
            "--reverse-deps", action="append", help="reverse-dependency dump (CSV or JSON)"
        )
        sp.add_argument(
            "--candidates", action="append", help="names to check against index metadata"
        )
        sp.add_argument("--corpus", action="append", help="offline corpus TOML (local sources)")
        sp.add_argument(
            "--downloads", action="append", help="download counts (CSV/JSON name,downloads)"
        )
        sp.add_argument("--index-url", help="override pip's configured index (PEP 691 JSON API)")

    def scanning(sp):
        sp.add_argument("--workers", type=int, help="local processes (default: all cores)")
        sp.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://127.0.0.1:8786")

    inputs(sub.add_parser("dependents", help="stage 1: build the dependent list"))

    def downloading(sp):
        sp.add_argument(
            "--downloader",
            choices=["pip", "json"],
            default="pip",
            help="pip download --no-deps (all pip settings; default) or the PEP 691 JSON API",
        )
        sp.add_argument(
            "--pip-sdist",
            action="store_true",
            help="let pip fetch sdists too (runs their build backend: trusted inputs only)",
        )

    dl = sub.add_parser("download", help="stage 2: fetch and verify archives")
    dl.add_argument("--index-url")
    downloading(dl)
    scanning(sub.add_parser("scan", help="stage 3: scan archives (parallel)"))
    sub.add_parser("match", help="stage 4: match findings to catalog ids")
    sub.add_parser("report", help="stage 5: JSON + Markdown + HTML report").add_argument("--out")
    tel = sub.add_parser("telemetry", help="stage 6: merge cryptoshim telemetry JSON files")
    tel.add_argument("files", nargs="+")
    ev = sub.add_parser(
        "evaluate", help="precision/recall of the work dir's matches against a golden file"
    )
    ev.add_argument("golden")
    gp = sub.add_parser(
        "gaps", help="APIs, m2 names and private attributes dependents use that the drop-ins lack"
    )
    gp.add_argument("report", help="a report.json")
    gp.add_argument("--allow", help="allow-list TOML (default: the packaged gaps_allowlist.toml)")
    run = sub.add_parser("run", help="all stages; defaults to the shipped offline corpus")
    inputs(run)
    scanning(run)
    downloading(run)
    run.add_argument("--telemetry", nargs="*", default=[])
    run.add_argument("--out")
    return p


def _index(args):
    directory = pathlib.Path(args.catalog_dir) if args.catalog_dir else None
    return catalog.load_index(
        catalog.catalog_paths(directory) + [pathlib.Path(c) for c in args.catalog]
    )


def _has_source(args) -> bool:
    """Whether the command line names where the dependents come from."""
    return any([args.names, args.reverse_deps, args.candidates, args.corpus])


def _dispatch(args, log: Log) -> None:
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    index = _index(args)
    progress = not args.no_progress
    cmd = args.command
    if cmd in ("dependents", "run"):
        corpus = (
            args.corpus if (cmd == "dependents" or _has_source(args)) else [str(DEFAULT_CORPUS)]
        )
        pipeline.stage_dependents(
            work,
            index,
            log.child("dependents"),
            args.names,
            args.reverse_deps,
            args.candidates,
            corpus,
            args.downloads,
            args.index_url,
        )
    if cmd in ("download", "run"):
        pipeline.stage_download(
            work,
            log.child("download"),
            args.index_url,
            progress=progress,
            downloader=args.downloader,
            allow_sdist=args.pip_sdist,
        )
    if cmd in ("scan", "run"):
        pipeline.stage_scan(
            work, index, log.child("scan"), args.workers, args.scheduler, progress, args.parser
        )
    if cmd in ("match", "run"):
        pipeline.stage_match(work, index, log.child("match"))
    if cmd == "telemetry" or (cmd == "run" and args.telemetry):
        pipeline.stage_telemetry(
            work, args.files if cmd == "telemetry" else args.telemetry, log.child("telemetry")
        )
    if cmd == "evaluate":
        result = evaluate.evaluate(
            json.loads(pathlib.Path(args.golden).read_text()),
            json.loads((work / "matches.json").read_text()),
        )
        print(evaluate.summary_line(result))
        print(json.dumps(result, indent=1, default=list))
    if cmd in ("report", "run"):
        pipeline.stage_report(work, index, log.child("report"), args.out)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    log = Log("cli", args.log_level)
    if args.command == "gaps":  # reads a report only: no work directory, no catalog
        lines, status = gaps.run(args.report, args.allow)
        for line in lines:
            print(line)
        return status
    if args.command == "run" and not _has_source(args) and not DEFAULT_CORPUS.exists():
        # The shipped corpus lives in the source tree, not in the wheel.
        print(
            "cryptoshim-survey: no dependents given and the shipped corpus "
            f"({DEFAULT_CORPUS}) is not here (an installed wheel does not carry it): "
            "pass --corpus FILE, --names, --reverse-deps or --candidates",
            file=sys.stderr,
        )
        return 2
    if args.command in ("scan", "run"):
        try:
            parse.check_backend(args.parser)
        except parse.ParserUnavailable as exc:
            print(f"cryptoshim-survey: {exc}", file=sys.stderr)
            return 2
    try:
        _dispatch(args, log)
    except Exception as exc:
        log.error(
            "internal-error", error=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc()
        )
        return 1
    return 0
