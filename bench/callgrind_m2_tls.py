#!/usr/bin/env python3
"""Instructions (callgrind) or system calls (strace -c -f) per call of the
M2Crypto.SSL loopback rows (bench/workloads_m2_tls.py, the very callables
run_bench.py times): steady measures on a loaded machine, where the timings
of a handshake swing with the other processes.

Each row runs N and 2N times in separate processes (telemetry on, warnings
ignored, as run_bench.py runs them); the difference of the two totals over N
is the cost of one call, free of start-up, import and set-up.

    python bench/callgrind_m2_tls.py --python .venv/bin/python \\
        --python $CRYPTOSHIM_REAL_M2CRYPTO_PYTHON [--tool strace] [--n 20] \\
        [--only full] [--keep DIR]

--keep DIR leaves the 2N run's callgrind.out (for callgrind_annotate) or
strace summary there. Needs valgrind or strace.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import re
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent

# Run inside the measured interpreter: argv = fixtures dir, row label, n.
CHILD = r"""
import pathlib, sys
fixtures, label, n, bench = sys.argv[1:5]

sys.path.insert(0, bench)
import workloads_m2_tls
rows, close = workloads_m2_tls.workloads(pathlib.Path(fixtures))
work = rows[label]


def loop(n):
    for _ in range(n):
        work()


work()
loop(int(n))
close()
"""
ROWS = {
    "full": "M2Crypto.SSL TLS 1.3 full handshake, P-256 (loopback)",
    "resumed": "M2Crypto.SSL TLS 1.3 resumed handshake (loopback)",
    "bulk16k": "M2Crypto.SSL TLS 1.3 bulk, 16 KiB writes (MiB/s, loopback)",
    "bulk1m": "M2Crypto.SSL TLS 1.3 bulk, 1 MiB writes (MiB/s, loopback)",
}
# Calls per row at --n 1: bulk calls are far cheaper than handshakes.
WEIGHT = {"full": 1, "resumed": 2, "bulk16k": 20, "bulk1m": 1}


def _run(argv: list[str]) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, env=_env(), cwd=HERE)
    if done.returncode != 0:
        raise RuntimeError(f"{argv[:4]} failed:\n{done.stderr[-3000:]}")


def _env() -> dict:
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR")}


def _argv(python: str, fixtures: pathlib.Path, row: str, n: int) -> list[str]:
    return [str(pathlib.Path(python).absolute()), "-c", CHILD, str(fixtures), ROWS[row],
            str(n), str(HERE)]


def instructions(python: str, fixtures: pathlib.Path, row: str, n: int,
                 keep: pathlib.Path | None) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "callgrind.out"
        _run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
              *_argv(python, fixtures, row, n)])
        text = out.read_text()
        if keep is not None:
            (keep / f"callgrind.{row}.{pathlib.Path(python).parent.parent.name}").write_text(text)
        summary = re.search(r"^summary:\s+(\d+)", text, re.M)
        if summary is None:
            raise RuntimeError(f"no callgrind summary for {row}")
        return {"instructions": int(summary.group(1))}


def syscalls(python: str, fixtures: pathlib.Path, row: str, n: int,
             keep: pathlib.Path | None) -> dict[str, int]:
    """{syscall: calls} and 'total' from strace -c -f."""
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "strace.txt"
        _run(["strace", "-c", "-f", "-o", str(out), *_argv(python, fixtures, row, n)])
        text = out.read_text()
        if keep is not None:
            (keep / f"strace.{row}.{pathlib.Path(python).parent.parent.name}").write_text(text)
    counts: dict[str, int] = {}
    for line in text.splitlines():
        cells = line.split()
        # % time, seconds, usecs/call, calls, [errors], syscall
        if len(cells) >= 5 and cells[0][0].isdigit() and cells[3].isdigit():
            counts[cells[-1]] = int(cells[3])
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", action="append", required=True, help="repeatable")
    parser.add_argument("--n", type=int, default=10, help="handshakes (bulk rows: more)")
    parser.add_argument("--only", action="append", choices=ROWS)
    parser.add_argument("--tool", choices=("callgrind", "strace"), default="callgrind")
    parser.add_argument("--keep", type=pathlib.Path)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from fixtures import write_fixtures

    fixtures = HERE / "_work" / "fixtures"
    fixtures.parent.mkdir(exist_ok=True)
    write_fixtures(fixtures)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
    measure = instructions if args.tool == "callgrind" else syscalls
    unit = "instructions" if args.tool == "callgrind" else "syscalls"
    print(f"{unit + ' per call':24}" + "".join(f"{p[-40:]:>42}" for p in args.python))
    for row in args.only or ROWS:
        n = args.n * WEIGHT[row]
        per_python = []
        for python in args.python:
            small = measure(python, fixtures, row, n, None)
            large = measure(python, fixtures, row, 2 * n, args.keep)
            per_python.append({k: (large.get(k, 0) - small.get(k, 0)) / n
                               for k in set(small) | set(large)})
        if args.tool == "callgrind":
            print(f"{row:24}" + "".join(f"{d['instructions']:42.0f}" for d in per_python),
                  flush=True)
            continue
        print(f"{row + ' total':24}" + "".join(f"{d.get('total', 0):42.1f}" for d in per_python))
        names = sorted({k for d in per_python for k, v in d.items()
                        if k != "total" and abs(v) >= 0.05})
        for name in names:
            print(f"  {name:22}" + "".join(f"{d.get(name, 0):42.1f}" for d in per_python))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
