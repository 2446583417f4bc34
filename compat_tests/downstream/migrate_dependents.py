#!/usr/bin/env python3
"""`cryptoshim migrate --apply` on real dependents, judged by their own tests.

For each dependent (the downstream matrix's TOML: pins, real library, tests):
1. the real venv (its pins + the REAL pyOpenSSL / M2Crypto), tests run as is;
2. a second venv with the same packages, the dependent's installed package
   (and, for a flat-layout sdist, the package in a copy of the sdist, which
   its tests import first) rewritten by `python -m cryptoshim migrate --apply`;
   tests run again there, with the real library still installed (refused
   sites keep using it);
3. the migrated tree is planned again: the rewritten sites must be gone
   (no legacy API left at a migrated site), and a second --apply changes nothing.

Prints and writes (--json) per dependent: call sites, rewritten, share, and
the pass counts before and after, which must be equal. Slow (venvs, sdists,
two test runs each), so it is not in CI:

    .venv/bin/python compat_tests/downstream/migrate_dependents.py \
        [--only NAME ...] [--json build/migrate-dependents/result.json] [--plan-dir DIR]
"""
from __future__ import annotations

import argparse
import json
import pathlib
import shutil
import subprocess
import sys
import tomllib

from outcomes import parse_pytest
from venvs import clean_env, make_venv, probe, sdist_tree, venv_real

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WORK = ROOT / "build" / "migrate-dependents"
# dependent -> the package `migrate` rewrites
PACKAGES = {
    "service-identity": "service_identity",
    "josepy": "josepy",
    "javatools": "javatools",
    "acme": "acme",
    "google-auth": "google.auth",
}
DEFAULT = ["service-identity", "josepy", "javatools", "google-auth"]
# The rewritten code imports cryptography; a dependent pinned without it gets these.
CRYPTOGRAPHY = ["cryptography==43.0.3", "cffi==2.1.1", "pycparser==3.12"]
# The bridges rewrites add: to_cryptography()/to_cryptography_key() on an object
# that escapes, PKey.from_cryptography_key() where PKey() + generate_key merge.
BRIDGES = (".to_cryptography", ".to_cryptography_key", ".from_cryptography_key")


def migrate(target: pathlib.Path, plan: pathlib.Path | None, apply: bool) -> dict:
    cmd = [sys.executable, "-m", "cryptoshim", "migrate", str(target), "--format", "json"]
    out = subprocess.run(cmd + (["--apply"] if apply else []) + (["-o", str(plan)] if plan else []),
                         check=True, capture_output=True, text=True)
    if out.stderr:
        print("  " + out.stderr.strip(), flush=True)
    if plan:
        return json.loads(plan.read_text())
    return {} if apply else json.loads(out.stdout)  # --apply prints no plan without -o


def run_pytest(python: pathlib.Path, cwd: pathlib.Path, config: dict, label: str) -> dict:
    cmd = [str(python), "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rfEs",
           *(f"--deselect={t}" for t in config.get("deselect", {})), *config["tests"]]
    print(f"+ {' '.join(cmd)} (in {cwd})", flush=True)
    proc = subprocess.run(cmd, cwd=cwd, env={**clean_env(), "COLUMNS": "400"}, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=config.get("timeout", 900))
    (WORK / f"{config['name']}-{label}.log").write_text(proc.stdout)
    return parse_pytest(proc.stdout, config.get("deselect", {}), config.get("known_failures", {}))


def test_tree(config: dict) -> pathlib.Path:
    if "test_dir" in config:
        return HERE / config["test_dir"]
    return sdist_tree(WORK, config["sdist"])


def one(name: str, plan_dir: pathlib.Path) -> dict:
    config = tomllib.loads((HERE / f"{name}.toml").read_text())
    config["name"] = name
    package = PACKAGES[name]
    real_py = venv_real(WORK, config)
    tests = test_tree(config)
    before = run_pytest(real_py, tests, config, "real")

    extra = [] if any(r.startswith("cryptography==") for r in config["requirements"]) else CRYPTOGRAPHY
    mig_py = make_venv(WORK / f"venv-{name}-migrated", [*config["requirements"], config["real"], *extra])
    installed = pathlib.Path(probe(mig_py, f"import {package}, os; print(os.path.dirname({package}.__file__))"))
    targets = [installed]
    mig_tests = tests
    if "test_dir" not in config:
        # A fresh copy of the sdist: a flat layout's tests import the package from it.
        mig_tests = WORK / "src-migrated" / tests.name
        if mig_tests.exists():
            shutil.rmtree(mig_tests)
        shutil.copytree(tests, mig_tests)
        if (mig_tests / package.replace(".", "/")).is_dir():
            targets.append(mig_tests / package.replace(".", "/"))
    # Fresh sources in the migrated venv: reinstall the dependent's own pin.
    pin = next(r for r in config["requirements"] if r.lower().startswith(name.replace("-", "_").lower() + "==")
               or r.lower().startswith(name.lower() + "=="))
    subprocess.run([str(mig_py), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", pin],
                   check=True, env=clean_env())
    plan_dir.mkdir(parents=True, exist_ok=True)
    plan = migrate(installed, plan_dir / f"{name}.plan.json", apply=True)
    for extra_target in targets[1:]:
        migrate(extra_target, None, apply=True)
    again = migrate(installed, None, apply=False)
    after = run_pytest(mig_py, mig_tests, config, "migrated")
    second = subprocess.run([sys.executable, "-m", "cryptoshim", "migrate", str(installed), "--diff"],
                            check=True, capture_output=True, text=True).stdout
    s = plan["summary"]
    left = {(r["api"]) for r in again["rows"] if r["kind"] == "call"}

    def bridges(rows):  # the bridges rewrites add (BRIDGES)
        return sum(r["kind"] == "call" and r["api"].endswith(BRIDGES) for r in rows)

    added = bridges(again["rows"]) - bridges(plan["rows"])
    return {
        "dependent": name,
        "package": package,
        "sites": s["sites"],
        "rewritten": s["rewritten"],
        "refused": s["refused"],
        "manual": s["manual"],
        "share": s["migrated_share"],
        "sites_after": again["summary"]["sites"],
        "bridges_added": added,
        "legacy_left_apis": sorted(left),
        "idempotent": second == "",
        "passed_before": before["passed"],
        "passed_after": after["passed"],
        "failed_after": after["failed"] + after["errors"],
        "same_passes": before["passed"] == after["passed"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", default=[], choices=sorted(PACKAGES))
    parser.add_argument("--json", type=pathlib.Path)
    parser.add_argument("--plan-dir", type=pathlib.Path, default=WORK / "plans")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    rows = [one(name, args.plan_dir) for name in (args.only or DEFAULT)]
    print("\n| dependent | call sites | rewritten | share | sites left (bridges added) "
          "| passed before | passed after | idempotent |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r['dependent']} | {r['sites']} | {r['rewritten']} | {100 * r['share']:.0f}% | "
              f"{r['sites_after']} ({r['bridges_added']}) | {r['passed_before']} | "
              f"{r['passed_after']} | {r['idempotent']} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    # Every rewritten site is gone; what is left is the refused and manual
    # sites plus the to_cryptography() bridges the rewrites added.
    ok = all(r["same_passes"] and r["idempotent"] and
             r["sites_after"] == r["sites"] - r["rewritten"] + r["bridges_added"] for r in rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
