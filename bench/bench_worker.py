"""One side of a paired benchmark run: runs a workload script's measure()
inside this interpreter (the drop-in's venv or the real library's), its rows
timed in the slices run_bench.py asks for over stdin/stdout (the protocol is
in pairing.py). Needs only the standard library besides the script's own.

    python bench_worker.py workloads_m2crypto.py FIXTURES   # run_bench.py starts it
"""
from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import sys

from pairing import Channel
from timing import timed

HERE = pathlib.Path(__file__).resolve().parent


def load(path: pathlib.Path):
    """The workload script as a module (by path: a script may live elsewhere,
    its own imports such as `timing` resolve in this folder)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    script, fix = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    # The protocol keeps the real stdout; whatever the script or a library
    # prints (to sys.stdout or to fd 1 from C) goes to stderr instead.
    protocol = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def send(msg: dict) -> None:
        protocol.write(json.dumps(msg) + "\n")

    def recv() -> dict:
        line = sys.stdin.readline()
        if not line:  # the driver went away: nothing left to measure for
            sys.exit(1)
        return json.loads(line)

    # Python's default warning filters, as a program runs with (issue 12:
    # a legacy call costs the same with its warnings on).
    module = load(HERE / script)
    channel = Channel(recv, send, timed)
    channel.done(module.measure(fix, channel.rate))


if __name__ == "__main__":
    main()
