"""The one timing loop every workload script uses (no library imports, so
each venv can load it). CRYPTOSHIM_BENCH_CLOCK=cpu counts this process's CPU
time instead of wall time: steadier on a shared, loaded machine."""
from __future__ import annotations

import os
import sys
import time

CLOCK = time.process_time if os.environ.get("CRYPTOSHIM_BENCH_CLOCK") == "cpu" else time.perf_counter
BUDGET = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5


def rate(fn, budget=None):
    """Calls per second of fn over `budget` seconds (after one warm-up call)."""
    budget = BUDGET if budget is None else budget
    fn()
    n, batch, start = 0, 1, CLOCK()
    deadline, last = start + budget, start
    while True:
        for _ in range(batch):
            fn()
        n += batch
        now = CLOCK()
        if now >= deadline:
            return n / (now - start)
        if now - last < 0.001:  # cheap calls: read the clock less often
            batch *= 2
        last = now
