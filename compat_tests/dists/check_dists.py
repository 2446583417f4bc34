#!/usr/bin/env python3
"""The drop-in distributions installed the way a user would (issue 17).

1. Takes the wheelhouse scripts/build.sh made (dist/: cryptoshim, pyOpenSSL
   26.4.0+cryptoshim.N, M2Crypto 0.51.0+cryptoshim.N, constraints.txt), or
   builds one with scripts/wheelhouse.sh when it is missing.
2. In a fresh venv, runs the README's "Use it in your application" block
   verbatim with an application whose requirements.txt names two real
   dependents from the package index: josepy 1.14.0 (requires pyOpenSSL) and
   javatools[crypto] 1.6.0 (requires M2Crypto).
3. Checks: pip check is clean; OpenSSL and M2Crypto come from the drop-in
   distributions; their versions end in +cryptoshim.N and __version__ is the
   public part; `pyOpenSSL==26.4.0` and `>=23` are satisfied by the drop-in;
   javatools finds M2Crypto; a later plain `pip install -r requirements.txt`
   or `pip install -U pyOpenSSL` keeps the drop-in; josepy's own tests pass
   at the same count as in a venv with the real pyOpenSSL (23.0.0, see
   josepy_suite); telemetry names the implementation that ran.
4. Uninstalls pyOpenSSL: cryptoshim and M2Crypto keep working; the real
   pyOpenSSL then installs and runs.
5. Plants mixed installs (the drop-in over the real library, the real library
   over the drop-in, a foreign _m2 extension in M2Crypto/): importing refuses
   where the drop-in's __init__ runs, and `doctor` flags each; following
   doctor's repair steps gives a clean install.
6. Runs the README's uv block (uv pip install --override) for an application
   that pins pyOpenSSL<24.

Prints one PASS/FAIL line per check and closes with "dists: N passed, N failed".
Exit status 0 only when every check passes.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import josepy_suite

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WORK = pathlib.Path(os.environ.get("CRYPTOSHIM_DISTS_WORK", ROOT / "build" / "dists-check"))
README_MARKER = "<!-- compat_tests/dists/check_dists.py runs this"
REQUIREMENTS = "josepy==1.14.0\njavatools[crypto]==1.6.0\n"
# An application that pins an old pyOpenSSL, which only an override can meet.
OLD_PIN_REQUIREMENTS = "josepy==1.14.0\npyOpenSSL<24\n"
# The real release the drop-in's version names; reinstalled after uninstalling it.
REAL_PYOPENSSL = "pyOpenSSL==26.4.0"
RESULTS: list[tuple[str, bool, str]] = []


def check(name: str, ok: bool, detail: str = "") -> bool:
    RESULTS.append((name, ok, detail))
    print(f"{'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail else ""), flush=True)
    return ok


def clean_env(**extra: str) -> dict:
    # No developer-build paths leak into the venvs; warnings off for josepy's
    # filterwarnings=error (CRYPTOSHIM_WARNINGS=off: the drop-in's deprecation
    # warnings are the point elsewhere, not here).
    drop = ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR", "CRYPTOSHIM_TELEMETRY", "CRYPTOSHIM_POLICY",
            "VIRTUAL_ENV", "PYTHONWARNINGS")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["CRYPTOSHIM_WARNINGS"] = "off"
    env.update(extra)
    return env


def sh(cmd: list, cwd: pathlib.Path | None = None, **extra: str) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=clean_env(**extra),
                          capture_output=True, text=True)


def py(python: pathlib.Path, code: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-c", code], env=clean_env(**extra),
                          capture_output=True, text=True, cwd=WORK)


def readme_block(name: str) -> str:
    """The shell block after the README's marker comment for `name` (pip, uv)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"{README_MARKER} {name} block")
    match = re.compile(r"```sh\n(.*?)```", re.S).search(text, start)
    return match.group(1)


def run_block(name: str, folder: pathlib.Path, **extra: str) -> subprocess.CompletedProcess:
    print(f"=== the README's {name} block, in {folder}", flush=True)
    proc = subprocess.run(["bash", "-euxo", "pipefail", "-c", readme_block(name)], cwd=folder,
                          env=clean_env(**extra), capture_output=True, text=True)
    print(proc.stdout[-3000:], proc.stderr[-3000:], sep="\n", flush=True)
    return proc


def wheelhouse(path: pathlib.Path) -> pathlib.Path:
    wanted = ("cryptoshim-*.whl", "pyopenssl-*+cryptoshim.*.whl", "m2crypto-*+cryptoshim.*.whl",
              "constraints.txt")
    if not all(list(path.glob(w)) for w in wanted):
        subprocess.run([str(ROOT / "scripts" / "wheelhouse.sh"), str(path)], check=True)
    return path.resolve()


OWNERS = """
import importlib.metadata as md, importlib, json, pathlib
out = {}
for dist, package in (("pyOpenSSL", "OpenSSL"), ("M2Crypto", "M2Crypto")):
    module = importlib.import_module(package)
    files = {pathlib.Path(f.locate()).resolve() for f in md.files(dist)}
    out[package] = {"version": md.version(dist), "dunder": module.__version__,
                    "owned": pathlib.Path(module.__file__).resolve() in files,
                    "label": getattr(module, "__cryptoshim_dropin__", None)}
out["cryptoshim"] = md.version("cryptoshim")
print(json.dumps(out))
"""


# javatools.crypto tells key types apart by trying M2Crypto's RSA, DSA and EC
# loaders in turn, so it needs each one's error class to be right.
JAVATOOLS_KEY_TYPES = """
import tempfile, warnings
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from javatools import crypto
print(crypto.crypto_enabled())
for key in (rsa.generate_private_key(65537, 2048), ec.generate_private_key(ec.SECP256R1())):
    pem = key.private_bytes(s.Encoding.PEM, s.PrivateFormat.TraditionalOpenSSL,
                            s.NoEncryption())
    with tempfile.NamedTemporaryFile(suffix=".pem") as f:
        f.write(pem)
        f.flush()
        print(crypto.private_key_type(f.name))
"""


def check_installed_app(python: pathlib.Path, pins: dict[str, str]) -> None:
    proc = py(python, OWNERS)
    if not check("import OpenSSL, M2Crypto in the app's venv", proc.returncode == 0,
                 proc.stderr.strip()[-500:]):
        return
    got = json.loads(proc.stdout)
    for package, dist in (("OpenSSL", "pyOpenSSL"), ("M2Crypto", "M2Crypto")):
        info = got[package]
        check(f"{package} comes from the drop-in distribution {dist} {pins[dist]}",
              info["owned"] and info["version"] == pins[dist] and info["label"] is not None,
              json.dumps(info))
        check(f"importlib.metadata.version({dist!r}) ends in +cryptoshim.N and "
              f"{package}.__version__ is its public part",
              re.fullmatch(r"[\d.]+\+cryptoshim\.\d+", info["version"]) is not None
              and info["version"].split("+")[0] == info["dunder"],
              f"{info['version']} / {info['dunder']}")
    check("cryptoshim is installed at the version the drop-ins pin",
          got["cryptoshim"] == pins["cryptoshim"], got["cryptoshim"])
    # An application's own pins on the public version accept the drop-in. pip
    # merges the two pyOpenSSL pins into one line; each top-level line (no
    # "(from ...)") must name the installed drop-in version, and nothing installs.
    proc = sh([python, "-m", "pip", "install", "--no-index", "pyOpenSSL==26.4.0",
               "pyOpenSSL>=23", "M2Crypto>=0.26.0,<=0.51.0"])
    satisfied = {
        m.group(1).lower(): m.group(2)
        for m in re.finditer(r"^Requirement already satisfied: ([A-Za-z0-9]+)\S* in \S+ \((\S+)\)$",
                             proc.stdout, re.MULTILINE)}
    check("pip: pyOpenSSL==26.4.0, pyOpenSSL>=23, M2Crypto<=0.51.0 are satisfied by the drop-ins",
          proc.returncode == 0 and "Successfully installed" not in proc.stdout
          and satisfied == {"pyopenssl": pins["pyOpenSSL"], "m2crypto": pins["M2Crypto"]},
          json.dumps(satisfied) + " " + (proc.stdout + proc.stderr).strip()[-300:])
    proc = py(python, JAVATOOLS_KEY_TYPES)
    check("javatools runs on the M2Crypto drop-in (crypto_enabled, private_key_type RSA / EC)",
          proc.stdout.split() == ["True", "RSA", "EC"], (proc.stdout + proc.stderr).strip()[-400:])
    telemetry = WORK / "telemetry.json"
    telemetry.unlink(missing_ok=True)
    code = "import josepy, OpenSSL.crypto as c; c.PKey().generate_key(c.TYPE_RSA, 2048)"
    py(python, code, CRYPTOSHIM_TELEMETRY=str(telemetry))
    report = sh([python, "-m", "cryptoshim", "telemetry", "report", telemetry])
    check("the telemetry report names the implementation that ran",
          f"OpenSSL ran on pyOpenSSL {pins['pyOpenSSL']}" in report.stdout,
          " | ".join(report.stdout.splitlines()[-2:]) or report.stderr[-300:])


def check_plain_pip_keeps_dropin(python: pathlib.Path, app: pathlib.Path,
                                 pins: dict[str, str]) -> None:
    """The issue's failure: an ordinary install after the fact must not swap
    the real library in. The requirements are met by the drop-in, and its
    local label sorts above the real release of the same number."""
    pip = [python, "-m", "pip", "install", "-q"]
    first = sh([*pip, "-r", app / "requirements.txt"])
    second = sh([*pip, "--upgrade", "pyOpenSSL", "M2Crypto"])
    versions = py(python, "import importlib.metadata as m; "
                          "print(m.version('pyOpenSSL'), m.version('M2Crypto'))").stdout.split()
    check("plain `pip install -r requirements.txt` and `pip install -U pyOpenSSL M2Crypto` "
          "(no constraints) keep the drop-ins",
          first.returncode == second.returncode == 0
          and versions == [pins["pyOpenSSL"], pins["M2Crypto"]],
          " ".join(versions) if first.returncode == second.returncode == 0
          else (first.stderr + second.stderr).strip()[-300:])


# Whether this cryptoshim honours CRYPTOSHIM_WARNINGS=off (a legacy call then
# does not warn even when warnings are errors).
WARNINGS_OFF_PROBE = """
import warnings
warnings.simplefilter("error")
from OpenSSL import rand
rand.status()
"""


def check_josepy(python: pathlib.Path) -> None:
    tree = josepy_suite.tests_tree(WORK / "josepy")
    real = WORK / "venv-josepy-real-pyopenssl"
    if not (real / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(real)], check=True)
        sh([real / "bin" / "python", "-m", "pip", "install", "-q", "josepy==1.14.0",
            *josepy_suite.REAL_PYOPENSSL, "pytest"])
    sh([python, "-m", "pip", "install", "-q", "pytest"])
    extra: tuple[str, ...] = ()
    if py(python, WARNINGS_OFF_PROBE).returncode != 0:
        # josepy runs with filterwarnings=error; until CRYPTOSHIM_WARNINGS=off
        # exists, silence the drop-in's deprecation warnings the pytest way.
        print("NOTE: this cryptoshim still warns under CRYPTOSHIM_WARNINGS=off; "
              "running josepy with -W ignore::cryptoshim.LegacyAPIWarning", flush=True)
        extra = ("-W", "ignore::cryptoshim.LegacyAPIWarning")
    ours = josepy_suite.run(python, tree, clean_env(), WORK / "josepy-dropin.xml", extra)
    theirs = josepy_suite.run(real / "bin" / "python", tree, clean_env(), WORK / "josepy-real.xml")
    summary = (f"drop-in {ours['passed']} passed, {ours['failed'] + ours['errors']} failed, "
               f"{ours['skipped']} skipped; real {josepy_suite.REAL_PYOPENSSL[0]} "
               f"{theirs['passed']} passed, {theirs['failed'] + theirs['errors']} failed, "
               f"{theirs['skipped']} skipped")
    check("josepy 1.14.0's own tests pass at the same count as with the real pyOpenSSL",
          ours["passed"] == theirs["passed"] > 0 and not ours["failures"],
          summary + "".join(f"\n    FAILED {n}" for n in ours["failures"][:20]))


def doctor(python: pathlib.Path) -> tuple[int, dict, str]:
    proc = sh([python, "-m", "cryptoshim", "doctor", "--json"])
    text = sh([python, "-m", "cryptoshim", "doctor"]).stdout
    try:
        findings = {f["package"]: f for f in json.loads(proc.stdout)}
    except json.JSONDecodeError:
        findings = {}
    return proc.returncode, findings, text


# pyOpenSSL's Requires-Dist without its extras (the upstream test and docs
# tools), normalized, one per line (packaging comes with M2Crypto, real or
# drop-in).
REQUIRES_CODE = ("import importlib.metadata as m; "
                 "from packaging.requirements import Requirement as R; "
                 "rs = [R(r) for r in m.requires('pyOpenSSL')]; "
                 "print(*sorted(str(r) for r in rs if 'extra' not in str(r.marker)), sep='\\n')")


def check_uninstall_and_real(python: pathlib.Path) -> None:
    pip = [python, "-m", "pip"]
    ours = set(py(python, REQUIRES_CODE).stdout.split("\n")) - {""}
    sh([*pip, "uninstall", "-y", "pyOpenSSL"])
    proc = py(python, "import cryptoshim, M2Crypto.m2, importlib.util as u; "
                      "print(u.find_spec('OpenSSL') is None)")
    check("after `pip uninstall pyOpenSSL`: cryptoshim and M2Crypto import, OpenSSL is gone",
          proc.stdout.strip() == "True", (proc.stdout + proc.stderr).strip()[-400:])
    proc = sh([*pip, "install", "-q", REAL_PYOPENSSL])
    code = ("import OpenSSL, OpenSSL.crypto as c; "
            "print(OpenSSL.__version__, hasattr(OpenSSL, '__cryptoshim_dropin__'))")
    out = py(python, code)
    rc, findings, _ = doctor(python)
    check("the real pyOpenSSL reinstalls and runs; doctor reports it as the real library",
          proc.returncode == 0 and out.stdout.strip() == "26.4.0 False" and rc == 0
          and findings.get("OpenSSL", {}).get("implementation") == "real",
          (out.stdout + out.stderr).strip()[-300:] + f" doctor exit {rc}")
    real = set(py(python, REQUIRES_CODE).stdout.split("\n")) - {""}
    check("the drop-in requires what the real pyOpenSSL 26.4.0 requires, plus cryptoshim",
          bool(real) and {r for r in ours if not r.startswith("cryptoshim")} == real,
          f"drop-in {sorted(ours)}; real {sorted(real)}")


def check_mixed(python: pathlib.Path, wheels: pathlib.Path, pins: dict[str, str]) -> None:
    pip = [python, "-m", "pip"]
    dropin = f"pyOpenSSL=={pins['pyOpenSSL']}"
    # The drop-in over the real library: its __init__ runs and finds debug.py etc.
    sh([*pip, "install", "-q", "--no-deps", "--ignore-installed", "--find-links", wheels, dropin])
    out = py(python, "import OpenSSL")
    check("drop-in over the real library: import OpenSSL raises ImportError naming the files",
          "MixedInstallError" in out.stderr and "debug.py" in out.stderr
          and "doctor" in out.stderr, out.stderr.strip().splitlines()[-1:] and
          out.stderr.strip().splitlines()[-1][:300])
    rc, findings, text = doctor(python)
    check("doctor flags it (exit 1, OpenSSL mixed, both distributions named, repair steps)",
          rc == 1 and findings.get("OpenSSL", {}).get("implementation") == "mixed"
          and len(findings["OpenSSL"]["owners"]) == 2 and "repair:" in text,
          "; ".join(findings.get("OpenSSL", {}).get("problems", []))[:300] or text[-600:])
    repair(python, wheels, pins, findings["OpenSSL"]["repair"] if findings else [])
    # The real library over the drop-in: the real __init__ runs; doctor must see it.
    sh([*pip, "install", "-q", "--no-deps", "--ignore-installed", REAL_PYOPENSSL])
    rc, findings, text = doctor(python)
    check("real library over the drop-in: doctor flags the overwritten files (exit 1)",
          rc == 1 and findings.get("OpenSSL", {}).get("implementation") == "mixed"
          and any("overwritten" in p for p in findings["OpenSSL"]["problems"]),
          "; ".join(findings.get("OpenSSL", {}).get("problems", []))[:300] or text[-600:])
    repair(python, wheels, pins, findings["OpenSSL"]["repair"] if findings else [])
    # A foreign SWIG extension, as upstream M2Crypto's build leaves, in M2Crypto/.
    folder = pathlib.Path(py(python, "import M2Crypto, os; "
                                     "print(os.path.dirname(M2Crypto.__file__))").stdout.strip())
    planted = folder / "_m2.cpython-311-x86_64-linux-gnu.so"
    planted.write_bytes(b"\x7fELF not really")
    out = py(python, "import M2Crypto")
    rc, findings, text = doctor(python)
    check("foreign _m2 extension in M2Crypto/: import refuses and doctor flags it",
          "MixedInstallError" in out.stderr and planted.name in out.stderr and rc == 1
          and planted.name in " ".join(findings.get("M2Crypto", {}).get("unowned", [])),
          "; ".join(findings.get("M2Crypto", {}).get("problems", []))[:300] or text[-600:])
    planted.unlink()


def repair(python: pathlib.Path, wheels: pathlib.Path, pins: dict[str, str],
           steps: list[str]) -> None:
    """Follow doctor's repair steps for the drop-in, as a user would."""
    pip = [python, "-m", "pip"]
    uninstall = next((s for s in steps if s.startswith("pip uninstall")), "")
    names = uninstall.split("(")[0].split()[3:]
    for _ in range(3):  # doctor says: repeat until pip show finds nothing
        sh([*pip, "uninstall", "-y", *names])
    for step in steps:
        if step.startswith("rm -rf "):
            shutil.rmtree(step.split()[2], ignore_errors=True)
    sh([*pip, "install", "-q", "--force-reinstall", "--find-links", wheels,
        "-c", wheels / "constraints.txt", f"pyOpenSSL=={pins['pyOpenSSL']}", "cryptoshim"])
    rc, findings, text = doctor(python)
    check(f"after doctor's repair steps ({', '.join(names)}): doctor is clean",
          bool(names) and rc == 0
          and findings.get("OpenSSL", {}).get("implementation") == "drop-in",
          text.splitlines()[-1] if rc == 0 else text[-600:])


def app_folder(name: str, wheels: pathlib.Path, requirements: str) -> pathlib.Path:
    folder = WORK / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "wheelhouse").symlink_to(wheels)
    (folder / "requirements.txt").write_text(requirements)
    return folder


def check_uv(wheels: pathlib.Path, pins: dict[str, str]) -> None:
    """uv's --override replaces a dependent's pin that constraints cannot meet."""
    uv = pathlib.Path(sys.executable).parent / "uv"
    if not uv.exists():
        check("uv is installed beside this Python (scripts/requirements-dev.txt)", False, str(uv))
        return
    folder = app_folder("app-uv", wheels, OLD_PIN_REQUIREMENTS)
    proc = run_block("uv", folder, PATH=f"{uv.parent}{os.pathsep}{os.environ['PATH']}")
    version = py(folder / "venv-uv" / "bin" / "python",
                 "import importlib.metadata as m; print(m.version('pyOpenSSL'))").stdout.strip()
    check("the README's uv block overrides a dependent's pyOpenSSL<24 with the drop-in",
          proc.returncode == 0 and version == pins["pyOpenSSL"],
          f"exit {proc.returncode}, {version}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheelhouse", type=pathlib.Path, default=ROOT / "dist")
    args = parser.parse_args()
    wheels = wheelhouse(args.wheelhouse)
    app = app_folder("app", wheels, REQUIREMENTS)
    proc = run_block("pip", app)
    check("the README's pip block runs (pip install, pip check, doctor, constraints)",
          proc.returncode == 0, f"exit {proc.returncode}")
    python = app / "venv" / "bin" / "python"
    pins = dict(pin.split("==") for pin in (wheels / "constraints.txt").read_text().split())
    if python.exists() and proc.returncode == 0:
        check("python -m cryptoshim constraints prints the wheelhouse's constraints.txt",
              (app / "constraints.txt").read_text() == (wheels / "constraints.txt").read_text(),
              (app / "constraints.txt").read_text().replace("\n", " "))
        check_installed_app(python, pins)
        check_plain_pip_keeps_dropin(python, app, pins)
        check_josepy(python)
        check_uninstall_and_real(python)
        check_mixed(python, wheels, pins)
    check_uv(wheels, pins)
    passed = sum(ok for _, ok, _ in RESULTS)
    print(f"dists: {passed} passed, {len(RESULTS) - passed} failed")
    return 0 if passed == len(RESULTS) else 1


if __name__ == "__main__":
    sys.exit(main())
