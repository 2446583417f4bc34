"""Counts from a test run's output: trial's bwverbose lines or pytest's summary.

Both parsers return the same shape: passed / failed / errors / skipped /
deselected, the runner's own closing tally, and `problems`, one line per
failing test with its exception, so the table can say what broke.
"""
from __future__ import annotations

import re

KEYS = ("passed", "failed", "errors", "skipped", "deselected")

# bwverbose prints "test.id ... [STATUS]" per outcome; a warning printed
# during the test may follow on the same line.
TRIAL_OUTCOME = re.compile(r"^(\S+) \.\.\. \[(OK|FAILURE|ERROR|SKIPPED|TODO|SUCCESS!\?!)\]")
TRIAL_SUMMARY = re.compile(r"^(PASSED|FAILED) \((.*)\)$")
# pytest's closing line, with or without -q's missing "=" frame:
# "== 3 failed, 180 passed, 2 skipped, 1 deselected, 1 error in 3.20s ==".
PYTEST_SUMMARY = re.compile(r"^=*\s*((?:\d+ [a-z ]+(?:, )?)+) in [\d.]+s")
PYTEST_COUNT = re.compile(r"(\d+) ([a-z ]+)")
# -rfEs's short summary: "FAILED tests/x.py::T::t - ValueError: bad",
# "SKIPPED [2] tests/x.py:10: needs y".
PYTEST_SHORT = re.compile(r"^(FAILED|ERROR) (\S+)(?: - (.*))?$")
PYTEST_SKIP = re.compile(r"^SKIPPED \[\d+\] (.*)$")


def zero() -> dict:
    return dict.fromkeys(KEYS, 0)


def module_of(test_id: str, modules: list[str]) -> str:
    # A module that fails to import is reported under its own name.
    for module in modules:
        if test_id == module or test_id.startswith(module + "."):
            return module
    return "(other)"


def parse_trial(output: str, modules: list[str], deselect: dict, known: dict) -> dict:
    """Per-module counts from trial's bwverbose lines, cross-checked against
    trial's own closing tally."""
    per_module = {m: zero() for m in modules}
    problems: list[str] = []
    for line in output.splitlines():
        m = TRIAL_OUTCOME.match(line)
        if not m:
            continue
        test_id, status = m.groups()
        counts = per_module.setdefault(module_of(test_id, modules), zero())
        if status == "OK":
            counts["passed"] += 1
        elif status == "SKIPPED":
            counts["deselected" if test_id in deselect else "skipped"] += 1
        elif status in ("FAILURE", "SUCCESS!?!", "ERROR"):
            counts["errors" if status == "ERROR" else "failed"] += 1
            why = f" (known: {known[test_id]})" if test_id in known else ""
            problems.append(f"{status} {test_id}{why}")
        # TODO (an expected failure) counts as nothing: the suite expects it.
    total = {k: sum(c[k] for c in per_module.values()) for k in KEYS}
    summary = [m for m in map(TRIAL_SUMMARY.match, output.splitlines()) if m]
    says = summary[-1].group(0) if summary else "(no trial summary)"
    tally = dict(kv.split("=") for kv in summary[-1].group(2).split(", ")) if summary else {}
    if not summary:
        total["errors"] += 1
        tail = " | ".join(output.strip().splitlines()[-3:])
        problems.append(f"ERROR trial did not finish: {tail}")
    elif int(tally.get("successes", 0)) != total["passed"]:
        # A reporter format change must not silently shrink the counts.
        total["errors"] += 1
        problems.append(f"ERROR the parsed passes ({total['passed']}) disagree with "
                        f"trial's summary ({says})")
    return {**total, "modules": per_module, "summary": says, "problems": problems}


def parse_pytest(output: str, deselect: dict, known: dict) -> dict:
    """Counts from pytest's closing line; failing tests and skip reasons from
    -rfEs's lines."""
    lines = output.splitlines()
    total = zero()
    problems: list[str] = []
    summaries = [m for m in map(PYTEST_SUMMARY.match, lines) if m]
    says = summaries[-1].group(0).strip("= ") if summaries else "(no pytest summary)"
    if summaries:
        for number, word in PYTEST_COUNT.findall(summaries[-1].group(1)):
            word = word.strip()
            # "error"/"errors"; xfailed counts as nothing (the suite expects
            # it), xpassed as a pass; "subtests passed" and "warnings" are no
            # test outcomes of their own.
            key = {"error": "errors", "xpassed": "passed"}.get(word, word)
            if key in total:
                total[key] += int(number)
    else:
        total["errors"] += 1
        tail = " | ".join(output.strip().splitlines()[-3:])
        problems.append(f"ERROR pytest did not finish: {tail}")
    for line in lines:
        m = PYTEST_SHORT.match(line)
        if m:
            status, test_id, message = m.groups()
            why = f" (known: {known[test_id]})" if test_id in known else ""
            problems.append(f"{status} {test_id}: {message or ''}{why}")
    if summaries and total["deselected"] != len(deselect):
        # pytest ignores a --deselect that names no test: a stale entry
        # would hide that the suite changed.
        total["errors"] += 1
        problems.append(f"ERROR {len(deselect)} tests listed under [deselect], pytest "
                        f"deselected {total['deselected']}: a listed id names no test")
    skips = [m.group(1) for m in map(PYTEST_SKIP.match, lines) if m]
    return {**total, "summary": says, "problems": problems, "skips": skips}
