#!/usr/bin/env python3
"""Twisted's TLS tests against cryptoshim's OpenSSL drop-in (the downstream judge).

Makes a venv with the pinned Twisted (twisted.toml), our wheel and NOT the real
pyOpenSSL, runs `python -m twisted.trial` on Twisted's TLS test modules, and
counts passed / failed / skipped / errors per module. With --compare it makes a second
venv with the same pins plus the real pyOpenSSL and prints both rows side by
side. Venvs and trial's working directories live under
$CRYPTOSHIM_DOWNSTREAM_WORK (default build/downstream).

Exit status: 0 when the drop-in reaches the floor of passes; 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import time
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WORK = pathlib.Path(os.environ.get("CRYPTOSHIM_DOWNSTREAM_WORK", ROOT / "build" / "downstream"))
PIP = ["-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps"]
# bwverbose prints "test.id ... [STATUS]" per outcome; a warning printed
# during the test may follow on the same line.
OUTCOME = re.compile(r"^(\S+) \.\.\. \[(OK|FAILURE|ERROR|SKIPPED|TODO|SUCCESS!\?!)\]")
SUMMARY = re.compile(r"^(PASSED|FAILED) \((.*)\)$")


def run(cmd: list, **kw) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


def probe(python: pathlib.Path, code: str) -> str:
    return subprocess.run([str(python), "-c", code], check=True, capture_output=True,
                          text=True, env=clean_env()).stdout.strip()


def clean_env() -> dict:
    # No dev-build paths and no trust-store overrides leak into the venvs.
    drop = ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR", "SSL_CERT_FILE", "SSL_CERT_DIR")
    return {k: v for k, v in os.environ.items() if k not in drop}


def make_venv(name: str, packages: list[str]) -> pathlib.Path:
    path = WORK / name
    python = path / "bin" / "python"
    if not python.exists():
        run([sys.executable, "-m", "venv", path])
    # --no-deps everywhere: the pins are the whole environment, so nothing
    # can pull in the real pyOpenSSL behind our back.
    run([python, *PIP, *packages])
    return python


def with_dropins(wheel: pathlib.Path) -> list[str]:
    """The cryptoshim wheel, then the drop-in wheels (pyOpenSSL, M2Crypto) that
    scripts/wheelhouse.sh puts beside it; cryptoshim first, so a reinstall over
    an older cryptoshim that still carried OpenSSL/ cannot remove their files."""
    dropins = [*wheel.parent.glob("pyopenssl-*+cryptoshim.*.whl"),
               *wheel.parent.glob("m2crypto-*+cryptoshim.*.whl")]
    return [str(wheel), *sorted(str(p) for p in dropins)]


def venv_ours(config: dict, wheel: pathlib.Path) -> pathlib.Path:
    python = make_venv("venv-twisted-cryptoshim", config["requirements"])
    for each in with_dropins(wheel):  # one pip call per wheel, cryptoshim first
        run([python, *PIP, "--force-reinstall", each])
    version = probe(python, "import importlib.metadata as m; print(m.version('pyOpenSSL'))")
    if "+cryptoshim." not in version:
        raise SystemExit(f"the real pyOpenSSL {version} is installed in {python}")
    where = probe(python, "import OpenSSL, cryptoshim; print(OpenSSL.__file__)")
    print(f"  OpenSSL resolves to {where} (cryptoshim drop-in)")
    return python


def venv_real(config: dict) -> pathlib.Path:
    python = make_venv("venv-twisted-real", [*config["requirements"], config["real_pyopenssl"]])
    where = probe(python, "import OpenSSL, importlib.util as u; "
                          "assert u.find_spec('cryptoshim') is None, 'cryptoshim is installed'; "
                          "print(OpenSSL.__file__, OpenSSL.__version__)")
    print(f"  OpenSSL resolves to {where} (real pyOpenSSL)")
    return python


KEYS = ("passed", "failed", "errors", "skipped", "deselected")


def module_of(test_id: str, modules: list[str]) -> str:
    # A module that fails to import is reported under its own name.
    for module in modules:
        if test_id == module or test_id.startswith(module + "."):
            return module
    return "(other)"


def parse(output: str, modules: list[str], deselect: dict, known: dict) -> dict:
    """Per-module counts from trial's bwverbose lines, cross-checked against
    trial's own closing tally."""
    per_module = {m: dict.fromkeys(KEYS, 0) for m in modules}
    problems: list[str] = []
    for line in output.splitlines():
        m = OUTCOME.match(line)
        if not m:
            continue
        test_id, status = m.groups()
        counts = per_module.setdefault(module_of(test_id, modules), dict.fromkeys(KEYS, 0))
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
    summary = [m for m in map(SUMMARY.match, output.splitlines()) if m]
    trial_says = summary[-1].group(0) if summary else "(no trial summary)"
    tally = dict(kv.split("=") for kv in summary[-1].group(2).split(", ")) if summary else {}
    if not summary:
        total["errors"] += 1
        tail = " | ".join(output.strip().splitlines()[-3:])
        problems.append(f"ERROR trial did not finish: {tail}")
    elif int(tally.get("successes", 0)) != total["passed"]:
        # A reporter format change must not silently shrink the counts.
        total["errors"] += 1
        problems.append(f"ERROR the parsed passes ({total['passed']}) disagree with "
                        f"trial's summary ({trial_says})")
    return {**total, "modules": per_module, "trial_summary": trial_says, "problems": problems}


def run_trial(label: str, python: pathlib.Path, config: dict, jobs: int) -> dict:
    print(f"\n=== twisted {config['twisted']} TLS tests with {label}", flush=True)
    modules = [*config["modules"], *config.get("extra_modules", [])]
    cwd = WORK / f"trial-{label}"
    cwd.mkdir(parents=True, exist_ok=True)
    deselect = config.get("deselect", {})
    deselect_file = cwd / "deselect.json"
    deselect_file.write_text(json.dumps(deselect))
    # Trial's -j workers import the modules afresh, without the deselection
    # marks made in the parent: deselections force one process.
    jobs = 1 if deselect else jobs
    cmd = [python, HERE / "trial_deselect.py", deselect_file, "--", "--reporter=bwverbose",
           *(["-j", str(jobs)] if jobs > 1 else []), *modules]
    print("+", " ".join(str(c) for c in cmd), flush=True)
    start = time.monotonic()
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=clean_env(), text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=1800)
    elapsed = time.monotonic() - start
    log = cwd / "trial.log"
    log.write_text(proc.stdout)
    counts = parse(proc.stdout, modules, deselect, config.get("known_failures", {}))
    counts.update(label=label, seconds=round(elapsed, 1), log=str(log), returncode=proc.returncode)
    return counts


def print_rows(rows: list[dict], config: dict) -> None:
    print(f"\n=== Twisted {config['twisted']} TLS tests, per module")
    header = "".join(f"{k:>11}" for k in KEYS)
    for module in rows[0]["modules"]:
        print(f"{module}\n  {'':26}{header}")
        for r in rows:
            c = r["modules"].get(module, dict.fromkeys(KEYS, 0))
            print(f"  {r['label']:26}" + "".join(f"{c[k]:>11}" for k in KEYS))
    print(f"all modules\n  {'':26}{header}{'seconds':>9}")
    for r in rows:
        print(f"  {r['label']:26}" + "".join(f"{r[k]:>11}" for k in KEYS) + f"{r['seconds']:>9}")
    for test_id, reason in config.get("deselect", {}).items():
        print(f"  deselected {test_id}: {reason}")
    for r in rows:
        print(f"  {r['label']}: trial says {r['trial_summary']}; log {r['log']}")
        for p in r["problems"]:
            print(f"    {p}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wheel", required=True, type=pathlib.Path, help="the cryptoshim wheel")
    parser.add_argument("--compare", action="store_true",
                        help="also run the same tests with the real pyOpenSSL")
    parser.add_argument("--config", type=pathlib.Path, default=HERE / "twisted.toml")
    # Most of the run is RSA key generation in the tests' fixtures: two
    # trial workers use both cores.
    parser.add_argument("--jobs", type=int, default=2, help="trial worker processes")
    parser.add_argument("--json", type=pathlib.Path, help="write the rows here")
    args = parser.parse_args()
    config = tomllib.loads(args.config.read_text())
    WORK.mkdir(parents=True, exist_ok=True)
    ours = run_trial("cryptoshim", venv_ours(config, args.wheel.resolve()), config, args.jobs)
    rows = [ours]
    if args.compare:
        real = config["real_pyopenssl"].replace("==", " ")
        rows.append(run_trial(real.replace(" ", "-"), venv_real(config), config, args.jobs))
    print_rows(rows, config)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    ok = ours["passed"] >= config["floor"]
    if not ok:
        print(f"  below the floor: {ours['passed']} < {config['floor']}")
    # The plain closing line CI reads: the drop-in's row.
    print(f"twisted: {ours['passed']} passed, {ours['failed'] + ours['errors']} failed, "
          f"{ours['skipped']} skipped")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
