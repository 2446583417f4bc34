"""Paired timing: one worker process per side (ours, real), each running the
same workload script, stepped through the script's rows together so that a
row's two sides are timed in slices that alternate within about a second,
instead of tens of seconds apart (this 2-vCPU VM drifts in between).

Both ends of the protocol live here; run_bench.py spawns the workers
(bench_worker.py) and calls paired_run(), once per alternation round.

A workload script's `measure(fix, rate)` calls `rate(fn)` once per row. In a
worker that rate is Channel.rate: it makes the warm-up call timing.rate
makes, says the row is ready, then times `fn` in the slices the driver asks
for, and returns the mean of its slice rates when the driver says "next".
Rows are numbered by their order of rate() calls, so a row added to a script
needs nothing here. The script turns the returned rate into its row value as
it always did (x size / MiB for MiB/s rows), so the ratio of the two sides'
values for a row is the ratio of their paired slice means.

Within a row the slices run in ABBA blocks (ours, real, real, ours) in even
rounds and BAAB blocks in odd ones: the two sides' slices have the same mean
time, so a drift that is linear over the row cancels, and neither side always
goes first. Each side gets `budget` seconds of timing per row per round, as a
separate run of the script per side did before.

Protocol, one JSON object per line:
    worker -> driver: {"row": k}               row k warmed up and waiting
                      {"row": k, "error": e}   row k's warm-up call raised
                      {"calls": n, "seconds": s}   one slice timed
                      {"error": e}             the slice raised
                      {"done": {name: value}}  measure() returned
    driver -> worker: {"slice": seconds}       time the waiting row this long
                      {"next": true}           return from rate(), go on
An error is re-raised inside the script, which handles it as it would a
failing rate() call (workloads_m2crypto.py records null for the row).
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Callable, Dict, List, Mapping, Optional, Protocol, Sequence, Tuple

OURS, REAL = "ours", "real"
SIDES = (OURS, REAL)


# ABBA blocks per row and round. At a load average of 8-10 (other engineers'
# builds) four blocks of budget/8 slices spread the m2crypto rows' per-round
# ratios less than one block of budget/2 slices did, at the same total time:
# median over rows of (max-min)/median 9%, 10%, 18% against 15%, 13%, 21%
# (three back-to-back pairs of 3-round runs, 2026-12-03 16:34-16:40 UTC).
BLOCKS = 4


def slice_order(run: int, blocks: int = BLOCKS) -> List[str]:
    """ABBA blocks in even rounds, BAAB blocks in odd ones."""
    first, second = (OURS, REAL) if run % 2 == 0 else (REAL, OURS)
    return [first, second, second, first] * blocks


def slice_seconds(budget: float, order: Sequence[str]) -> float:
    """Each side's slices add up to `budget` seconds per row."""
    return budget / order.count(order[0])


def side_rate(slices: Sequence[Tuple[int, float]]) -> float:
    """Mean of one side's slice rates (calls/s) for one row: with ABBA the
    mean times of both sides' slices coincide, which a pooled calls/seconds
    (weighted to the slower slice) would not keep."""
    if not slices:
        raise ValueError("no slice was timed for this row")
    return statistics.fmean(calls / seconds for calls, seconds in slices)


class ProtocolError(RuntimeError):
    """The two sides left lockstep: different rows, or one ended early."""


@dataclass
class Step:
    row: Optional[int]  # None: both scripts are done
    timed: List[str]  # the sides to time on this row (a side whose warm-up raised is out)


def plan(messages: Dict[str, Optional[dict]]) -> Step:
    """What to do with each side's next message (None: the worker exited)."""
    got: Dict[str, dict] = {}
    for side, msg in messages.items():
        if msg is None:
            raise ProtocolError(f"the {side} worker exited before its script finished")
        got[side] = msg
    if all("done" in msg for msg in got.values()):
        return Step(None, [])
    rows = {side: msg.get("row") for side, msg in got.items()}
    if any("done" in msg for msg in got.values()) or len(set(rows.values())) != 1:
        where = ", ".join(f"{side} at {'the end' if row is None else f'row {row}'}"
                          for side, row in rows.items())
        raise ProtocolError(f"the sides' scripts diverged ({where}): they must call rate() "
                            "for the same rows in the same order")
    timed = [side for side in SIDES if side in got and "error" not in got[side]]
    return Step(next(iter(rows.values())), timed)


class Endpoint(Protocol):
    """The driver's end of one worker's pipe."""

    def send(self, msg: dict) -> None: ...

    def recv(self) -> Optional[dict]: ...


def paired_run(workers: Mapping[str, Endpoint], budget: float, run: int,
               blocks: int = BLOCKS) -> Dict[str, dict]:
    """One alternation round through every row of the workers' script:
    returns each side's {row name: value}, as the script computed them."""
    order = slice_order(run, blocks)
    seconds = slice_seconds(budget, order)
    while True:
        messages = {side: worker.recv() for side, worker in workers.items()}
        step = plan(messages)
        if step.row is None:
            return {side: msg["done"] for side, msg in messages.items() if msg is not None}
        timed = list(step.timed)
        for side in order:
            if side not in timed:
                continue
            workers[side].send({"slice": seconds})
            reply = workers[side].recv()
            if reply is None:
                raise ProtocolError(f"the {side} worker exited during row {step.row}")
            if "error" in reply:  # the script has the exception now: this side is out
                timed.remove(side)
        for side in timed:
            workers[side].send({"next": True})


class Channel:
    """The worker's end: its `rate` is the one handed to the script's measure()."""

    def __init__(self, recv: Callable[[], dict], send: Callable[[dict], None],
                 timed: Callable[[Callable[[], object], float], Tuple[int, float]]):
        self._recv, self._send, self._timed = recv, send, timed
        self._rows = 0

    def rate(self, fn: Callable[[], object]) -> float:
        row, self._rows = self._rows, self._rows + 1
        try:
            fn()  # the warm-up call timing.rate makes
        except Exception as exc:
            self._send({"row": row, "error": describe(exc)})
            raise
        self._send({"row": row})
        slices: List[Tuple[int, float]] = []
        while True:
            command = self._recv()
            if command.get("next"):
                return side_rate(slices)
            try:
                calls, seconds = self._timed(fn, float(command["slice"]))
            except Exception as exc:
                self._send({"error": describe(exc)})
                raise
            slices.append((calls, seconds))
            self._send({"calls": calls, "seconds": seconds})

    def done(self, results: Dict[str, Optional[float]]) -> None:
        self._send({"done": results})


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
