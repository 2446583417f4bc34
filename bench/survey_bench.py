#!/usr/bin/env python3
"""Throughput of the dependency survey's scan stage vs a plain `ast.walk` import scanner.

    PYTHONPATH=survey python3 bench/survey_bench.py [--real build/survey-real] [--repeat 3]

Corpora:
- fixtures: the shipped default corpus (compat_tests/python/survey_fixtures
  packages, built into archives the way `run` does); tiny, so it is scanned
  `--fixture-loops` times per measurement;
- real: the archives of the opt-in real run's cache (compat_tests/python/
  test_survey_real.py, default build/survey-real); skipped when absent.

Scanners, each at 1 and 2 workers (the survey's own executors.map_scans, the
baseline with the same kind of process pool, one package per task, largest first):
- survey: scan.scan_package on the archive (stream-reads it, pre-filters files
  by the catalog's legacy roots, parses, resolves scopes, classifies);
- ast-walk: the archive extracted beforehand (not timed); every .py file read,
  `ast.parse`d and `ast.walk`ed for imports whose root is a legacy root.
MB = uncompressed bytes of Python source in the corpus (same number for both).
Best of `--repeat` runs. Nothing here touches the network. A w-worker row of
either scanner runs pinned to the same w cores (sched_setaffinity, inherited by
the pool's forked processes; `--no-pin` to not), so the 1-worker rows are one
core each; "vs walk" compares the survey with the baseline at the same workers.

CPU seconds (this process plus its reaped worker processes) are printed next to
wall seconds: on a shared machine the wall time at 2 workers says more about
the other users than about the scanner, while equal CPU totals at 1 and 2
workers show the pool adds no work. With the per-package CPU times of the
1-worker survey run, the ideal wall time at w workers is max(total/w, largest
package): a corpus where one package (salt) is most of the work cannot scale
past it, a PyPI-sized list of packages can.
"""
from __future__ import annotations

import argparse
import ast
import concurrent.futures as cf
import json
import os
import pathlib
import resource
import shutil
import sys
import tarfile
import tempfile
import time
import zipfile

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "survey"))

from cryptoshim_survey import archive, catalog, dependents, download  # noqa: E402
from cryptoshim_survey import executors  # noqa: E402

DEFAULT_CORPUS = REPO / "survey" / "default_corpus" / "corpus.toml"
FIXTURE_CATALOG = REPO / "compat_tests" / "python" / "survey_fixtures" / "catalog" / "m2crypto_fixture.toml"


def fixture_archives(tmp: pathlib.Path) -> list[dict]:
    out = []
    for dep in dependents.from_corpus(DEFAULT_CORPUS):
        got = download.download_one(dep, tmp / "archives", "unused")
        if got["status"] != "failed":
            out.append({"name": got["name"], "version": got["version"], "archive": got["archive"],
                        "sha256": got["sha256"]})
    return out


def real_archives(work: pathlib.Path) -> list[dict]:
    path = work / "downloads.json"
    if not path.exists():
        return []
    return [{"name": d["name"], "version": d["version"], "archive": d["archive"], "sha256": d["sha256"]}
            for d in json.loads(path.read_text()) if d["status"] != "failed" and pathlib.Path(d["archive"]).exists()]


def extract(task: dict, dest: pathlib.Path) -> pathlib.Path:
    target = dest / f"{task['name']}-{task['version']}"
    target.mkdir(parents=True, exist_ok=True)
    path = task["archive"]
    if path.endswith(archive.ZIP_SUFFIXES):
        with zipfile.ZipFile(path) as zf:
            zf.extractall(target)
    else:
        with tarfile.open(path) as tf:
            tf.extractall(target, filter="data")
    return target


def source_bytes(root: pathlib.Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*.py") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def ast_scan(root: str, roots: tuple[str, ...]) -> dict:
    """The baseline: parse every .py file and collect legacy imports."""
    found, errors = [], 0
    for path in pathlib.Path(root).rglob("*.py"):
        try:
            tree = ast.parse(path.read_bytes(), str(path))
        except (SyntaxError, ValueError):
            errors += 1
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(str(path), node.lineno, a.name) for a in node.names if a.name.split(".")[0] in roots]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                if node.module.split(".")[0] in roots:
                    found += [(str(path), node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return {"imports": len(found), "errors": errors}


def run_baseline(dirs: list[str], roots: tuple[str, ...], workers: int) -> int:
    if workers == 1:
        return sum(ast_scan(d, roots)["imports"] for d in dirs)
    with cf.ProcessPoolExecutor(max_workers=workers) as pool:
        return sum(r["imports"] for r in pool.map(ast_scan, dirs, [roots] * len(dirs)))


PER_PACKAGE: dict[str, tuple[float, float]] = {}  # (CPU, wall) s per package, 1-worker survey run


def run_survey(tasks: list[dict], index, workers: int) -> int:
    findings = 0
    last, last_wall = time.process_time(), time.perf_counter()
    for outcome in executors.map_scans(tasks, index, workers):
        if "error" in outcome:
            raise RuntimeError(outcome["error"])
        findings += len(outcome["result"]["findings"])
        if workers == 1:  # in-process: the time since the last result is this package's
            now, now_wall = time.process_time(), time.perf_counter()
            key = outcome["task"]["archive"]  # the fastest of the repeats, like the rows
            seen = PER_PACKAGE.get(key, (float("inf"), float("inf")))
            PER_PACKAGE[key] = min(seen, (now - last, now_wall - last_wall))
            last, last_wall = now, now_wall
    return findings


def pin(cpus: list[int]) -> None:
    """Run this process (and the pool processes it forks) on `cpus` only: the
    1-worker rows on one core, the w-worker rows on w cores."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, cpus)


def cpu_seconds() -> float:
    """User+system CPU of this process and of its finished worker processes."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def best(fn, repeat: int) -> tuple[float, float, object]:
    runs, result = [], None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), cpu_seconds()
        result = fn()
        runs.append((time.perf_counter() - start, cpu_seconds() - cpu))
    wall, cpu = min(runs)
    return wall, cpu, result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--real", default=str(REPO / "build" / "survey-real"), help="work dir of the real run")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--fixture-loops", type=int, default=20, help="fixture corpus copies per measurement")
    p.add_argument("--workers", default="1,2")
    p.add_argument("--json", help="also write the rows as JSON here")
    p.add_argument("--no-pin", action="store_true", help="do not pin a w-worker row to w cores")
    args = p.parse_args(argv)
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    index = catalog.load_index(catalog.catalog_paths() + [FIXTURE_CATALOG])
    roots = tuple(sorted(index.roots))
    workers = [int(w) for w in args.workers.split(",")]
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="survey-bench-"))
    rows = []
    try:
        corpora = [("fixtures", fixture_archives(tmp) * args.fixture_loops), ("real", real_archives(pathlib.Path(args.real)))]
        for name, tasks in corpora:
            if not tasks:
                print(f"# corpus {name}: no archives (run the opt-in real test first)")
                continue
            unique = {t["archive"]: t for t in tasks}
            dirs_by_archive = {a: str(extract(t, tmp / "extracted" / name)) for a, t in unique.items()}
            per_archive = {a: source_bytes(pathlib.Path(d)) for a, d in dirs_by_archive.items()}
            mb = sum(per_archive[t["archive"]][0] for t in tasks) / 1e6
            nfiles = sum(per_archive[t["archive"]][1] for t in tasks)
            # Both scanners get the longest packages first (the survey's map_scans
            # orders them so; the baseline the same way, by source size).
            dirs = sorted((dirs_by_archive[t["archive"]] for t in tasks),
                          key=lambda d: -source_bytes(pathlib.Path(d))[0])
            PER_PACKAGE.clear()
            for w in workers:
                cpus = allowed[:w] if allowed and not args.no_pin and w <= len(allowed) else allowed
                for scanner, fn in (("survey", lambda: run_survey(tasks, index, w)),
                                    ("ast-walk", lambda: run_baseline(dirs, roots, w))):
                    pin(cpus)
                    try:
                        seconds, cpu, count = best(fn, args.repeat)
                    finally:
                        pin(allowed)
                    rows.append({"corpus": name, "scanner": scanner, "workers": w, "cpus": len(cpus),
                                 "packages": len(tasks),
                                 "py_files": nfiles, "source_mb": round(mb, 2), "seconds": round(seconds, 3),
                                 "cpu_seconds": round(cpu, 3), "mb_per_s": round(mb / seconds, 2),
                                 "mb_per_cpu_s": round(mb / cpu, 2) if cpu else None,
                                 "pkg_per_s": round(len(tasks) / seconds, 2), "results": count})
                    print(f"# {name:8} {scanner:8} w={w}: {seconds:.3f}s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    base = {(r["corpus"], r["scanner"]): r["seconds"] for r in rows if r["workers"] == 1}
    walk = {(r["corpus"], r["workers"]): r for r in rows if r["scanner"] == "ast-walk"}
    print(f"{'corpus':8} {'scanner':8} {'w':>2} {'cpus':>4} {'pkgs':>5} {'files':>6} {'src MB':>7} {'sec':>7} "
          f"{'cpu s':>7} {'MB/s':>7} {'MB/cpu s':>8} {'pkg/s':>7} {'speedup':>7} {'vs walk':>7} {'found':>6}")
    for r in rows:
        speedup = base[(r["corpus"], r["scanner"])] / r["seconds"]
        vs = walk[(r["corpus"], r["workers"])]["seconds"] / r["seconds"]
        print(f"{r['corpus']:8} {r['scanner']:8} {r['workers']:>2} {r['cpus']:>4} {r['packages']:>5} "
              f"{r['py_files']:>6} {r['source_mb']:>7.2f} {r['seconds']:>7.3f} {r['cpu_seconds']:>7.3f} "
              f"{r['mb_per_s']:>7.2f} {r['mb_per_cpu_s'] or 0:>8.2f} {r['pkg_per_s']:>7.2f} {speedup:>6.2f}x "
              f"{vs:>6.2f}x {r['results']:>6}")
    print("found = survey findings (all kinds) / ast-walk legacy import names; speedup = vs 1 worker, same "
          "scanner; vs walk = ast-walk wall s / this row's wall s at the same workers (> 1: faster)")
    if PER_PACKAGE:  # the last corpus's 1-worker survey run
        total = sum(c for c, _ in PER_PACKAGE.values())
        name = max(PER_PACKAGE, key=lambda k: PER_PACKAGE[k][0])
        largest, largest_wall = PER_PACKAGE[name]
        name = name.rsplit("/", 1)[-1]
        print(f"largest package {name}: {largest:.2f} CPU s, {largest_wall:.2f} wall s (1 worker)")
        for w in workers:
            print(f"survey ideal wall at w={w}: max({total:.1f}/{w}, largest {largest:.1f} [{name}]) = "
                  f"{max(total / w, largest):.1f} s of CPU-bound work")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
