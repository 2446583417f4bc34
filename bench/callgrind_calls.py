#!/usr/bin/env python3
"""Instructions per call of the M2Crypto X509/flat rows under callgrind: a
steady measure on a loaded machine, where timings swing with the other
processes. Each workload runs N and 2N times in separate callgrind processes
(telemetry on, warnings ignored, as bench/run_bench.py runs them); the
difference of the two instruction totals over N is the per-call cost, free of
start-up and import. The first row is the loop alone (a call of an empty
lambda): subtract it for the cost of the call itself.

    python bench/callgrind_calls.py --python .venv/bin/python \\
        --python $CRYPTOSHIM_REAL_M2CRYPTO_PYTHON [--n 20000] [--only X509.get_version]

Prints one table, a column per interpreter. Needs valgrind.
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

# Run inside the measured interpreter: argv = fixtures dir, workload, n. The
# rows are workloads_m2crypto.py's own (the timed rows), plus the bare loop and
# X509.get_version, the telemetry suite's cheapest call.
CHILD = r"""
import pathlib, sys
from workloads_m2crypto import workloads  # first: it sets the warnings filter
from M2Crypto import X509
work = {"loop only (lambda: None)": lambda: None, "X509.get_version": X509.X509().get_version,
        **workloads(pathlib.Path(sys.argv[1]))}
if sys.argv[2] not in work:
    sys.exit(f"no workload {sys.argv[2]!r}; the rows are: {', '.join(map(repr, work))}")
work = work[sys.argv[2]]


def loop(n):  # locals, not module globals: the loop costs the same everywhere
    for _ in range(n):
        work()


work()
loop(int(sys.argv[3]))
"""
# The cheap X509 and flat rows (a 2048-bit RSA or 1 MiB row would take minutes
# under callgrind); --only takes any row of workloads_m2crypto.py.
WORKLOADS = ("loop only (lambda: None)", "X509.get_version", "cert.get_subject().CN",
             "read subject + notAfter", "X509.load_cert_string",
             "m2.bn_to_hex(m2.dec_to_bn(...))", "m2.bio_new/bio_write/bio_read/bio_free (1 KiB)")


def instructions(python: str, fixtures: pathlib.Path, workload: str, n: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "callgrind.out"
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR")}
        run = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                              str(pathlib.Path(python).absolute()), "-c", CHILD, str(fixtures),
                              workload, str(n)],
                             capture_output=True, text=True, env=env, cwd=HERE)
        if run.returncode != 0:
            raise SystemExit(f"{python}: {workload}: exit {run.returncode}\n{run.stderr[-2000:]}")
        summary = re.search(r"^summary:\s+(\d+)", out.read_text(), re.M)
        if summary is None:
            raise RuntimeError(f"no callgrind summary for {workload}")
        return int(summary.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", action="append", required=True, help="repeatable")
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--only", action="append", metavar="ROW",
                        help="a row of workloads_m2crypto.py, or one of the defaults (repeatable)")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from fixtures import write_fixtures

    fixtures = HERE / "_work" / "fixtures"
    fixtures.parent.mkdir(exist_ok=True)
    write_fixtures(fixtures)
    width = max(len(w) for w in args.only or WORKLOADS)
    header = f"{'instructions per call':{width}}" + "".join(
        f"{p[-40:]:>42}" for p in args.python)
    print(header)
    for workload in args.only or WORKLOADS:
        cells = []
        for python in args.python:
            small = instructions(python, fixtures, workload, args.n)
            large = instructions(python, fixtures, workload, 2 * args.n)
            cells.append(f"{(large - small) / args.n:42.0f}")
        print(f"{workload:{width}}" + "".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
