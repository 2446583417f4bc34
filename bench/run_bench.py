#!/usr/bin/env python3
"""Runs the same workload scripts through cryptoshim's drop-in and through the
real library, each in its own venv, and prints one table: every row, ours,
real, ours/real (median of the per-run ratios) and how far the runs spread.

Each run (alternation round) starts one worker process per side
(bench_worker.py) and steps both through the script's rows together: a row is
timed in slices that alternate in blocks ours, real, real, ours (real first in
odd runs; pairing.BLOCKS blocks), each side `--budget` seconds in all, so its
two sides are measured within about a second of each other and the run's
ratio comes from those paired slices (pairing.py). Runs used to time a whole script per side, tens
of seconds apart, and this 2-vCPU VM drifts enough in between to move a ratio
by 0.3 when idle.

    python bench/run_bench.py --all [--check] [--runs 3] [--budget 0.5]
    python bench/run_bench.py --suite pyopenssl --runs 1       # one suite

`--aa` times the real library against itself through the same pairing (both
sides the real interpreter): the rows' distance from 1.0 is then the
harness's noise floor, which a real-vs-drop-in ratio must be read against.

Suites: pyopenssl (crypto), pyopenssl-tls (OpenSSL.SSL: loopback sockets and
memory BIOs), m2crypto (M2Crypto classes and flat m2 calls), m2crypto-tls
(M2Crypto.SSL over loopback sockets), rss (resident memory after loading
100,000 certificates; lower is better), telemetry (the per-call cost of the
legacy wrapper on the cheapest shimmed call, against the same call unwrapped).

`--check` gates exactly issue 12's done-when (bench/goals.py): it exits 1,
naming every failing row, when an ops/s row is below 1.0x, an RSS row above
1.0x, or the telemetry overhead above 0.2 us per call. The brief's other
telemetry goal, at most 5% of the cheapest real call, is printed as met or
not met and does not gate. CI prints the table without gating.

The drop-in side is the venv bench/_work/venv-ours made from `--wheel` (the
wheelhouse next to it), or `--ours-python` (e.g. the build's .venv). The real
sides run on the system OpenSSL the drop-in links: real M2Crypto built against
it (CRYPTOSHIM_REAL_M2CRYPTO_PYTHON), and real pyOpenSSL 23.0.0 on cryptography
39.0.2 whose OpenSSL module is compiled against it
(CRYPTOSHIM_REAL_PYOPENSSL_SAMEBUILD_PYTHON, or the venv
scripts/real-pyopenssl-samebuild-venv.sh makes): every pyOpenSSL row (crypto,
TLS, RSS, telemetry) is a same-build comparison. `--wheel-real` adds, as
extra rows that never gate, the pyOpenSSL rows against real pyOpenSSL on
cryptography's own wheel (CRYPTOSHIM_REAL_PYOPENSSL_PYTHON), which carries a
statically linked OpenSSL 3.0.8 built with -O3 (README "Performance" says why
that build is faster than the system's).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
from typing import Callable, Dict, List, Optional

from cpu_pinning import Pinning
from goals import Row, Telemetry, failure_message, failures, telemetry_goal_lines
from pairing import OURS, REAL, SIDES, ProtocolError, paired_run

HERE = pathlib.Path(__file__).resolve().parent
WORK = HERE / "_work"
SUITES = ("pyopenssl", "pyopenssl-tls", "m2crypto", "m2crypto-tls", "rss", "telemetry")
# Workload script and the real library each suite runs against.
SCRIPTS = {
    "pyopenssl": ("workloads_pyopenssl.py", "pyopenssl-samebuild"),
    "pyopenssl-tls": ("workloads_tls.py", "pyopenssl-samebuild"),
    "m2crypto": ("workloads_m2crypto.py", "m2crypto"),
    "m2crypto-tls": ("workloads_m2_tls.py", "m2crypto"),
}
# The --wheel-real extra: real pyOpenSSL on cryptography's wheel (its own OpenSSL).
WHEEL = " [wheel real, not gated]"


def venv(name: str, packages: List[str]) -> pathlib.Path:
    path = WORK / name
    python = path / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    *packages], check=True)
    return python


def real_python(library: str) -> pathlib.Path:
    """library: pyopenssl, pyopenssl-samebuild (on the system OpenSSL) or m2crypto."""
    env = {"pyopenssl": "CRYPTOSHIM_REAL_PYOPENSSL_PYTHON",
           "pyopenssl-samebuild": "CRYPTOSHIM_REAL_PYOPENSSL_SAMEBUILD_PYTHON",
           "m2crypto": "CRYPTOSHIM_REAL_M2CRYPTO_PYTHON"}[library]
    if os.environ.get(env):
        return pathlib.Path(os.environ[env])
    script = HERE.parent / "scripts" / f"real-{library}-venv.sh"
    return pathlib.Path(subprocess.run([str(script)], check=True, capture_output=True,
                                       text=True).stdout.strip())


def ours_python(args) -> pathlib.Path:
    if args.ours_python:
        return args.ours_python.absolute()
    from cryptoshim.distributions import wheelhouse_install_order

    wheel = args.wheel or max((HERE.parent / "dist").glob("cryptoshim-*.whl"))
    # cryptoshim first, then the drop-ins: replacing an older cryptoshim that
    # still carried OpenSSL/ must not delete the drop-ins' files.
    wheels = wheelhouse_install_order(wheel.resolve())
    python = venv("venv-ours", ["cryptography", "--force-reinstall", wheels[0]])
    venv("venv-ours", ["--force-reinstall", "--no-deps", *wheels[1:]])
    return python


def bench_env(env_extra=None) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR")}
    env.update(env_extra or {})
    return env


# Set by main(): where the timed processes run (cpu_pinning.py).
PINNING = Pinning(enabled=False)


def run_json(python: pathlib.Path, script: str, *args: str, env_extra=None) -> dict:
    out = subprocess.run([str(python), str(HERE / script), *args], check=True,
                         capture_output=True, text=True, env=bench_env(env_extra), cwd=HERE,
                         preexec_fn=PINNING.preexec)
    return json.loads(out.stdout.strip().splitlines()[-1])


class Worker:
    """bench_worker.py running `script` in one side's interpreter, driven over
    its stdin/stdout (pairing.py); its stderr is kept for the error message."""

    def __init__(self, python: pathlib.Path, script: str, fixtures: pathlib.Path):
        self.label = f"{script} on {python}"
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen([str(python), str(HERE / "bench_worker.py"), script,
                                      str(fixtures)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.stderr, text=True,
                                     env=bench_env(), cwd=HERE, preexec_fn=PINNING.preexec)

    def send(self, msg: dict) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(msg) + "\n")
        self.proc.stdin.flush()

    def recv(self) -> Optional[dict]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        return json.loads(line) if line else None

    def errors(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read().strip()

    def finish(self) -> None:
        """Waits for a clean exit; kills the worker if it is still running."""
        try:
            code = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        if code != 0:
            raise RuntimeError(f"{self.label} exited with {code}:\n{self.errors()}")


def paired_runs(rows: Dict[str, Row], runs: int, pythons: Dict[str, pathlib.Path],
                script: str, fixtures: pathlib.Path, budget: float, notes: List[str],
                suffix: str = "", gated: bool = True) -> None:
    """`runs` alternation rounds, each a fresh pair of workers stepped
    through the script's rows together (pairing.paired_run); a row's per-run
    ratio is ours/real of that round's paired slices."""
    for run in range(runs):
        workers = {side: Worker(pythons[side], script, fixtures) for side in SIDES}
        try:
            results = paired_run(workers, budget, run)
            for worker in workers.values():
                worker.finish()
        except (ProtocolError, RuntimeError) as exc:
            stderr = "\n".join(f"--- {w.label}:\n{w.errors()}" for w in workers.values())
            raise SystemExit(f"{script}: {exc}\n{stderr}") from exc
        finally:
            for worker in workers.values():
                if worker.proc.poll() is None:
                    worker.proc.kill()
                    worker.proc.wait()
        for side, worker in workers.items():  # e.g. a row's missing API, once per run
            for line in worker.errors().splitlines()[-5:]:
                note = f"{script} ({side}) said: {line}"
                if note not in notes:
                    notes.append(note)
        mine, theirs = results[OURS], results[REAL]
        for name in mine:
            label = name + suffix
            row = rows.setdefault(label, Row(label, gated=gated))
            row.add(mine.get(name), theirs.get(name))


def alternate(rows: Dict[str, Row], runs: int, ours: Callable[[], dict],
              real: Callable[[], dict], suffix: str = "", lower_is_better=False,
              gated=True) -> None:
    """Whole-process rows (RSS): ours then real, then real then ours, ...:
    neither side always goes first."""
    for i in range(runs):
        order = (ours, real) if i % 2 == 0 else (real, ours)
        first, second = (f() for f in order)
        mine, theirs = (first, second) if i % 2 == 0 else (second, first)
        for name in mine:
            label = name + suffix
            row = rows.setdefault(label, Row(label, lower_is_better, gated))
            row.add(mine.get(name), theirs.get(name))


def telemetry_rows(rows: Dict[str, Row], ours_py, runs: int,
                   notes: List[str]) -> Telemetry:
    """The wrapper overhead (ours alone), and the cheapest calls' calls/s
    rows: each run times ours and the real libraries back to back, in
    alternating order, and the row's per-run ratio pairs the two (these rows
    keep telemetry_overhead.py's best-of-reps timing, so they pair whole
    processes, seconds apart, not slices)."""
    real_pys = [real_python(library) for library in ("pyopenssl-samebuild", "m2crypto")]

    def ours() -> dict:
        return run_json(ours_py, "telemetry_overhead.py")

    def real() -> dict:
        ns: Dict[str, float] = {}
        for python in real_pys:
            ns.update(run_json(python, "telemetry_overhead.py")["real_ns"])
        return ns

    on: List[dict] = []
    real_runs: List[Dict[str, float]] = []
    for run in range(runs):
        if run % 2 == 0:
            on.append(ours())
            real_runs.append(real())
        else:
            real_runs.append(real())
            on.append(ours())
    off = run_json(ours_py, "telemetry_overhead.py", env_extra={"CRYPTOSHIM_TELEMETRY": "off"})
    real_ns = {name: statistics.median(r[name] for r in real_runs) for name in real_runs[0]}
    cheapest_name = min(real_ns, key=real_ns.__getitem__)
    result = Telemetry(statistics.median(r["overhead_ns"] for r in on), cheapest_name,
                       real_ns[cheapest_name])
    notes.append(f"telemetry overhead per legacy call (X509.get_version, best of 7 x 200k, "
                 f"CPU time, median of {runs}):")
    notes.append(f"  telemetry on : {statistics.median(r['shimmed_ns'] for r in on):.0f} ns/call, "
                 f"wrapper overhead {result.overhead_ns:.0f} ns")
    notes.append(f"  telemetry off: {off['shimmed_ns']:.0f} ns/call, wrapper overhead "
                 f"{off['overhead_ns']:.0f} ns")
    notes.extend(telemetry_goal_lines(result))
    for name in on[0]["ours_ns"]:
        label = f"{name} (calls/s)"
        row = rows.setdefault(label, Row(label))
        for mine, theirs in zip(on, real_runs):
            row.add(1e9 / mine["ours_ns"][name], 1e9 / theirs[name] if name in theirs else None)
    return result


def print_table(rows: Dict[str, Row]) -> None:
    w = max([44] + [len(name) for name in rows])
    print(f"{'row':{w}} {'ours':>10} {'real':>10} {'ours/real':>9}  {'runs (min..max)':15} "
          f"{'spread':>6}")
    for row in rows.values():
        mine = f"{statistics.median(row.ours):10.1f}" if row.ours else f"{'n/a':>10}"
        theirs = f"{statistics.median(row.real):10.1f}" if row.real else f"{'n/a':>10}"
        ratio = f"{row.ratio:9.2f}" if row.ratio is not None else f"{'n/a':>9}"
        runs = f"{min(row.ratios):.2f}..{max(row.ratios):.2f}" if len(row.ratios) > 1 else ""
        spread = f"{row.spread:6.0%}" if row.spread is not None else ""
        mark = ("  <-- misses goal" if row.failed()
                else "  (misses 1.0x, not gated)" if row.below_goal() else "")
        print(f"{row.name:{w}} {mine} {theirs} {ratio}  {runs:15} {spread:>6}{mark}")
    spreads = [row.spread for row in rows.values() if row.spread is not None]
    if spreads:
        print(f"spread = (max - min) / median of a row's per-run ratios; median over "
              f"{len(spreads)} rows {statistics.median(spreads):.0%}, largest {max(spreads):.0%}")


def side_pythons(mine: Optional[pathlib.Path], real: pathlib.Path) -> Dict[str, pathlib.Path]:
    """The interpreters of a paired suite's two sides; `mine` None (--aa):
    the real one on both, so the table measures the harness, not the drop-in."""
    return {OURS: real if mine is None else mine, REAL: real}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wheel", type=pathlib.Path, help="cryptoshim wheel (default: dist/)")
    parser.add_argument("--ours-python", type=pathlib.Path,
                        help="interpreter with cryptoshim and the drop-ins installed")
    parser.add_argument("--budget", type=float, default=0.5,
                        help="seconds of timing per row, per side, per run")
    parser.add_argument("--suite", action="append", choices=SUITES, help="repeatable")
    parser.add_argument("--all", action="store_true", help="every suite")
    parser.add_argument("--runs", type=int, default=3,
                        help="alternation rounds (each a fresh pair of processes)")
    parser.add_argument("--rss-certs", type=int, default=100_000)
    parser.add_argument("--wheel-real", action="store_true",
                        help="also run the pyOpenSSL rows against real pyOpenSSL on "
                             "cryptography's wheel (its own OpenSSL 3.0.8): extra rows, "
                             "never gated")
    parser.add_argument("--aa", action="store_true",
                        help="A/A: time the real library against itself (both sides the real "
                             "interpreter) through the same pairing, to see the noise floor: "
                             "how far from 1.0 rows land when the code is identical (paired "
                             "suites only)")
    parser.add_argument("--no-pin", action="store_true",
                        help="let the scheduler place the timed processes (default: both "
                             "sides on one CPU, the driver on the others; cpu_pinning.py)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a gated goal is missed (naming every such row)")
    # CPU time by default: this 2-core machine is shared (load averages of 10+
    # seen), and wall time then measures the scheduler more than the library.
    parser.add_argument("--clock", choices=("wall", "cpu"), default="cpu",
                        help="time the workloads by the process's CPU time or by wall clock")
    args = parser.parse_args()
    suites = SUITES if args.all or not args.suite else tuple(args.suite)
    os.environ["CRYPTOSHIM_BENCH_CLOCK"] = args.clock
    global PINNING
    PINNING = Pinning(enabled=not args.no_pin)
    PINNING.driver()
    WORK.mkdir(exist_ok=True)
    from fixtures import write_fixtures

    fixtures = WORK / "fixtures"
    write_fixtures(fixtures)
    if args.aa:
        suites = tuple(suite for suite in suites if suite in SCRIPTS)
    mine = None if args.aa else ours_python(args)
    rows: Dict[str, Row] = {}
    notes: List[str] = []
    telemetry: Optional[Telemetry] = None
    for suite in suites:
        if suite in SCRIPTS:
            script, library = SCRIPTS[suite]
            sides = [(library, "", True)]
            if args.wheel_real and library == "pyopenssl-samebuild":
                # The wheel extra runs right after its same-build rows, on the same load.
                sides.append(("pyopenssl", WHEEL, False))
            for lib, suffix, gated in sides:
                pythons = side_pythons(mine, real_python(lib))
                paired_runs(rows, args.runs, pythons, script, fixtures, args.budget, notes,
                            suffix, gated)
        elif suite == "rss":
            assert mine is not None  # --aa keeps the paired suites only
            for library in ("pyopenssl-samebuild", "m2crypto"):
                cmd = ("rss_certs.py", library.split("-")[0], str(fixtures), str(args.rss_certs))
                real = real_python(library)
                alternate(rows, 1, lambda c=cmd: run_json(mine, *c),
                          lambda c=cmd, py=real: run_json(py, *c),
                          " (lower is better)", lower_is_better=True)
        elif suite == "telemetry":
            assert mine is not None
            telemetry = telemetry_rows(rows, mine, args.runs, notes)
    if args.aa:
        print("A/A run: both sides are the real library; every ratio is noise "
              "(the \"ours\" column is the real library's first worker).")
    print_table(rows)
    print()
    print(PINNING.describe())
    print("\n".join(notes))
    if any(s.startswith("pyopenssl") for s in suites) or "rss" in suites:
        print("real pyOpenSSL rows: pyOpenSSL 23.0.0 on cryptography 39.0.2 with its OpenSSL "
              "module compiled against the system OpenSSL the drop-in links (same build).")
    if args.wheel_real:
        print(f"rows marked{WHEEL}: real pyOpenSSL on cryptography's wheel, whose "
              "statically linked OpenSSL 3.0.8 is built with -O3 and without Debian's hardening "
              "flags (README \"Performance\"); printed for reference, not gated.")
    failed = failures(rows.values(), telemetry)
    if args.check and failed:
        print("\n" + failure_message(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
