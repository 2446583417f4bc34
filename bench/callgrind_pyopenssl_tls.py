#!/usr/bin/env python3
"""Instructions per operation of the OpenSSL.SSL rows (workloads_tls.py)
under callgrind: a steady measure where timings swing with the machine's
load. The workload script runs unchanged with a `rate` that calls the chosen
row's function N (then 2N) times and every other row's once; the difference
of the two instruction totals over N is the cost of one operation (one
handshake, one bulk transfer of the row's write size), free of set-up.

    python bench/callgrind_pyopenssl_tls.py --python .venv/bin/python \\
        --python $CRYPTOSHIM_REAL_PYOPENSSL_SAMEBUILD_PYTHON [--n N] [--only 1]

`--syscalls` counts the system calls per operation instead (strace -c -f,
the same N/2N difference). Prints one table, a column per interpreter.
"""

from __future__ import annotations

import argparse
import collections
import os
import pathlib
import re
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent

# The order in which tls_workloads() calls rate(), and the default N per row:
# enough operations that the set-up's stray costs (a garbage collection, a
# retried read) vanish in the difference (N=20 for 16 KiB writes still
# swung by 10%).
ROWS = (
    ("full handshake (loopback)", 20),
    ("resumed handshake (loopback)", 40),
    ("bulk 16 KiB (loopback)", 300),
    ("bulk 1 MiB (loopback)", 20),
    ("bulk 16 KiB (memory BIO)", 300),
    ("bulk 64 KiB (memory BIO)", 100),
    ("full handshake (memory BIO)", 20),
    ("TLS 1.2 resumed (memory BIO)", 20),
)

# Run inside the measured interpreter: argv = fixtures dir, row index, n.
CHILD = r"""
import pathlib, sys, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, sys.argv[4])
from workloads_tls import tls_workloads
chosen, n, seen = int(sys.argv[2]), int(sys.argv[3]), [0]

def rate(fn):
    fn()
    if seen[0] == chosen:
        for _ in range(n):
            fn()
    seen[0] += 1
    return 1.0

tls_workloads(pathlib.Path(sys.argv[1]), rate)
"""


def _env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR")}


def _argv(python: str, fixtures: pathlib.Path, row: int, n: int) -> list:
    return [
        str(pathlib.Path(python).absolute()),
        "-c",
        CHILD,
        str(fixtures),
        str(row),
        str(n),
        str(HERE),
    ]


def instructions(python: str, fixtures: pathlib.Path, row: int, n: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "callgrind.out"
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                *_argv(python, fixtures, row, n),
            ],
            check=True,
            capture_output=True,
            env=_env(),
            cwd=HERE,
        )
        summary = re.search(r"^summary:\s+(\d+)", out.read_text(), re.M)
        if summary is None:
            raise RuntimeError(f"no callgrind summary for row {row}")
        return int(summary.group(1))


def syscalls(python: str, fixtures: pathlib.Path, row: int, n: int) -> collections.Counter:
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "strace.out"
        subprocess.run(
            ["strace", "-f", "-c", "-o", str(out), *_argv(python, fixtures, row, n)],
            check=True,
            capture_output=True,
            env=_env(),
            cwd=HERE,
        )
        counts: collections.Counter = collections.Counter()
        for line in out.read_text().splitlines():
            fields = line.split()
            # % time, seconds, usecs/call, calls, [errors], syscall
            if len(fields) >= 5 and fields[0][0].isdigit() and fields[-1] != "total":
                counts[fields[-1]] += int(fields[3])
        return counts


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--python", action="append", required=True, help="repeatable")
    parser.add_argument("--n", type=int, help="operations per run (default: per row)")
    parser.add_argument(
        "--only",
        action="append",
        type=int,
        choices=range(len(ROWS)),
        help="row index (repeatable): " + ", ".join(f"{i} {r}" for i, (r, _) in enumerate(ROWS)),
    )
    parser.add_argument("--syscalls", action="store_true", help="strace -c, not callgrind")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from fixtures import write_fixtures

    fixtures = HERE / "_work" / "fixtures"
    fixtures.parent.mkdir(exist_ok=True)
    write_fixtures(fixtures)
    what = "syscalls per op" if args.syscalls else "instructions per op"
    print(f"{what:30}" + "".join(f"{p[-40:]:>42}" for p in args.python))
    for row in args.only or range(len(ROWS)):
        name, n = ROWS[row][0], args.n or ROWS[row][1]
        cells = []
        for python in args.python:
            if args.syscalls:
                small = syscalls(python, fixtures, row, n)
                large = syscalls(python, fixtures, row, 2 * n)
                diff = {k: (large[k] - small[k]) / n for k in large}
                shown = ", ".join(
                    f"{k} {v:.1f}"
                    for k, v in sorted(diff.items(), key=lambda kv: -kv[1])
                    if v >= 0.05
                )
                cells.append(f"  {shown}")
            else:
                small = instructions(python, fixtures, row, n)
                large = instructions(python, fixtures, row, 2 * n)
                cells.append(f"{(large - small) / n:42.0f}")
        print(f"{name:30}" + "".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
