#!/usr/bin/env python3
"""Scores the cryptoshim x509-limbo harness.

Runs the harness on limbo.json (CRYPTOSHIM_LIMBO_JSON, else --default-suite),
prints pass / fail / skip / unexpected success / unexpected failure / HANG,
and fails on any unexpected success or HANG, on a skipped case or unexpected
failure without a reason in the expectations file, or when passes drop below
the recorded floor, or when a case of "critical" importance does not pass.
Exit code 77 (ctest's skip) when the suite is absent, 1 under CRYPTOSHIM_REQUIRE_DATA=1.
"""
import argparse
import json
import os
import subprocess
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--harness", required=True, help="path to limbo_harness")
    ap.add_argument("--expectations", required=True, help="limbo_expectations.json")
    ap.add_argument("--default-suite", help="limbo.json used when CRYPTOSHIM_LIMBO_JSON is unset")
    ap.add_argument("--results", help="also write the harness output here")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every non-passing case")
    args = ap.parse_args()

    suite_path = os.environ.get("CRYPTOSHIM_LIMBO_JSON") or args.default_suite
    if not suite_path or not os.path.exists(suite_path):
        if os.environ.get("CRYPTOSHIM_REQUIRE_DATA") == "1":
            print(f"FAIL: x509-limbo suite not found ({suite_path!r}) and CRYPTOSHIM_REQUIRE_DATA=1")
            return 1
        print(f"SKIP: x509-limbo suite not found ({suite_path!r}); set CRYPTOSHIM_LIMBO_JSON")
        return 77
    with open(args.expectations) as f:
        expectations = json.load(f)
    with open(suite_path) as f:
        cases = {tc["id"]: tc for tc in json.load(f)["testcases"]}

    start = time.monotonic()
    proc = subprocess.run([args.harness, suite_path], capture_output=True, text=True)
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        print(f"FAIL: harness exited with {proc.returncode}")
        return 1
    output = json.loads(proc.stdout)
    if args.results:
        with open(args.results, "w") as f:
            f.write(proc.stdout)

    rows = {"pass": [], "fail": [], "skip": [], "unexpected success": [],
            "unexpected failure": [], "hang": []}
    for r in output["results"]:
        expected = cases[r["id"]]["expected_result"]
        actual = r["actual_result"]
        if actual == "SKIPPED":
            rows["skip"].append(r)
        elif actual == "HANG":
            rows["hang"].append(r)
        elif actual == expected:
            rows["pass"].append(r)
        elif actual == "SUCCESS":
            rows["unexpected success"].append(r)
        else:
            rows["unexpected failure"].append(r)
    rows["fail"] = rows["unexpected success"] + rows["unexpected failure"] + rows["hang"]

    print(f"x509-limbo: {suite_path} ({len(output['results'])} cases, harness {output['harness']}, "
          f"{elapsed:.2f} s)")
    for name in ("pass", "fail", "skip", "unexpected success", "unexpected failure", "hang"):
        print(f"  {name:<20} {len(rows[name]):>5}")

    problems = []
    skip_reasons = expectations["skipped"]
    allowed_failures = expectations["allowed_unexpected_failures"]
    for r in rows["skip"]:
        if r["id"] not in skip_reasons:
            problems.append(f"skipped without a recorded reason: {r['id']} ({r['context']})")
    for r in rows["unexpected failure"]:
        if r["id"] not in allowed_failures:
            problems.append(f"unexpected failure not allowlisted: {r['id']} ({r['context']})")
    for r in rows["unexpected success"]:
        problems.append(f"UNEXPECTED SUCCESS: {r['id']} ({r['context']})")
    for r in rows["hang"]:
        problems.append(f"HANG: {r['id']} ({r['context']})")
    # importance "critical" marks cases whose failure may be exploitable: they
    # must pass outright, never be skipped or allowlisted.
    for name in ("skip", "unexpected failure"):
        for r in rows[name]:
            if cases[r["id"]].get("importance") == "critical":
                problems.append(f"critical-importance case did not pass: {r['id']} ({r['context']})")
    floor = expectations["pass_floor"]
    if len(rows["pass"]) < floor:
        problems.append(f"passes dropped below the floor: {len(rows['pass'])} < {floor}")
    if args.verbose:
        for name in ("skip", "unexpected success", "unexpected failure", "hang"):
            for r in rows[name]:
                importance = cases[r["id"]].get("importance") or "undetermined"
                print(f"  [{name}] ({importance}) {r['id']}: {r['context']}")
    for p in problems:
        print("  " + p)
    print("FAIL" if problems else "OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
