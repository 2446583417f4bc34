#!/usr/bin/env python3
"""Wall time of Twisted's TLS tests (the downstream judge, twisted.toml)
through the drop-in and through the real pyOpenSSL, on the same OpenSSL and
on cryptography's wheel. Issue 12 quotes this suite as the drop-in's
real-world cost; the microbenchmarks cannot show where a whole suite's time
goes.

Three venvs, the same Twisted pins (compat_tests/downstream/twisted.toml):
  drop-in     the cryptoshim wheel (as the downstream runner makes it, with
              CRYPTOSHIM_WARNINGS=off as the runner runs it);
  same-build  the real pyOpenSSL 23.0.0 on cryptography 39.0.2 whose OpenSSL
              module is the one scripts/real-pyopenssl-samebuild-venv.sh
              compiled against the system OpenSSL the drop-in links, with
              service-identity 23.1.0 (26.1.0 needs a newer cryptography);
  wheel       the real pyOpenSSL 26.4.0 on cryptography's wheel, which
              carries its own OpenSSL (the runner's --compare row).
Each round runs trial once per venv, one process, one module after another
(no -j: two workers would share this 2-CPU machine with the other venv's
run); rounds alternate the venvs' order. Prints each run and the medians.

    . /work/envs.sh   # or CRYPTOSHIM_REAL_PYOPENSSL_SAMEBUILD_PYTHON=...
    python bench/twisted_timing.py [--runs 3] [--wheel dist/cryptoshim-*.whl]

Not in CI: three runs take about ten minutes, most of it the tests' own
RSA-2048 key generation.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOWNSTREAM = ROOT / "compat_tests" / "downstream"
sys.path.insert(0, str(DOWNSTREAM))

from venvs import clean_env, make_venv, probe, venv_ours, venv_real  # noqa: E402

WORK = pathlib.Path(os.environ.get("CRYPTOSHIM_DOWNSTREAM_WORK", ROOT / "build" / "downstream"))
# What the same-build venv holds instead of the pins' cryptography stack.
SAME_BUILD_SWAP = {
    "cryptography": "cryptography==39.0.2",
    "service-identity": "service-identity==23.1.0",
}
SAME_BUILD_EXTRA = ["pyopenssl==23.0.0", "pyasn1==0.6.5", "pyasn1-modules==0.4.2"]
RAN = re.compile(r"^Ran (\d+) tests? in ([0-9.]+)s", re.M)


def same_build_pins(config: dict) -> list:
    """Twisted's pins with the real pyOpenSSL 23.0.0's cryptography stack."""
    pins, swapped = [], set()
    for pin in config["requirements"]:
        name = re.split(r"[=<>!~ \[]", pin, maxsplit=1)[0].lower().replace("_", "-")
        if name in SAME_BUILD_SWAP:
            swapped.add(name)
        pins.append(SAME_BUILD_SWAP.get(name, pin))
    missing = set(SAME_BUILD_SWAP) - swapped
    if missing:
        raise SystemExit(f"twisted.toml no longer pins {sorted(missing)}: update SAME_BUILD_SWAP")
    return pins + SAME_BUILD_EXTRA


def same_build_venv(config: dict) -> pathlib.Path:
    """The real pyOpenSSL 23.0.0 on the system OpenSSL, with Twisted's pins."""
    reference = os.environ.get("CRYPTOSHIM_REAL_PYOPENSSL_SAMEBUILD_PYTHON")
    if not reference:
        raise SystemExit("CRYPTOSHIM_REAL_PYOPENSSL_SAMEBUILD_PYTHON is not set "
                         "(scripts/real-pyopenssl-samebuild-venv.sh prints it)")
    python = make_venv(WORK / "venv-twisted-real-samebuild", same_build_pins(config))
    # The reference venv's cffi module, compiled against the system OpenSSL.
    where = "import cryptography.hazmat.bindings as b, os; print(os.path.dirname(b.__file__))"
    module = "_openssl.abi3.so"
    shutil.copyfile(pathlib.Path(probe(pathlib.Path(reference), where)) / module,
                    pathlib.Path(probe(python, where)) / module)
    check = ("import ssl, OpenSSL\n"
             "from cryptography.hazmat.bindings.openssl.binding import Binding as B\n"
             "v = B.ffi.string(B.lib.OpenSSL_version(B.lib.OPENSSL_VERSION)).decode()\n"
             "assert v == ssl.OPENSSL_VERSION, (v, ssl.OPENSSL_VERSION)\n"
             "print(OpenSSL.__version__, v)")
    print(f"  same-build: pyOpenSSL {probe(python, check)}", flush=True)
    return python


def trial(python: pathlib.Path, modules: list, env: dict) -> tuple:
    """(tests run, seconds trial reports, outcome line) of one serial run."""
    with tempfile.TemporaryDirectory() as cwd:
        proc = subprocess.run([str(python), "-m", "twisted.trial", *modules], cwd=cwd,
                              capture_output=True, text=True, env={**clean_env(), **env})
    ran = RAN.search(proc.stdout)
    if ran is None:
        raise SystemExit(f"{python}: trial printed no summary\n{proc.stdout[-2000:]}")
    outcome = proc.stdout.strip().splitlines()[-1]
    return int(ran.group(1)), float(ran.group(2)), outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--wheel", type=pathlib.Path,
                        default=next(iter(sorted((ROOT / "dist").glob("cryptoshim-*.whl"))), None))
    args = parser.parse_args()
    if args.wheel is None:
        raise SystemExit("no cryptoshim wheel in dist/ (scripts/build.sh makes it)")
    config = tomllib.loads((DOWNSTREAM / "twisted.toml").read_text())
    config.setdefault("name", "twisted")
    sides = {
        "drop-in": (venv_ours(WORK, config, args.wheel), {"CRYPTOSHIM_WARNINGS": "off"}),
        "same-build": (same_build_venv(config), {}),
        "wheel": (venv_real(WORK, config), {}),
    }
    seconds: dict = {side: [] for side in sides}
    for run in range(args.runs):
        order = list(sides) if run % 2 == 0 else list(reversed(sides))
        for side in order:
            python, env = sides[side]
            tests, took, outcome = trial(python, config["tests"], env)
            seconds[side].append(took)
            print(f"run {run + 1} {side:10} {tests} tests {took:7.1f} s  {outcome}", flush=True)
    median = {side: statistics.median(times) for side, times in seconds.items()}
    print(f"\nmedian of {args.runs} (trial's own clock, {', '.join(config['tests'])}):")
    for side, value in median.items():
        ratio = value / median["drop-in"]
        print(f"  {side:10} {value:7.1f} s   {ratio:.2f}x the drop-in's time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
