"""The one timing loop every workload script uses (no library imports, so
each venv can load it). CRYPTOSHIM_BENCH_CLOCK=cpu counts this process's CPU
time instead of wall time: steadier on a shared, loaded machine.

The budget is an argument, never read from sys.argv here: a script that
imports a workload module (bench/callgrind_calls.py, bench/bench_worker.py)
has argv of its own.
"""
from __future__ import annotations

import functools
import json
import os
import pathlib
import sys
import time
from typing import Callable, Dict, Optional, Tuple

CLOCK = time.process_time if os.environ.get("CRYPTOSHIM_BENCH_CLOCK") == "cpu" else time.perf_counter
DEFAULT_BUDGET = 0.5

Rate = Callable[[Callable[[], object]], float]
Measure = Callable[[pathlib.Path, Rate], Dict[str, Optional[float]]]


def timed(fn, budget: float) -> Tuple[int, float]:
    """Calls fn for about `budget` seconds (no warm-up): (calls, seconds)."""
    n, batch, start = 0, 1, CLOCK()
    deadline, last = start + budget, start
    while True:
        for _ in range(batch):
            fn()
        n += batch
        now = CLOCK()
        if now >= deadline:
            return n, now - start
        if now - last < 0.001:  # cheap calls: read the clock less often
            batch *= 2
        last = now


def rate(fn, budget: float = DEFAULT_BUDGET) -> float:
    """Calls per second of fn over `budget` seconds (after one warm-up call)."""
    fn()
    n, seconds = timed(fn, budget)
    return n / seconds


def script_main(measure: Measure) -> None:
    """A workload script run on its own: `script.py FIXTURES [BUDGET]` prints
    measure()'s {row: rate} as one JSON line (bench/bench_worker.py drives
    the same measure() with its own rate instead)."""
    budget = float(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_BUDGET
    results = measure(pathlib.Path(sys.argv[1]), functools.partial(rate, budget=budget))
    print(json.dumps(results))
