"""`bench/run_bench.py --check`'s gate (bench/goals.py) on synthetic row
tables, no timing: it gates exactly issue 12's done-when (every ops/s row
>= 1.0x as the median of the per-run ratios, every RSS row <= 1.0x, telemetry
overhead <= 0.2 us per call), names every failing row, reports the 5% goal as
met or not met without gating, and never gates the informational rows."""
import importlib.util
import pathlib
import sys

import pytest

GOALS = pathlib.Path(__file__).resolve().parents[2] / "bench" / "goals.py"
_spec = importlib.util.spec_from_file_location("bench_goals", GOALS)
goals = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = goals  # dataclasses look their module up there
_spec.loader.exec_module(goals)


def row(name, ratios, lower_is_better=False, gated=True):
    """A row whose per-run real rate is 100 and ours 100 * ratio."""
    r = goals.Row(name, lower_is_better, gated)
    for ratio in ratios:
        r.add(100.0 * ratio, 100.0)
    return r


def telemetry(overhead_ns, cheapest_ns=119.0):
    return goals.Telemetry(overhead_ns, "M2Crypto X509.get_version", cheapest_ns)


def test_all_goals_met_passes():
    rows = [row("load PEM certificate", [1.0, 1.2, 1.1]),
            row("RSS (lower is better)", [0.95], lower_is_better=True)]
    assert goals.failures(rows, telemetry(164.0)) == []


def test_ratio_is_the_median_of_the_runs():
    # One slow run out of three does not fail a row; two do.
    assert row("a", [0.5, 1.1, 1.2]).ratio == pytest.approx(1.1)
    assert not row("a", [0.5, 1.1, 1.2]).failed()
    assert row("b", [0.5, 0.9, 1.2]).failed()


def test_bounds_are_inclusive():
    assert goals.failures([row("even", [1.0]), row("rss", [1.0], lower_is_better=True)],
                          telemetry(200.0)) == []


def test_every_failing_row_is_named():
    rows = [row("load PEM certificate", [0.86, 0.85, 0.9]),
            row("P-256 verify (sha256)", [0.95]),
            row("RSA-2048 sign (sha256)", [1.01, 1.02, 1.0]),
            row("pyOpenSSL RSS (lower is better)", [1.03], lower_is_better=True),
            row("M2Crypto RSS (lower is better)", [0.9], lower_is_better=True)]
    failed = goals.failures(rows, telemetry(250.0))
    assert len(failed) == 4
    message = goals.failure_message(failed)
    for name in ("load PEM certificate: 0.86", "P-256 verify (sha256): 0.95",
                 "pyOpenSSL RSS (lower is better): 1.03", "telemetry overhead 250 ns"):
        assert name in message
    assert "RSA-2048 sign" not in message and "M2Crypto RSS" not in message
    assert message.startswith("goals missed (4):")


def test_a_miss_says_how_many_runs_met_the_goal():
    # A deficit (no run met it) reads apart from a row at parity (some did);
    # a one-run row has no runs to count.
    failed = goals.failures([row("deficit", [0.96, 0.97, 0.99]),
                             row("parity", [0.98, 1.01, 0.99]),
                             row("rss", [1.01, 0.99, 1.02], lower_is_better=True),
                             row("one run", [0.95])], None)
    assert failed == [
        "deficit: 0.970 ours/real (goal >= 1.0); runs 0.960..0.990, 0 of 3 met it",
        "parity: 0.990 ours/real (goal >= 1.0); runs 0.980..1.010, 1 of 3 met it",
        "rss: 1.010 ours/real (goal <= 1.0); runs 0.990..1.020, 1 of 3 met it",
        "one run: 0.950 ours/real (goal >= 1.0)",
    ]


def test_a_row_missing_a_side_fails():
    r = goals.Row("resumed")
    r.add(700.0, None)
    assert r.ratio is None
    assert goals.failures([r], None) == ["resumed: no ratio (ours 1 runs, real 0)"]


def test_informational_rows_never_gate():
    wheel = row("load PEM certificate [extra: wheel]", [0.8], gated=False)
    assert wheel.below_goal() and not wheel.failed()
    assert goals.failures([wheel], telemetry(100.0)) == []


def test_five_percent_goal_is_reported_not_gated():
    slow = telemetry(150.0, cheapest_ns=119.0)  # 126% of the cheapest call, under 0.2 us
    assert goals.failures([], slow) == []
    lines = goals.telemetry_goal_lines(slow)
    assert lines[0].endswith(": met") and "150 ns <= 200 ns" in lines[0]
    assert lines[1].endswith(": NOT met") and "<= 6.0 ns" in lines[1]
    fast = telemetry(5.0, cheapest_ns=119.0)
    assert goals.telemetry_goal_lines(fast)[1].endswith(": met")
    over = telemetry(201.0)
    assert goals.telemetry_goal_lines(over)[0].endswith(": NOT met")
    assert goals.failures([], over) == ["telemetry overhead 201 ns per call (goal <= 200 ns)"]


def test_spread_is_the_range_of_the_runs_over_their_median():
    assert row("a", [0.9, 1.0, 1.2]).spread == pytest.approx(0.3)
    assert row("b", [1.1]).spread is None  # one run: no spread to show
