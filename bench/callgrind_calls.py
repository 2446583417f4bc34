#!/usr/bin/env python3
"""Instructions (callgrind) or system calls (strace -c -f) per call of the
timed rows: a steady measure on a loaded machine, where timings swing with
the other processes. `--tool memory` gives the memory each call leaves held
(a leak or an ever-growing cache shows as bytes per call).

The measured interpreter runs the suite's own workload script, the very
measure(fix, rate) that run_bench.py times, with a `rate` that calls the
chosen row's function N (then 2N) more times and every other row's once; the
difference of the two totals over N is the cost of one call, free of
start-up, import and set-up (telemetry on, Python's default warning
filters, as timed).

    python bench/callgrind_calls.py --suite m2crypto --python .venv/bin/python \\
        --python $CRYPTOSHIM_REAL_M2CRYPTO_PYTHON [--n 2000] [--only ROW]
    python bench/callgrind_calls.py --suite pyopenssl-tls --tool strace ...

Rows are the script's (`--list` prints them), plus "loop only (lambda: None)"
(the call of an empty lambda: subtract it for the cost of the call itself)
and "X509.get_version" (the telemetry suite's cheapest call) for the crypto
suites. `--keep DIR` leaves both runs' callgrind.out or strace summaries
there, as VENV.TOOL.N.out and VENV.TOOL.2N.out (callgrind_annotate's
--diff of the two, or bench/callgrind_diff.py, gives where one call's cost
sits); with several rows, each row's are in DIR/row-K, K its place in
`--list`. Prints one table, a column per interpreter.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
from typing import Dict, List, Optional

HERE = pathlib.Path(__file__).resolve().parent
SCRIPTS = {"pyopenssl": "workloads_pyopenssl.py", "pyopenssl-tls": "workloads_tls.py",
           "m2crypto": "workloads_m2crypto.py", "m2crypto-tls": "workloads_m2_tls.py"}
# Rows that are not the script's: (code defining `work`) per suite.
LOOP = "loop only (lambda: None)"
EXTRA = {
    "pyopenssl": {
        LOOP: "work = lambda: None",
        "X509.get_version": "from OpenSSL import crypto; work = crypto.X509().get_version"},
    "m2crypto": {LOOP: "work = lambda: None",
                 "X509.get_version": "from M2Crypto import X509; work = X509.X509().get_version"},
}

# Run inside the measured interpreter: argv = script, fixtures, row index or
# extra row's code, n. Index -1 lists the rows (in the order measure() times them).
CHILD = r"""
import json, pathlib, sys
sys.path.insert(0, sys.argv[5])
from bench_worker import load
module = load(pathlib.Path(sys.argv[5]) / sys.argv[1])
fix, which, n = pathlib.Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])


def loop(work, n):  # locals, not module globals: the loop costs the same everywhere
    for _ in range(n):
        work()


if which.lstrip("-").isdigit():
    seen = [0]

    def rate(fn):
        fn()  # the warm-up call timing.rate makes
        if seen[0] == int(which):
            loop(fn, n)
        seen[0] += 1
        return 1.0

    rows = module.measure(fix, rate)
    if int(which) < 0:
        print(json.dumps(list(rows)))
else:
    scope = {}
    exec(which, scope)
    scope["work"]()
    loop(scope["work"], n)
"""

# Appended to CHILD for --tool memory: what the run holds at its end, from
# glibc (bytes malloc has handed out and not had back), the kernel (resident
# bytes) and getrusage (minor page faults, each a page first touched).
MEMORY_TAIL = r"""
import ctypes, os, resource
class _Mallinfo2(ctypes.Structure):
    _fields_ = [(f, ctypes.c_size_t) for f in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
        "uordblks", "fordblks", "keepcost")]
_libc = ctypes.CDLL(None)
_libc.mallinfo2.restype = _Mallinfo2
_info = _libc.mallinfo2()
with open("/proc/self/statm") as _statm:
    _resident = int(_statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
print("MEMORY " + json.dumps({"malloc_bytes": _info.uordblks + _info.hblkhd,
                              "rss_bytes": _resident,
                              "minor_faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt}))
"""


def _argv(python: str, script: str, fixtures: pathlib.Path, which: str, n: int,
          child: str = CHILD) -> List[str]:
    return [str(pathlib.Path(python).absolute()), "-c", child, script, str(fixtures), which,
            str(n), str(HERE)]


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR")}
    # A random hash seed moved the N-vs-2N difference of the 1 MiB digest row
    # by ~30k instructions: both runs hash alike with a fixed seed.
    env["PYTHONHASHSEED"] = "0"
    return env


def _run_child(argv: List[str], python: str, script: str) -> str:
    """The measured child's stdout; its stderr's tail on a failure."""
    run = subprocess.run(argv, capture_output=True, text=True, env=_env(), cwd=HERE)
    if run.returncode != 0:
        raise SystemExit(f"{python}: {script}: exit {run.returncode}\n{run.stderr[-2000:]}")
    return run.stdout


def prepared_fixtures() -> pathlib.Path:
    """The workload scripts' fixtures, written under bench/_work/fixtures."""
    sys.path.insert(0, str(HERE))
    try:
        from fixtures import write_fixtures
    finally:
        sys.path.remove(str(HERE))
    fixtures = HERE / "_work" / "fixtures"
    fixtures.parent.mkdir(exist_ok=True)
    write_fixtures(fixtures)
    return fixtures


def rows_of(python: str, script: str, fixtures: pathlib.Path) -> List[str]:
    out = _run_child(_argv(python, script, fixtures, "-1", 0), python, script)
    return json.loads(out.splitlines()[-1])


def count(tool: str, python: str, script: str, fixtures: pathlib.Path, which: str, n: int,
          keep: Optional[pathlib.Path], cache_sim: bool = False) -> Dict[str, float]:
    """Instructions (callgrind; with cache_sim also its simulated cache misses
    and mispredicted branches, by event name), system calls (strace) or the
    memory held at the end (memory) of one run."""
    if tool == "memory":
        return _memory(python, script, fixtures, which, n)
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / f"{tool}.out"
        sim = ["--cache-sim=yes", "--branch-sim=yes"] if cache_sim else []
        wrapper = (["valgrind", "--tool=callgrind", *sim, f"--callgrind-out-file={out}"]
                   if tool == "callgrind" else ["strace", "-f", "-c", "-o", str(out)])
        _run_child([*wrapper, *_argv(python, script, fixtures, which, n)], python, script)
        text = out.read_text()
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{pathlib.Path(python).parent.parent.name}.{tool}.{n}.out").write_text(text)
        if tool == "callgrind":
            events = re.search(r"^events:\s+(.+)$", text, re.M)
            summary = re.search(r"^summary:\s+(.+)$", text, re.M)
            if events is None or summary is None:
                raise RuntimeError("no callgrind summary")
            return dict(zip(events.group(1).split(), map(float, summary.group(1).split())))
        total = re.search(r"^\s*100\.00\s+\S+\s+\S+\s+(\d+)", text, re.M)
        if total is None:
            raise RuntimeError("no strace total")
        return {"syscalls": float(total.group(1))}


def _memory(python: str, script: str, fixtures: pathlib.Path, which: str,
            n: int) -> Dict[str, float]:
    out = _run_child(_argv(python, script, fixtures, which, n, CHILD + MEMORY_TAIL), python,
                     script)
    lines = [line for line in out.splitlines() if line.startswith("MEMORY ")]
    if not lines:
        raise RuntimeError("the child printed no MEMORY line")
    return {k: float(v) for k, v in json.loads(lines[-1][len("MEMORY "):]).items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", choices=sorted(SCRIPTS), default="m2crypto")
    parser.add_argument("--python", action="append", required=True, help="repeatable")
    parser.add_argument("--n", type=int, default=2000, help="calls (slow rows want fewer)")
    parser.add_argument("--only", action="append", metavar="ROW", help="repeatable")
    parser.add_argument("--tool", choices=("callgrind", "strace", "memory"), default="callgrind",
                        help="memory: bytes malloc holds, resident bytes and minor faults "
                             "still held per call (what a call leaks or caches)")
    parser.add_argument("--keep", type=pathlib.Path, help="keep both runs' outputs here")
    parser.add_argument("--cache-sim", action="store_true",
                        help="callgrind: also simulated cache misses and mispredicted branches "
                             "(Ir I1mr D1mr D1mw ILmr DLmr DLmw Bc Bcm Bi Bim), one line each")
    parser.add_argument("--list", action="store_true", help="print the rows and stop")
    args = parser.parse_args()
    fixtures = prepared_fixtures()
    script, extra = SCRIPTS[args.suite], EXTRA.get(args.suite, {})
    rows = rows_of(args.python[0], script, fixtures)
    names = [*extra, *rows]
    if args.list:
        print("\n".join(names))
        return 0
    for row in args.only or ():
        if row not in names:
            parser.error(f"no row {row!r} in {args.suite}; the rows are: {', '.join(names)}")
    chosen = args.only or names
    width = max(len(r) for r in chosen)
    unit = {"callgrind": "instructions", "strace": "system calls",
            "memory": "bytes (and faults) held"}[args.tool]
    print(f"{unit + ' per call':{width}}" + "".join(f"{p[-40:]:>42}" for p in args.python))
    for row in chosen:
        which = extra[row] if row in extra else str(rows.index(row))
        per_call: List[Dict[str, float]] = []
        # One row's outputs in DIR, several rows' each in DIR/row-K (K: its place in --list).
        keep = (args.keep / f"row-{names.index(row)}" if args.keep is not None and len(chosen) > 1
                else args.keep)
        for python in args.python:
            small = count(args.tool, python, script, fixtures, which, args.n, keep, args.cache_sim)
            large = count(args.tool, python, script, fixtures, which, 2 * args.n, keep,
                          args.cache_sim)
            per_call.append({e: (large[e] - small[e]) / args.n for e in large})
        for i, event in enumerate(per_call[0]):  # the tool's main event first, then the rest
            label = row if i == 0 else f"  {event}"
            print(f"{label:{width}}" + "".join(f"{c[event]:42.1f}" for c in per_call), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
