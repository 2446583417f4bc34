"""bench/pairing.py, the paired-slice protocol bench/run_bench.py times its
rows with: the slice order (ABBA, then BAAB), the per-side rate of a row, the
lockstep plan, and a whole round driven through the real Channel (the
worker's end) in threads with a fake clock, so nothing here depends on
timing. The last test drives bench_worker.py processes over real pipes on a
tiny script that prints to its stdout, and checks only names and structure."""
import json
import queue
import subprocess
import sys
import textwrap
import threading

import pytest
from bench_modules import BENCH, load_bench

pairing = load_bench("pairing")

OURS, REAL = pairing.OURS, pairing.REAL


def test_slice_order_is_abba_then_baab():
    assert pairing.slice_order(0, 1) == [OURS, REAL, REAL, OURS]
    assert pairing.slice_order(1, 1) == [REAL, OURS, OURS, REAL]
    assert pairing.slice_order(1, 3) == [REAL, OURS, OURS, REAL] * 3
    assert pairing.slice_order(2) == pairing.slice_order(0)
    for run in range(2):
        order = pairing.slice_order(run)
        # Both sides' slices have the same mean position: a linear drift cancels.
        positions = {side: [i for i, s in enumerate(order) if s == side] for side in (OURS, REAL)}
        assert sum(positions[OURS]) == sum(positions[REAL])


def test_each_side_gets_the_whole_budget_per_row():
    assert pairing.slice_seconds(0.5, pairing.slice_order(0, 1)) == pytest.approx(0.25)
    assert pairing.slice_seconds(0.5, pairing.slice_order(1, 4)) == pytest.approx(0.0625)


def test_side_rate_is_the_mean_of_the_slice_rates():
    assert pairing.side_rate([(100, 1.0), (300, 1.0)]) == pytest.approx(200.0)
    # Not calls/seconds pooled (133.3): each slice counts alike, as ABBA needs.
    assert pairing.side_rate([(100, 1.0), (100, 0.5)]) == pytest.approx(150.0)
    with pytest.raises(ValueError):
        pairing.side_rate([])


def test_plan_times_the_sides_that_are_ready():
    step = pairing.plan({OURS: {"row": 3}, REAL: {"row": 3}})
    assert (step.row, step.timed) == (3, [OURS, REAL])
    step = pairing.plan({OURS: {"row": 3, "error": "AttributeError: x"}, REAL: {"row": 3}})
    assert (step.row, step.timed) == (3, [REAL])
    step = pairing.plan({OURS: {"row": 0, "error": "e"}, REAL: {"row": 0, "error": "e"}})
    assert (step.row, step.timed) == (0, [])
    assert pairing.plan({OURS: {"done": {}}, REAL: {"done": {}}}).row is None


@pytest.mark.parametrize("messages, words", [
    ({OURS: {"row": 2}, REAL: {"row": 3}}, ["ours at row 2", "real at row 3"]),
    ({OURS: {"row": 2}, REAL: {"done": {}}}, ["ours at row 2", "real at the end"]),
    ({OURS: None, REAL: {"row": 0}}, ["ours worker exited"]),
])
def test_plan_refuses_sides_out_of_step(messages, words):
    with pytest.raises(pairing.ProtocolError) as info:
        pairing.plan(messages)
    for word in words:
        assert word in str(info.value)


class ThreadWorker:
    """A Channel in a thread behind queues: the driver's Endpoint. `timed`
    is fake: it logs (side, row, seconds) and reports `calls` per second."""

    def __init__(self, side, measure, calls, log):
        self.inbox, self.outbox = queue.Queue(), queue.Queue()
        self.row = None

        def timed(fn, seconds):
            fn()
            log.append((side, self.row, seconds))
            return calls, 1.0

        channel = pairing.Channel(lambda: self.inbox.get(timeout=10), self.outbox.put, timed)

        def rate(fn):
            self.row = fn.__name__
            return channel.rate(fn)

        def run():
            try:
                channel.done(measure(rate))
            except Exception:
                self.outbox.put(None)  # the process would exit: EOF

        threading.Thread(target=run, daemon=True).start()

    def send(self, msg):
        self.inbox.put(json.loads(json.dumps(msg)))  # only what a pipe carries

    def recv(self):
        return self.outbox.get(timeout=10)


def two_rows(rate):
    def cheap():
        pass

    def bulk():
        pass

    return {"cheap": rate(cheap), "bulk (MiB/s)": rate(bulk) * 16 / 1024}


def test_a_round_alternates_each_row_and_pairs_the_results():
    for run, first, second in ((0, OURS, REAL), (1, REAL, OURS)):
        log = []
        workers = {OURS: ThreadWorker(OURS, two_rows, 300, log),
                   REAL: ThreadWorker(REAL, two_rows, 200, log)}
        results = pairing.paired_run(workers, 0.5, run, blocks=1)
        assert log == [(first, "cheap", 0.25), (second, "cheap", 0.25),
                       (second, "cheap", 0.25), (first, "cheap", 0.25),
                       (first, "bulk", 0.25), (second, "bulk", 0.25),
                       (second, "bulk", 0.25), (first, "bulk", 0.25)]
        assert results[OURS] == {"cheap": 300.0, "bulk (MiB/s)": 300.0 * 16 / 1024}
        assert results[REAL] == {"cheap": 200.0, "bulk (MiB/s)": 200.0 * 16 / 1024}
        # The script's unit conversion cancels: the ratio is the slices' ratio.
        for name in results[OURS]:
            assert results[OURS][name] / results[REAL][name] == pytest.approx(1.5)


def test_every_row_runs_the_whole_slice_order_by_default():
    log = []
    workers = {OURS: ThreadWorker(OURS, two_rows, 300, log),
               REAL: ThreadWorker(REAL, two_rows, 200, log)}
    pairing.paired_run(workers, 0.5, 1)
    order = pairing.slice_order(1)
    assert len(order) == 4 * pairing.BLOCKS
    for row in ("cheap", "bulk"):
        slices = [(side, seconds) for side, name, seconds in log if name == row]
        assert [side for side, _ in slices] == order
        assert [seconds for _, seconds in slices] == pytest.approx([0.25 / pairing.BLOCKS] * len(order))


def test_a_side_whose_warm_up_raises_drops_out_of_that_row_only():
    def missing_api_on_ours(side):
        def measure(rate):
            def first():
                if side == OURS:
                    raise AttributeError("no such function")

            def second():
                pass

            out = {}
            for name, fn in (("first", first), ("second", second)):
                try:
                    out[name] = rate(fn)
                except AttributeError:
                    out[name] = None  # as workloads_m2crypto.py records a missing API
            return out
        return measure

    log = []
    workers = {side: ThreadWorker(side, missing_api_on_ours(side), 100, log)
               for side in (OURS, REAL)}
    results = pairing.paired_run(workers, 0.5, 0, blocks=1)
    assert results == {OURS: {"first": None, "second": 100.0},
                       REAL: {"first": 100.0, "second": 100.0}}
    assert [entry[:2] for entry in log] == [(REAL, "first"), (REAL, "first"),
                                            (OURS, "second"), (REAL, "second"),
                                            (REAL, "second"), (OURS, "second")]


def test_scripts_with_different_rows_are_refused():
    def extra_row(rate):
        def a():
            pass

        def b():
            pass

        return {"a": rate(a), "b": rate(b)}

    def one_row(rate):
        def a():
            pass

        return {"a": rate(a)}

    workers = {OURS: ThreadWorker(OURS, extra_row, 100, []),
               REAL: ThreadWorker(REAL, one_row, 100, [])}
    with pytest.raises(pairing.ProtocolError, match="diverged"):
        pairing.paired_run(workers, 0.5, 0)


SCRIPT = '''
import os
from typing import Dict


def measure(fix, rate) -> Dict[str, float]:
    print("a script's own print")  # must not reach the protocol
    os.write(1, b"and a write to fd 1, as C code would\\n")
    return {"noop": rate(lambda: None), "read fixture": rate(lambda: (fix / "x").read_bytes())}
'''


def test_worker_processes_over_pipes(tmp_path):
    (tmp_path / "x").write_bytes(b"x")
    (tmp_path / "tiny_workloads.py").write_text(SCRIPT)
    driver = textwrap.dedent(f"""
        import json, pathlib, sys
        sys.path.insert(0, {str(BENCH)!r})
        from pairing import paired_run
        from run_bench import Worker
        here = pathlib.Path({str(tmp_path)!r})
        for run in range(2):
            workers = {{side: Worker(pathlib.Path(sys.executable), str(here / "tiny_workloads.py"),
                                     here) for side in ("ours", "real")}}
            results = paired_run(workers, 0.002, run)
            for worker in workers.values():
                worker.finish()
            print(json.dumps({{"results": results,
                               "stderr": [w.errors() for w in workers.values()]}}))
    """)
    out = subprocess.run([sys.executable, "-c", driver], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(lines) == 2
    for line in lines:
        for side in ("ours", "real"):
            assert sorted(line["results"][side]) == ["noop", "read fixture"]
            assert all(value > 0 for value in line["results"][side].values())
        for stderr in line["stderr"]:
            assert "a script's own print" in stderr and "as C code would" in stderr
