"""bench/cpu_pinning.py: with two CPUs or more, both sides' timed processes
run on one CPU (the last allowed) and the driver on the rest; with one CPU
nothing is pinned. A child started with the plan's preexec really runs on
that CPU only."""
import os
import subprocess
import sys

import pytest
from bench_modules import load_bench

cpu_pinning = load_bench("cpu_pinning")


def test_plan_puts_the_timed_processes_on_the_last_cpu_and_the_driver_on_the_rest():
    assert cpu_pinning.plan({0, 1}) == ({1}, {0})
    assert cpu_pinning.plan({0, 2, 5, 7}) == ({7}, {0, 2, 5})
    assert cpu_pinning.plan({3}) == (None, None)


def test_disabled_pinning_leaves_children_alone():
    pinning = cpu_pinning.Pinning(enabled=False)
    assert pinning.preexec is None
    assert "not pinned" in pinning.describe()


def test_a_child_runs_on_the_planned_cpu_only():
    allowed = os.sched_getaffinity(0)
    if len(allowed) < 2:
        pytest.skip("one CPU: nothing is pinned")
    pinning = cpu_pinning.Pinning()
    code = "import os; print(sorted(os.sched_getaffinity(0)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         preexec_fn=pinning.preexec)
    assert out.stdout.strip() == str([max(allowed)])
    # The parent is untouched until driver() is called.
    assert os.sched_getaffinity(0) == allowed
