#!/usr/bin/env python3
"""Runs the same workloads through cryptoshim's drop-in and through the real
library, each in its own venv, and prints ops/s and the ratio ours/real.

    python bench/run_bench.py --wheel dist/cryptoshim-*.whl [--budget 0.5]

Real pyOpenSSL is pinned to 23.0.0 (the last release with sign/verify and
the other APIs the workloads use) with a cryptography it supports; see
scripts/real-pyopenssl-venv.sh. Real M2Crypto is 0.51.0 built from its sdist
(swig + libssl-dev; a few minutes, once); see scripts/real-m2crypto-venv.sh.
`--suite` picks pyopenssl, m2crypto, tls or all (the default). `tls` runs only
the OpenSSL.SSL rows of workloads_tls.py (loopback handshakes, memory-BIO
bulk); `--repeat N` runs each side N times, alternating, to show the noise.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import pathlib
import subprocess
import sys

from cryptoshim.distributions import wheelhouse_install_order

HERE = pathlib.Path(__file__).resolve().parent
WORK = HERE / "_work"


def venv(name: str, packages: list[str]) -> pathlib.Path:
    path = WORK / name
    python = path / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    *packages], check=True)
    return python


def run_json(python: pathlib.Path, script: str, *args: str, env_extra=None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR")}
    env.update(env_extra or {})
    out = subprocess.run([str(python), str(HERE / script), *args], check=True,
                         capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def print_rows(title: str, ours: dict, real: dict) -> None:
    w = max([42, len(title)] + [len(name) for name in ours])
    print(f"{title:{w}} {'ours ops/s':>12} {'real ops/s':>12} {'ours/real':>10}")
    for name in ours:
        mine, theirs = ours[name], real.get(name)
        if mine is None or not theirs:
            print(f"{name:{w}} {'n/a' if mine is None else f'{mine:12.0f}':>12} "
                  f"{'n/a' if not theirs else f'{theirs:12.0f}':>12} {'n/a':>10}")
            continue
        print(f"{name:{w}} {mine:12.0f} {theirs:12.0f} {mine / theirs:10.2f}")
    print()


def m2crypto_rows(ours_py: pathlib.Path, fixtures: pathlib.Path, budget: str) -> None:
    real_py = pathlib.Path(subprocess.run(
        [str(HERE.parent / "scripts" / "real-m2crypto-venv.sh")], check=True,
        capture_output=True, text=True).stdout.strip())
    ours = run_json(ours_py, "workloads_m2crypto.py", str(fixtures), budget)
    real = run_json(real_py, "workloads_m2crypto.py", str(fixtures), budget)
    print_rows("M2Crypto workload", ours, real)


def tls_rows(ours_py: pathlib.Path, real_py: pathlib.Path, fixtures: pathlib.Path,
             budget: str, repeat: int) -> None:
    """The same workloads_tls.py in both venvs, alternating ours and real so
    load changes on a shared machine hit both sides alike."""
    ratios: dict = {}
    for i in range(repeat):
        ours = run_json(ours_py, "workloads_tls.py", str(fixtures), budget)
        real = run_json(real_py, "workloads_tls.py", str(fixtures), budget)
        print_rows(f"OpenSSL.SSL workload (run {i + 1}/{repeat})", ours, real)
        for name in ours:
            if real.get(name):
                ratios.setdefault(name, []).append(ours[name] / real[name])
    if repeat > 1:
        w = max(len(name) for name in ratios)
        print(f"{'ours/real over ' + str(repeat) + ' runs':{w}} {'median':>8} {'min':>6} {'max':>6}")
        for name, values in ratios.items():
            print(f"{name:{w}} {statistics.median(values):8.2f} {min(values):6.2f} {max(values):6.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wheel", required=True, type=pathlib.Path)
    parser.add_argument("--budget", default="0.5", help="seconds per workload")
    parser.add_argument("--suite", choices=("pyopenssl", "m2crypto", "tls", "all"), default="all")
    parser.add_argument("--repeat", type=int, default=1, help="runs per side (tls suite)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="time the workloads by wall clock or by the process's CPU time")
    args = parser.parse_args()
    os.environ["CRYPTOSHIM_BENCH_CLOCK"] = args.clock
    WORK.mkdir(exist_ok=True)
    sys.path.insert(0, str(HERE))
    from fixtures import write_fixtures

    fixtures = WORK / "fixtures"
    write_fixtures(fixtures)
    # cryptoshim first, then the drop-ins: replacing an older cryptoshim that
    # still carried OpenSSL/ must not delete the drop-ins' files.
    wheels = wheelhouse_install_order(args.wheel.resolve())
    ours_py = venv("venv-ours", ["cryptography", "--force-reinstall", wheels[0]])
    venv("venv-ours", ["--force-reinstall", "--no-deps", *wheels[1:]])
    if args.suite in ("m2crypto", "all"):
        m2crypto_rows(ours_py, fixtures, args.budget)
    if args.suite == "m2crypto":
        return 0
    real_py = pathlib.Path(subprocess.run(
        [str(HERE.parent / "scripts" / "real-pyopenssl-venv.sh")], check=True,
        capture_output=True, text=True).stdout.strip())

    if args.suite == "tls":
        tls_rows(ours_py, real_py, fixtures, args.budget, args.repeat)
        return 0
    ours = run_json(ours_py, "workloads_pyopenssl.py", str(fixtures), args.budget)
    real = run_json(real_py, "workloads_pyopenssl.py", str(fixtures), args.budget)
    print(f"{'pyOpenSSL workload':42} {'ours ops/s':>12} {'real ops/s':>12} {'ours/real':>10}")
    for name in ours:
        ratio = ours[name] / real[name] if real.get(name) else float("nan")
        print(f"{name:42} {ours[name]:12.0f} {real.get(name, 0):12.0f} {ratio:10.2f}")

    on = run_json(ours_py, "telemetry_overhead.py")
    off = run_json(ours_py, "telemetry_overhead.py", env_extra={"CRYPTOSHIM_TELEMETRY": "off"})
    print()
    print("telemetry overhead per legacy call (X509.get_version, best of 5 x 200k):")
    print(f"  telemetry on : {on['shimmed_ns']:.0f} ns/call, of which shim overhead "
          f"{on['overhead_ns']:.0f} ns")
    print(f"  telemetry off: {off['shimmed_ns']:.0f} ns/call, of which shim overhead "
          f"{off['overhead_ns']:.0f} ns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
