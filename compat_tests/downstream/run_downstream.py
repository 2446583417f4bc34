#!/usr/bin/env python3
"""Real dependents' own test suites against cryptoshim's drop-ins (the matrix).

One TOML per dependent in this directory (see README.md for the keys). For
each: a venv with its pins and our wheel, the real library NOT installed
(checked), runs its own tests (from its pinned sdist, or from the installed
package for trial) and counts passed / failed / errors / skipped / deselected.
--compare adds a venv with the same pins plus the real library and prints its
row beside ours. Venvs, sdists and run directories live under
$CRYPTOSHIM_DOWNSTREAM_WORK (default build/downstream) and are reused.

Without --all only the dependents marked `fast = true` run (what CI runs);
--only NAME picks some by name.

Exit status: 0 when every dependent run reaches its floor of passes with the
drop-in; 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor

from outcomes import KEYS, parse_pytest, parse_trial
from venvs import clean_env, sdist_tree, venv_ours, venv_real

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WORK = pathlib.Path(os.environ.get("CRYPTOSHIM_DOWNSTREAM_WORK", ROOT / "build" / "downstream"))
# The drop-in side runs with warnings off (counted, never raised): suites
# with `filterwarnings = error` then see what they would see with the real
# library. No other warning filter is added on either side.
OURS_ENV = {"CRYPTOSHIM_WARNINGS": "off"}


def load_configs() -> list[dict]:
    configs = []
    for path in sorted(HERE.glob("*.toml")):
        config = tomllib.loads(path.read_text())
        config.setdefault("name", path.stem)
        configs.append(config)
    return configs


def run_tests(label: str, python: pathlib.Path, config: dict, env_extra: dict,
              jobs: int) -> dict:
    name = config["name"]
    print(f"\n=== {name} with {label}", flush=True)
    deselect = config.get("deselect", {})
    known = config.get("known_failures", {})
    # Wide enough that pytest does not cut the exception off the -rfEs lines.
    env = {**clean_env(), "COLUMNS": "400", **env_extra}
    if config["runner"] == "trial":
        # Trial writes _trial_temp into its working directory: one per side.
        cwd = WORK / f"run-{name}-{label}"
        cwd.mkdir(parents=True, exist_ok=True)
        modules = config["tests"]
        deselect_file = cwd / "deselect.json"
        deselect_file.write_text(json.dumps(deselect))
        # Trial's -j workers import the modules afresh, without the
        # deselection marks made in the parent: deselections force one process.
        jobs = 1 if deselect else jobs
        cmd = [python, HERE / "trial_deselect.py", deselect_file, "--", "--reporter=bwverbose",
               *(["-j", str(jobs)] if jobs > 1 else []), *modules]
    else:
        # In the sdist's root, so its own pytest configuration (filterwarnings,
        # markers, conftest.py) applies exactly as in its CI; `test_dir`, a
        # directory here, for a dependent that publishes no tests.
        if "test_dir" in config:
            cwd = HERE / config["test_dir"]
        else:
            cwd = sdist_tree(WORK, config["sdist"])
        cmd = [python, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rfEs",
               *(f"--deselect={t}" for t in deselect), *config["tests"]]
    print("+", " ".join(str(c) for c in cmd), f"(in {cwd})", flush=True)
    start = time.monotonic()
    try:
        proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=config.get("timeout", 900))
        output, returncode = proc.stdout, proc.returncode
    except subprocess.TimeoutExpired as e:
        output = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) \
            else (e.stdout or "")
        returncode = "timeout"
    elapsed = time.monotonic() - start
    log = WORK / f"{name}-{label}.log"
    log.write_text(output)
    if config["runner"] == "trial":
        counts = parse_trial(output, config["tests"], deselect, known)
    else:
        counts = parse_pytest(output, deselect, known)
    counts.update(dependent=name, label=label, seconds=round(elapsed, 1), log=str(log),
                  returncode=returncode)
    return counts


def run_dependent(config: dict, wheel: pathlib.Path, compare: bool, jobs: int) -> list[dict]:
    rows = [run_tests("cryptoshim", venv_ours(WORK, config, wheel), config, OURS_ENV, jobs)]
    if compare:
        label = config["real"].replace("==", "-")
        rows.append(run_tests(label, venv_real(WORK, config), config, {}, jobs))
    return rows


def print_table(results: list[dict], configs: dict) -> None:
    print("\n=== downstream matrix (drop-in row first; --compare adds the real library's)")
    header = f"{'dependent':18}{'side':24}" + "".join(f"{k:>11}" for k in KEYS) + \
        f"{'floor':>7}{'seconds':>9}"
    print(header)
    for r in results:
        floor = configs[r["dependent"]]["floor"] if r["label"] == "cryptoshim" else ""
        print(f"{r['dependent']:18}{r['label']:24}" + "".join(f"{r[k]:>11}" for k in KEYS)
              + f"{floor!s:>7}{r['seconds']:>9}")
    for r in results:
        if r.get("modules"):
            for module, c in r["modules"].items():
                print(f"  {r['dependent']} {r['label']} {module}: "
                      + ", ".join(f"{c[k]} {k}" for k in KEYS))
    for name, config in configs.items():
        if any(r["dependent"] == name for r in results):
            for test_id, reason in config.get("deselect", {}).items():
                print(f"  {name}: deselected {test_id}: {reason}")
    for r in results:
        print(f"  {r['dependent']} {r['label']}: {r['summary']}; log {r['log']}")
        for p in r["problems"]:
            print(f"    {p}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wheel", required=True, type=pathlib.Path, help="the cryptoshim wheel")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run only this dependent (repeatable)")
    parser.add_argument("--all", action="store_true", help="run every dependent, not only the fast")
    parser.add_argument("--compare", action="store_true",
                        help="also run each suite with the real library")
    # Most of Twisted's run is RSA key generation: two workers use both cores.
    parser.add_argument("--jobs", type=int, default=2, help="trial worker processes")
    parser.add_argument("--parallel", type=int, default=2, help="dependents run at once")
    parser.add_argument("--json", type=pathlib.Path, help="write the rows here")
    args = parser.parse_args()
    configs = {c["name"]: c for c in load_configs()}
    unknown = set(args.only) - set(configs)
    if unknown:
        parser.error(f"no such dependent: {sorted(unknown)}; known: {sorted(configs)}")
    chosen = [c for c in configs.values()
              if (c["name"] in args.only if args.only else args.all or c.get("fast"))]
    WORK.mkdir(parents=True, exist_ok=True)
    wheel = args.wheel.resolve()
    # Dependents run side by side: most suites wait on sockets and timers, not
    # the CPU, so two at a time roughly halves the wall time. Twisted's trial,
    # the longest, starts first.
    chosen.sort(key=lambda c: (c["runner"] != "trial", c["name"]))
    with ThreadPoolExecutor(max_workers=args.parallel) as pool:
        futures = [pool.submit(run_dependent, c, wheel, args.compare, args.jobs) for c in chosen]
        results = [row for f in futures for row in f.result()]
    results.sort(key=lambda r: r["dependent"])
    below = [f"{r['dependent']}: {r['passed']} passed < floor {configs[r['dependent']]['floor']}"
             for r in results
             if r["label"] == "cryptoshim" and r["passed"] < configs[r["dependent"]]["floor"]]
    print_table(results, configs)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    for line in below:
        print(f"  below the floor: {line}")
    # The plain closing line CI reads: the drop-in's rows added up.
    ours_rows = [r for r in results if r["label"] == "cryptoshim"]
    total = {k: sum(r[k] for r in ours_rows) for k in KEYS}
    print(f"downstream: {total['passed']} passed, {total['failed'] + total['errors']} failed, "
          f"{total['skipped']} skipped")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
