#!/usr/bin/env python3
"""Run the real upstream test suites against cryptoshim's drop-in packages.

For each suite in a suite file (pyopenssl.toml, ...): download the pinned
sdist from the package index, extract only its tests, make a fresh venv that
has our wheel and the suite's test requirements but NOT the real library, run
pytest with the documented deselections, and print passed / failed / skipped /
deselected with the reason for every deselection and every expected failure.

Exit status: 0 when every suite reaches its `floor` of passes, every failure or
error is listed in the suite's `expected_fail` table (test id = the reason),
every listed test does fail (a listed test that passes is a stale entry), and
the catalog covers the upstream public surface; 1 otherwise.

With --real, the same suites run against the REAL release instead (pip
installs `package==version`, building it here), for the comparison column;
floors are not checked then, but every `expected_fail` entry must fail on the
real release too (an expected failure is only allowed where the drop-in and the
real library agree), and the run exits 1 if one passes there.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tarfile
import tomllib
import re
import xml.etree.ElementTree as ET

from cryptoshim.distributions import wheelhouse_install_order

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# Outside the checkout, so no ancestor pytest configuration (ours) applies to
# the upstream suites: they run under their own sdist's configuration.
WORK = pathlib.Path(os.environ.get("CRYPTOSHIM_UPSTREAM_WORK",
                                   pathlib.Path.home() / ".cache" / "cryptoshim" / "upstream"))
# Reruns of a failed test a suite lists under `timing_race` (rerun_races).
RACE_RERUNS = 2
CONFIG_FILES = ("setup.cfg", "pyproject.toml", "tox.ini", "pytest.ini")


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run(cmd, check=True, **kw)


def download_sdist(package: str, version: str, dest: pathlib.Path) -> pathlib.Path:
    dest.mkdir(parents=True, exist_ok=True)
    for existing in dest.glob("*.tar.gz"):
        if existing.name.lower().startswith(f"{package.lower()}-{version}"):
            return existing
    run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
         "-d", str(dest), f"{package}=={version}"], stdout=subprocess.DEVNULL)
    matches = [p for p in dest.glob("*.tar.gz")
               if p.name.lower().startswith(f"{package.lower()}-{version}")]
    if not matches:
        raise SystemExit(f"sdist for {package}=={version} not found after download")
    return matches[0]


def extract(sdist: pathlib.Path, dest: pathlib.Path) -> pathlib.Path:
    """Extract tests/ and the library's src/ (src only to read its public
    surface; it is never put on sys.path)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    with tarfile.open(sdist) as tar:
        top = tar.getnames()[0].split("/")[0]
        wanted = (f"{top}/tests/", f"{top}/src/") + tuple(f"{top}/{c}" for c in CONFIG_FILES)
        members = [m for m in tar.getmembers() if m.name.startswith(wanted)]
        tar.extractall(dest, members=members, filter="data")
    return dest / top


# Venvs made ready in this run: suites sharing a venv (same requirements) do
# not pay again for the pip calls (about 4 s each, 4 per venv).
_READY: set[tuple[pathlib.Path, pathlib.Path | None, str | None]] = set()


def make_venv(path: pathlib.Path, wheel: pathlib.Path | None, requirements: list[str],
              real: str | None = None) -> pathlib.Path:
    """A venv with the requirements plus our wheel, or (real="pkg==ver")
    plus the real release instead."""
    python = path / "bin" / "python"
    if (path, wheel, real) in _READY:
        return python
    if not python.exists():
        run([sys.executable, "-m", "venv", str(path)])
    run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         *requirements])
    if real:
        run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", real])
    else:
        # One pip call per wheel, cryptoshim first (see wheelhouse_install_order).
        for each in wheelhouse_install_order(wheel):
            run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                 "--force-reinstall", "--no-deps", each])
    _READY.add((path, wheel, real))
    return python


def assert_is_ours(python: pathlib.Path, module: str) -> None:
    """The venv must resolve `module` to cryptoshim's drop-in, and the real
    distribution must not be installed (pyOpenSSL and M2Crypto must be the
    drop-in distributions, versioned +cryptoshim.N)."""
    code = (f"import {module}, cryptoshim, pathlib, sys;"
            f"print(pathlib.Path({module}.__file__).resolve())")
    out = subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True)
    probe = subprocess.run([str(python), "-c",
                            "import importlib.metadata as m\n"
                            "for name in ('pyOpenSSL', 'M2Crypto'):\n"
                            "    try: print(name, m.version(name))\n"
                            "    except m.PackageNotFoundError: pass"],
                           check=True, capture_output=True, text=True)
    real = [line for line in probe.stdout.splitlines() if "+cryptoshim." not in line]
    if real:
        raise SystemExit(f"the real library is installed in {python}: {real}")
    print(f"  {module} resolves to {out.stdout.strip()} (cryptoshim drop-in)")


def public_surface(src_dir: pathlib.Path, modules: list[str]) -> set[str]:
    """module-qualified public names, the same way the catalog was seeded."""
    names: set[str] = set()
    for mod in modules:
        path = src_dir / f"{mod}.py"
        if not path.exists():
            continue
        tree = ast.parse(path.read_text())
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                names.add(f"{mod}.{node.name}")
                for sub in node.body:
                    if isinstance(sub, ast.FunctionDef) and not sub.name.startswith("_"):
                        names.add(f"{mod}.{node.name}.{sub.name}")
                    elif isinstance(sub, (ast.Assign, ast.AnnAssign)):
                        targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
                        for t in targets:
                            if isinstance(t, ast.Name) and not t.id.startswith("_"):
                                names.add(f"{mod}.{node.name}.{t.id}")
            elif isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                names.add(f"{mod}.{node.name}")
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if isinstance(t, ast.Name) and not t.id.startswith("_"):
                        names.add(f"{mod}.{t.id}")
    return names


def catalog_names(library: str) -> set[str]:
    sys.path.insert(0, str(ROOT / "legacy_api" / "codegen"))
    from catalog_schema import load_catalog

    records = load_catalog(sorted((ROOT / "legacy_api" / "catalog").glob("*.toml")))
    return {f"{r['module'].split('.', 1)[1]}.{r['name']}" for r in records
            if r["library"] == library and "." in r["module"]}


def junit_key(node: str) -> str:
    """A pytest node id ("tests/test_x.py::Class::test") as count_junit names
    a case (xunit1: "tests.test_x.Class::test")."""
    path, *rest = node.split("::")
    module = path.removesuffix(".py").replace("/", ".")
    return ".".join([module, *rest[:-1]]) + "::" + rest[-1]


def count_junit(path: pathlib.Path) -> dict:
    counts = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}
    failures, error_nodes = [], []
    for case in ET.parse(path).getroot().iter("testcase"):
        node = f"{case.get('classname')}::{case.get('name')}"
        if case.find("failure") is not None:
            counts["failed"] += 1
            failures.append(node)
        elif case.find("error") is not None:
            counts["errors"] += 1
            failures.append(node)
            error_nodes.append(node)
        elif case.find("skipped") is not None:
            counts["skipped"] += 1
        else:
            counts["passed"] += 1
    counts["failures"], counts["error_nodes"] = failures, error_nodes
    return counts


def classify_failures(counts: dict, expected: dict[str, str]) -> tuple[list[str], list[str]]:
    """(unexpected failures, stale expected_fail entries): a failure or error not
    listed, and a listed test that ran and did not fail (or was not run at all,
    so its entry names nothing)."""
    listed = {junit_key(node): node for node in expected}
    unexpected = [f for f in counts["failures"] if f not in listed]
    failed = set(counts["failures"])
    stale = [node for key, node in listed.items() if key not in failed]
    return unexpected, stale


def assert_is_real(python: pathlib.Path, package: str) -> None:
    probe = subprocess.run([str(python), "-c", "import cryptoshim"], capture_output=True)
    if probe.returncode == 0:
        raise SystemExit(f"cryptoshim is importable in {python}: not a run of the real library")
    out = subprocess.run([str(python), "-m", "pip", "show", package], check=True,
                         capture_output=True, text=True).stdout
    print(f"  real {package}: " + next(line for line in out.splitlines() if line.startswith("Version")))


def proc_log_tail(log: pathlib.Path) -> list[str]:
    """The lines of the last pytest run appended to `log`."""
    lines = log.read_text().splitlines()
    return lines[-5:]


def pytest_cmd(python: pathlib.Path, tree: pathlib.Path, junit: pathlib.Path,
               plugin_args: list[str], *targets: str) -> list[str]:
    """pytest over `targets` (options, files or test ids) in the suite's tree,
    as every run of a suite is made: xunit1 junit, no cache, upstream's own
    DeprecationWarnings ignored."""
    return [str(python), "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rN",
            "--rootdir", str(tree), f"--junitxml={junit}", "-o", "junit_family=xunit1",
            "-W", "ignore::DeprecationWarning", *plugin_args, *targets]


def run_suite(suite: dict, wheel: pathlib.Path | None, keep_going: bool, real: bool = False) -> dict:
    name = suite["name"] + ("-real" if real else "")
    print(f"\n=== {name}", flush=True)
    sdist = download_sdist(suite["package"], suite["version"], WORK / "sdists")
    tree = extract(sdist, WORK / name)
    if suite["package"] == "pyopenssl":
        surface = public_surface(tree / "src" / "OpenSSL", ["crypto", "rand", "version", "SSL"])
        missing = sorted(surface - catalog_names("pyOpenSSL"))
    else:
        missing = []
    # Keep the library's own sources out of reach of the test run.
    shutil.rmtree(tree / "src", ignore_errors=True)
    # Suites with the same requirements share one venv (each pip install of
    # the wheel and its test dependencies costs CI time).
    reqs_key = hashlib.sha256("\n".join(suite["requirements"]).encode()).hexdigest()[:10]
    if real:
        spec = f"{suite['package']}=={suite['version']}"
        python = make_venv(WORK / f"venv-real-{suite['package']}-{suite['version']}-{reqs_key}",
                           None, suite["requirements"], real=spec)
        assert_is_real(python, suite["package"])
    else:
        python = make_venv(WORK / f"venv-{suite['package']}-{reqs_key}", wheel,
                           suite["requirements"])
        assert_is_ours(python, "OpenSSL" if suite["package"] == "pyopenssl" else "M2Crypto")
    deselect = dict(suite.get("deselect", {}))
    if real:
        # Cases that crash the real release's interpreter (a segfault ends
        # the whole run): they cannot pass against it, so its column skips them.
        deselect.update(suite.get("real_deselect", {}))
    env = {k: v for k, v in os.environ.items()
           if k not in ("SSL_CERT_FILE", "SSL_CERT_DIR", "PYTHONPATH", "CRYPTOSHIM_CORE_DIR")}
    env["CRYPTOSHIM_TELEMETRY"] = str(WORK / f"{name}-telemetry.json")
    # A suite's own settings (e.g. M2Crypto's M2CRYPTO_TEST_SSL_SLEEP).
    env.update({k: str(v) for k, v in suite.get("env", {}).items()})
    # Harness-only pytest plugins a suite names (compat_tests/upstream/plugins/).
    plugin_args = [arg for plugin in suite.get("plugins", []) for arg in ("-p", plugin)]
    if plugin_args:
        env["PYTHONPATH"] = str(HERE / "plugins")
    # A real release that corrupts its own state across files (`real_per_file`)
    # runs one pytest process per file, as its own CI did.
    batches = [[f] for f in suite["files"]] if real and suite.get("real_per_file") else [suite["files"]]
    log = WORK / f"{name}.log"
    log.write_text("")
    counts = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0, "failures": [],
              "error_nodes": []}
    deselected_cases, returncode = 0, 0
    for i, files in enumerate(batches):
        junit = WORK / f"{name}-{i}.xml"
        junit.unlink(missing_ok=True)
        cmd = pytest_cmd(python, tree, junit, plugin_args, "--continue-on-collection-errors",
                         *files)
        for node in deselect:
            if len(batches) == 1 or node.split("::")[0] in files:
                cmd += ["--deselect", node]
        with open(log, "a") as out:
            proc = subprocess.run(cmd, cwd=tree, env=env, stdout=out, stderr=subprocess.STDOUT)
        returncode = returncode or proc.returncode
        part = count_junit(junit) if junit.exists() else {
            "passed": 0, "failed": 0, "skipped": 0, "errors": 1,
            "failures": [f"{' '.join(files)} (no junit: see log)"], "error_nodes": []}
        for key in ("passed", "failed", "skipped", "errors", "failures", "error_nodes"):
            counts[key] += part[key]
        summary = [line for line in proc_log_tail(log) if re.search(r"\d+ (passed|failed|error|deselected)", line)]
        match = re.search(r"(\d+) deselected", summary[-1]) if summary else None
        deselected_cases += int(match.group(1)) if match else 0
    counts["deselected_cases"] = deselected_cases
    expected = dict(suite.get("expected_fail", {}))
    counts["unexpected"], counts["stale"] = classify_failures(counts, expected)
    counts["passed_on_rerun"] = rerun_races(suite.get("timing_race", {}), counts, python, tree,
                                            env, plugin_args, log)
    counts["expected_fail"] = expected
    proc = subprocess.CompletedProcess(cmd, returncode)
    counts.update(name=name, deselected=deselect, returncode=proc.returncode,
                  real=real, floor=0 if real else suite.get("floor", 0),
                  missing_from_catalog=[] if real else missing, log=str(log))
    return counts


def rerun_races(races: dict[str, str], counts: dict, python: pathlib.Path, tree: pathlib.Path,
                env: dict, plugin_args: list[str], log: pathlib.Path) -> dict[str, str]:
    """Runs each failed test listed in the suite's `timing_race` table (test
    id = why the real release races the same way) alone, up to RACE_RERUNS
    times. One that passes counts as passed (and is reported so); one that
    never passes stays an unexpected failure. Returns {test id: reason} of
    the tests that passed on a rerun."""
    passed: dict[str, str] = {}
    for node, reason in races.items():
        key = junit_key(node)
        if key not in counts["unexpected"]:
            continue
        for attempt in range(RACE_RERUNS):
            junit = log.with_suffix(f".rerun-{attempt}.xml")
            junit.unlink(missing_ok=True)
            cmd = pytest_cmd(python, tree, junit, plugin_args, node)
            with open(log, "a") as out:
                out.write(f"\n=== rerun {attempt + 1} of {node} (timing_race: {reason})\n")
                out.flush()
                subprocess.run(cmd, cwd=tree, env=env, stdout=out, stderr=subprocess.STDOUT)
            rerun = count_junit(junit) if junit.exists() else {"passed": 0}
            if rerun["passed"] == 1 and not rerun.get("failures"):
                counts["unexpected"].remove(key)
                counts["failures"].remove(key)
                counts["errors" if key in counts["error_nodes"] else "failed"] -= 1
                counts["passed"] += 1
                passed[node] = reason
                break
    return passed


def print_summary(results: list[dict]) -> bool:
    ok = True
    print("\n=== upstream summary")
    for r in results:
        collected = r["passed"] + r["failed"] + r["errors"] + r["skipped"]
        expected = r["failed"] + r["errors"] - len(r["unexpected"])
        print(f"{r['name']}: {r['passed']} passed, {r['failed']} failed, {r['errors']} errors "
              f"({expected} expected, {len(r['unexpected'])} unexpected), "
              f"{r['skipped']} skipped, {r['deselected_cases']} deselected "
              f"(of {collected + r['deselected_cases']} collected; floor {r['floor']})")
        for node, reason in r["deselected"].items():
            print(f"  deselected {node}: {reason}")
        for node, reason in r["expected_fail"].items():
            if node not in r["stale"]:
                print(f"  expected failure {node}: {reason}")
        for node, reason in r["passed_on_rerun"].items():
            print(f"  failed, then passed alone on a rerun {node}: {reason}")
        for node in r["unexpected"][:400]:
            print(f"  FAILED {node}" + ("" if r["real"] else " (not in expected_fail)"))
        if r["stale"]:
            ok = False
            for node in r["stale"]:
                print(f"  STALE expected_fail {node}: "
                      + ("passes on the real release, so the drop-in's failure is no parity"
                         if r["real"] else "did not fail: remove the entry"))
        if r["unexpected"] and not r["real"]:
            ok = False
        if r["missing_from_catalog"]:
            ok = False
            print(f"  catalog lacks {len(r['missing_from_catalog'])} upstream public names: "
                  + ", ".join(r["missing_from_catalog"]))
        if r["passed"] < r["floor"]:
            ok = False
            print(f"  below the floor: {r['passed']} < {r['floor']}")
        print(f"  log: {r['log']}")
    total = {k: sum(r[k] for r in results)
             for k in ("passed", "failed", "errors", "skipped", "deselected_cases")}
    unexpected = sum(len(r["unexpected"]) for r in results)
    failed = total["failed"] + total["errors"]
    # One plain closing line over every suite, for CI logs.
    print(f"upstream: {total['passed']} passed, {failed} failed ({failed - unexpected} expected, "
          f"{unexpected} unexpected), {total['skipped']} skipped, "
          f"{total['deselected_cases']} deselected")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wheel", type=pathlib.Path,
                        help="the cryptoshim wheel to test (the drop-in wheels beside it "
                             "are installed too)")
    parser.add_argument("--real", action="store_true",
                        help="run against the real release (pip install package==version), "
                             "not the wheel: the comparison column")
    parser.add_argument("--suites", action="append",
                        help="suite files (default: every *.toml beside this script)")
    parser.add_argument("--only", action="append", help="run only these suite names")
    parser.add_argument("--json", type=pathlib.Path, help="write the results here")
    parser.add_argument("--keep-going", action="store_true")
    args = parser.parse_args()
    if not args.real and args.wheel is None:
        parser.error("--wheel is required (or --real)")
    files = args.suites or sorted(str(p) for p in HERE.glob("*.toml"))
    suites = [s for f in files for s in tomllib.loads(pathlib.Path(f).read_text())["suite"]]
    if args.only:
        suites = [s for s in suites if s["name"] in args.only]
    WORK.mkdir(parents=True, exist_ok=True)
    wheel = None if args.real else args.wheel.resolve()
    results = [run_suite(s, wheel, args.keep_going, real=args.real) for s in suites]
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0 if print_summary(results) else 1


if __name__ == "__main__":
    sys.exit(main())
