#!/usr/bin/env python3
"""Runs the same workload scripts through cryptoshim's drop-in and through the
real library, each in its own venv, alternating ours and real so load changes
on this shared machine hit both sides alike, and prints one table: every row,
ours, real, ours/real (median of the per-run ratios).

    python bench/run_bench.py --all [--check] [--runs 3] [--budget 0.5]
    python bench/run_bench.py --suite pyopenssl --runs 1       # one suite

Suites: pyopenssl (crypto), pyopenssl-tls (OpenSSL.SSL: loopback sockets and
memory BIOs), m2crypto (M2Crypto classes and flat m2 calls), m2crypto-tls
(M2Crypto.SSL over loopback sockets), rss (resident memory after loading
100,000 certificates; lower is better), telemetry (the per-call cost of the
legacy wrapper on the cheapest shimmed call, against the same call unwrapped).

`--check` exits 1 naming every row below 1.0x (ops/s rows), the RSS rows
above 1.0x, and a telemetry overhead above 0.2 us per call or above 5% of the
cheapest real-library call. CI prints the table without gating.

The drop-in side is the venv bench/_work/venv-ours made from `--wheel` (the
wheelhouse next to it), or `--ours-python` (e.g. the build's .venv). The real
sides: CRYPTOSHIM_REAL_PYOPENSSL_PYTHON / CRYPTOSHIM_REAL_M2CRYPTO_PYTHON, or
the venvs scripts/real-*-venv.sh make. Real pyOpenSSL's crypto rows run on
cryptography's wheel, which carries its own OpenSSL build (3.0.8), and say
"different OpenSSL builds"; its TLS rows run on the same pyOpenSSL and
cryptography with cryptography's OpenSSL module compiled against the system
OpenSSL the drop-in links (CRYPTOSHIM_REAL_PYOPENSSL_SAMEBUILD_PYTHON, or the
venv scripts/real-pyopenssl-samebuild-venv.sh makes): a same-build comparison.
`--same-build` runs the crypto rows against that venv as well.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
from typing import Callable, Dict, List, Optional

HERE = pathlib.Path(__file__).resolve().parent
WORK = HERE / "_work"
SUITES = ("pyopenssl", "pyopenssl-tls", "m2crypto", "m2crypto-tls", "rss", "telemetry")
# Workload script and the real library each suite runs against.
SCRIPTS = {
    "pyopenssl": ("workloads_pyopenssl.py", "pyopenssl"),
    "pyopenssl-tls": ("workloads_tls.py", "pyopenssl-samebuild"),
    "m2crypto": ("workloads_m2crypto.py", "m2crypto"),
    "m2crypto-tls": ("workloads_m2_tls.py", "m2crypto"),
}
DIFFERENT_BUILDS = " [different OpenSSL builds]"
TELEMETRY_MAX_NS = 200.0
TELEMETRY_MAX_SHARE = 0.05


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


def run_json(python: pathlib.Path, script: str, *args: str, env_extra=None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR")}
    env.update(env_extra or {})
    out = subprocess.run([str(python), str(HERE / script), *args], check=True,
                         capture_output=True, text=True, env=env, cwd=HERE)
    return json.loads(out.stdout.strip().splitlines()[-1])


class Row:
    def __init__(self, name: str, unit: str = "ops/s", lower_is_better: bool = False):
        self.name, self.unit, self.lower_is_better = name, unit, lower_is_better
        self.ours: List[float] = []
        self.real: List[float] = []
        self.ratios: List[float] = []

    def add(self, ours: Optional[float], real: Optional[float]) -> None:
        if ours is not None:
            self.ours.append(ours)
        if real is not None:
            self.real.append(real)
        if ours and real:
            self.ratios.append(ours / real)

    @property
    def ratio(self) -> Optional[float]:
        return statistics.median(self.ratios) if self.ratios else None

    def failed(self) -> bool:
        if self.ratio is None:
            return True
        return self.ratio > 1.0 if self.lower_is_better else self.ratio < 1.0


def alternate(rows: Dict[str, Row], runs: int, ours: Callable[[], dict],
              real: Callable[[], dict], suffix: str = "", lower_is_better=False) -> None:
    """Ours then real, then real then ours, ...: neither side always goes first."""
    for i in range(runs):
        order = (ours, real) if i % 2 == 0 else (real, ours)
        first, second = (f() for f in order)
        mine, theirs = (first, second) if i % 2 == 0 else (second, first)
        for name in mine:
            label = name + suffix
            row = rows.setdefault(label, Row(label, lower_is_better=lower_is_better))
            row.add(mine.get(name), theirs.get(name))


def telemetry_rows(rows: Dict[str, Row], ours_py, runs: int, problems: List[str]) -> List[str]:
    lines = []
    on = [run_json(ours_py, "telemetry_overhead.py") for _ in range(runs)]
    off = run_json(ours_py, "telemetry_overhead.py", env_extra={"CRYPTOSHIM_TELEMETRY": "off"})
    real_ns: Dict[str, float] = {}
    for library in ("pyopenssl", "m2crypto"):
        real_ns.update(run_json(real_python(library), "telemetry_overhead.py")["real_ns"])
    overhead = statistics.median(r["overhead_ns"] for r in on)
    cheapest_name = min(real_ns, key=real_ns.get)
    cheapest = real_ns[cheapest_name]
    lines.append(f"telemetry overhead per legacy call (X509.get_version, best of 7 x 200k, CPU time, "
                 f"median of {runs}):")
    lines.append(f"  telemetry on : {statistics.median(r['shimmed_ns'] for r in on):.0f} ns/call, "
                 f"wrapper overhead {overhead:.0f} ns (goal <= {TELEMETRY_MAX_NS:.0f} ns)")
    lines.append(f"  telemetry off: {off['shimmed_ns']:.0f} ns/call, wrapper overhead "
                 f"{off['overhead_ns']:.0f} ns")
    lines.append(f"  cheapest real call: {cheapest_name} {cheapest:.0f} ns; overhead = "
                 f"{overhead / cheapest:.1%} of it (goal < {TELEMETRY_MAX_SHARE:.0%})")
    for name, ns in on[0]["ours_ns"].items():
        label = f"{name} (calls/s)"
        row = rows.setdefault(label, Row(label))
        for r in on:
            row.add(1e9 / r["ours_ns"][name], 1e9 / real_ns[name] if name in real_ns else None)
    if overhead > TELEMETRY_MAX_NS:
        problems.append(f"telemetry overhead {overhead:.0f} ns > {TELEMETRY_MAX_NS:.0f} ns")
    if overhead > TELEMETRY_MAX_SHARE * cheapest:
        problems.append(f"telemetry overhead {overhead:.0f} ns >= 5% of {cheapest_name} "
                        f"({cheapest:.0f} ns)")
    return lines


def print_table(rows: Dict[str, Row]) -> None:
    w = max([44] + [len(name) for name in rows])
    print(f"{'row':{w}} {'ours':>10} {'real':>10} {'ours/real':>9}  runs")
    for row in rows.values():
        mine = f"{statistics.median(row.ours):10.1f}" if row.ours else f"{'n/a':>10}"
        theirs = f"{statistics.median(row.real):10.1f}" if row.real else f"{'n/a':>10}"
        ratio = f"{row.ratio:9.2f}" if row.ratio is not None else f"{'n/a':>9}"
        spread = (f"  {min(row.ratios):.2f}..{max(row.ratios):.2f}" if len(row.ratios) > 1 else "")
        mark = "  <-- below goal" if row.failed() else ""
        print(f"{row.name:{w}} {mine} {theirs} {ratio}{spread}{mark}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wheel", type=pathlib.Path, help="cryptoshim wheel (default: dist/)")
    parser.add_argument("--ours-python", type=pathlib.Path,
                        help="interpreter with cryptoshim and the drop-ins installed")
    parser.add_argument("--budget", default="0.5", help="seconds per workload")
    parser.add_argument("--suite", action="append", choices=SUITES, help="repeatable")
    parser.add_argument("--all", action="store_true", help="every suite")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs per side")
    parser.add_argument("--rss-certs", type=int, default=100_000)
    parser.add_argument("--same-build", action="store_true",
                        help="run the pyOpenSSL crypto rows against the same-build real too "
                             "(real pyOpenSSL on the system OpenSSL), not cryptography's wheel")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a row misses its goal (naming the rows)")
    # CPU time by default: this 2-core machine is shared (load averages of 10+
    # seen), and wall time then measures the scheduler more than the library.
    parser.add_argument("--clock", choices=("wall", "cpu"), default="cpu",
                        help="time the workloads by the process's CPU time or by wall clock")
    args = parser.parse_args()
    suites = SUITES if args.all or not args.suite else tuple(args.suite)
    os.environ["CRYPTOSHIM_BENCH_CLOCK"] = args.clock
    WORK.mkdir(exist_ok=True)
    sys.path.insert(0, str(HERE))
    from fixtures import write_fixtures

    fixtures = WORK / "fixtures"
    write_fixtures(fixtures)
    mine = ours_python(args)
    rows: Dict[str, Row] = {}
    problems: List[str] = []
    notes: List[str] = []
    for suite in suites:
        if suite in SCRIPTS:
            script, library = SCRIPTS[suite]
            if args.same_build and library == "pyopenssl":
                library = "pyopenssl-samebuild"
            real = real_python(library)
            suffix = DIFFERENT_BUILDS if library == "pyopenssl" else ""
            alternate(rows, args.runs,
                      lambda: run_json(mine, script, str(fixtures), args.budget),
                      lambda: run_json(real, script, str(fixtures), args.budget), suffix)
        elif suite == "rss":
            for library in ("pyopenssl", "m2crypto"):
                real = real_python(library)
                n = str(args.rss_certs)
                alternate(rows, 1,
                          lambda: run_json(mine, "rss_certs.py", library, str(fixtures), n),
                          lambda: run_json(real, "rss_certs.py", library, str(fixtures), n),
                          " (lower is better)", lower_is_better=True)
        elif suite == "telemetry":
            notes += telemetry_rows(rows, mine, args.runs, problems)
    print_table(rows)
    print()
    print("\n".join(notes))
    if "pyopenssl" in suites and not args.same_build:
        print(f"rows marked{DIFFERENT_BUILDS}: real pyOpenSSL runs on cryptography's wheel "
              "with its own OpenSSL; the drop-in on the system's.")
    if "pyopenssl-tls" in suites or args.same_build:
        print("pyOpenSSL rows without that mark: real pyOpenSSL 23.0.0 on cryptography "
              "39.0.2 compiled against the system OpenSSL, the drop-in's (same build).")
    failed = [row.name for row in rows.values() if row.failed()] + problems
    if args.check and failed:
        print("\nbelow goal:\n  " + "\n  ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
