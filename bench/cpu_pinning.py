"""Where the timed processes run. With two CPUs or more, every timed process
(both sides' workers, the RSS and telemetry runs) is pinned to one CPU, the
last this process may use, and the driver to the others: both sides then run
on the same CPU, so neither gets the one that takes the interrupts, or a
warmer cache, by the order the scheduler placed them in.

Measured 2026-12-06 with `run_bench.py --aa --suite m2crypto` (the real
M2Crypto against itself, identical code on both sides, 3 runs): the mean
distance of the 11 rows' ratios from 1.0 was 2.5% and 2.6% unpinned (worker
start order as is, and reversed) and 0.7% and 0.8% with both workers pinned
to one CPU.
"""
from __future__ import annotations

import os
from typing import Callable, Optional, Set, Tuple


def plan(allowed: Set[int]) -> Tuple[Optional[Set[int]], Optional[Set[int]]]:
    """(CPUs of the timed processes, CPUs of the driver); (None, None) when
    there is one CPU (nothing to choose)."""
    if len(allowed) < 2:
        return None, None
    last = max(allowed)
    return {last}, allowed - {last}


class Pinning:
    """The plan for this process, applied: `driver()` pins the caller,
    `preexec` (None when unpinned) pins a child before it execs."""

    def __init__(self, enabled: bool = True) -> None:
        # No affinity calls (macOS): nothing to pin, as with one CPU.
        can_pin = enabled and hasattr(os, "sched_getaffinity")
        self.timed, self.rest = plan(set(os.sched_getaffinity(0))) if can_pin else (None, None)

    def driver(self) -> None:
        if self.rest is not None:
            os.sched_setaffinity(0, self.rest)

    @property
    def preexec(self) -> Optional[Callable[[], None]]:
        cpus = self.timed
        if cpus is None:
            return None
        return lambda: os.sched_setaffinity(0, cpus)

    def describe(self) -> str:
        if self.timed is None:
            return "timed processes not pinned (one CPU, no affinity calls, or --no-pin)"
        return (f"timed processes (both sides) pinned to CPU {sorted(self.timed)}, "
                f"the driver to CPU {sorted(self.rest or ())}")
