#!/usr/bin/env python3
"""Where one call's cost sits, side by side for two interpreters: from the
four callgrind outputs `callgrind_calls.py --keep DIR` leaves (each side's N
and 2N runs), the per-call difference (2N - N) / N of every function's
exclusive events, summed by shared object and listed by function.

    python bench/callgrind_diff.py DIR/.venv.callgrind DIR/venv-real-m2crypto.callgrind \\
        [--event I1mr] [--top 30]

Each prefix names a pair PREFIX.N.out and PREFIX.2N.out (N read from the
file names). The events are the runs' own (Ir; with --cache-sim also I1mr,
Bcm and the rest). The function table lists the largest differences, ours
minus theirs, either way: what one side pays that the other does not.
"""
from __future__ import annotations

import argparse
import collections
import pathlib
import re
import subprocess
import sys
from typing import Dict, List, Tuple

Costs = Dict[Tuple[str, str], List[int]]


def _pair(prefix: str) -> Tuple[pathlib.Path, pathlib.Path, int]:
    """PREFIX's N and 2N outputs and N."""
    path = pathlib.Path(prefix)
    runs = sorted((int(m.group(1)), p) for p in path.parent.glob(path.name + ".*.out")
                  if (m := re.fullmatch(re.escape(path.name) + r"\.(\d+)\.out", p.name)))
    if len(runs) != 2 or runs[1][0] != 2 * runs[0][0]:
        sys.exit(f"{prefix}: want exactly PREFIX.N.out and PREFIX.2N.out, found "
                 f"{[p.name for _, p in runs]}")
    return runs[0][1], runs[1][1], runs[0][0]


def _events(path: pathlib.Path) -> List[str]:
    with path.open() as f:
        for line in f:
            if line.startswith("events:"):
                return line.split()[1:]
    sys.exit(f"{path}: no events line")


def _exclusive(path: pathlib.Path, events: List[str]) -> Costs:
    """(object, function) -> exclusive cost per event, from callgrind_annotate."""
    out = subprocess.run(["callgrind_annotate", "--show=" + ",".join(events), "--inclusive=no",
                          "--threshold=100", str(path)],
                         capture_output=True, text=True, check=True).stdout
    row = re.compile(r"\s*\[(.*)\]$")  # "function [object]" after the numbers
    costs: Costs = {}
    for line in out.splitlines():
        fields = re.sub(r"\(\s*[\d.]+%\)", " ", line).split(None, len(events))
        if len(fields) <= len(events) or not all(re.fullmatch(r"[\d,]+|\.", f)
                                                 for f in fields[:len(events)]):
            continue
        m = row.search(fields[-1])
        if m is None:
            continue
        # callgrind_annotate prints a zero as "."
        values = [int(f.replace(",", "").replace(".", "0")) for f in fields[:len(events)]]
        function = fields[-1][:m.start()].rsplit(":", 1)[-1]
        key = (pathlib.Path(m.group(1)).name, function)
        old = costs.get(key, [0] * len(events))
        costs[key] = [a + b for a, b in zip(old, values)]
    return costs


def per_call(prefix: str, events: List[str]) -> Costs:
    small, large, n = _pair(prefix)
    a, b = _exclusive(small, events), _exclusive(large, events)
    zero = [0] * len(events)
    return {k: [(y - x) / n for x, y in zip(a.get(k, zero), b.get(k, zero))]
            for k in set(a) | set(b)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ours")
    parser.add_argument("theirs")
    parser.add_argument("--event", default="Ir", help="sort by this event (default Ir)")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    events = _events(_pair(args.ours)[0])
    if args.event not in events:
        parser.error(f"--event {args.event}: the runs have {' '.join(events)}")
    ours, theirs = per_call(args.ours, events), per_call(args.theirs, events)
    idx = events.index(args.event)
    shown = [e for e in ("Ir", "I1mr", "Bcm") if e in events] or [events[0]]
    cols = [events.index(e) for e in shown]
    zero = [0.0] * len(events)

    by_object: Dict[str, List[List[float]]] = collections.defaultdict(
        lambda: [[0.0] * len(events), [0.0] * len(events)])
    for side, costs in enumerate((ours, theirs)):
        for (obj, _fn), values in costs.items():
            total = by_object[obj][side]
            for i, v in enumerate(values):
                total[i] += v
    head = "".join(f"{e + ' ours':>13}{e + ' theirs':>13}" for e in shown)
    print(f"{'per call, by object':44}{head}")
    for obj, (o, t) in sorted(by_object.items(), key=lambda kv: -max(kv[1][0][idx],
                                                                     kv[1][1][idx])):
        if max(abs(o[idx]), abs(t[idx])) < 0.5:
            continue
        print(f"{obj[:44]:44}" + "".join(f"{o[c]:13.1f}{t[c]:13.1f}" for c in cols))
    print(f"{'total':44}" + "".join(
        f"{sum(v[0][c] for v in by_object.values()):13.1f}"
        f"{sum(v[1][c] for v in by_object.values()):13.1f}" for c in cols))

    diffs = sorted(((ours.get(k, zero)[idx] - theirs.get(k, zero)[idx], k)
                    for k in set(ours) | set(theirs)), key=lambda d: -abs(d[0]))
    print(f"\n{'per call, by function (ours - theirs), by ' + args.event:80}" +
          "".join(f"{e + ' diff':>12}" for e in shown))
    for _, key in diffs[:args.top]:
        o, t = ours.get(key, zero), theirs.get(key, zero)
        name = f"{key[1]} [{key[0]}]"
        print(f"{name[:80]:80}" + "".join(f"{o[c] - t[c]:12.1f}" for c in cols))
    return 0


if __name__ == "__main__":
    sys.exit(main())
