#!/usr/bin/env python3
"""Markdown table of libFuzzer runs from their logs (-print_final_stats=1):
target, wall time, executions, exec/s, final cov/ft, crash artifacts.
Usage: fuzz/summarize.py build/fuzz-long/*.log"""
import pathlib
import re
import sys


def summarize(log: pathlib.Path) -> str:
    text = log.read_text(errors="replace")
    stat = dict(re.findall(r"^stat::(\w+):\s*(\d+)", text, re.M))
    done = re.findall(r"^#\d+\s+(?:DONE|pulse|NEW|REDUCE|INITED)\s+cov: (\d+) ft: (\d+)", text, re.M)
    cov, ft = done[-1] if done else ("?", "?")
    secs = re.search(r"Done \d+ runs in (\d+) second", text)
    crashes = len(re.findall(r"Test unit written to", text))
    execs = int(stat.get("number_of_executed_units", 0))
    return (f"| {log.stem} | {secs.group(1) if secs else '?'} s | {execs:,} | "
            f"{stat.get('average_exec_per_sec', '?')} | {cov} | {ft} | {crashes} |")


def main() -> int:
    print("| target | wall time | executions | exec/s | cov | ft | crash reports |")
    print("|---|---|---|---|---|---|---|")
    for arg in sys.argv[1:]:
        path = pathlib.Path(arg)
        if path.suffix == ".log" and path.stem.startswith("fuzz_"):
            print(summarize(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
