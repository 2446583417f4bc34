"""josepy 1.14.0's own tests (from its sdist), run in a given venv and counted.

josepy depends on pyOpenSSL and runs its tests with filterwarnings=error, so
the same suite, run once against the real pyOpenSSL and once against the
drop-in, must give the same counts. The real baseline is pyOpenSSL 23.0.0:
josepy 1.14.0 does not import with the real 26.4.0, which removed X509Req
(every test module fails at collection); the drop-in serves the 23.0-26.4
union, so it keeps working.
"""
from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET

VERSION = "1.14.0"
# The newest real pyOpenSSL josepy 1.14.0 runs with, as scripts/real-pyopenssl-venv.sh pins it.
REAL_PYOPENSSL = ("pyOpenSSL==23.0.0", "cryptography>=38,<40")


def tests_tree(cache: pathlib.Path) -> pathlib.Path:
    """The sdist's tests/ and pytest configuration (not its src/, so the
    installed josepy is what runs)."""
    cache.mkdir(parents=True, exist_ok=True)
    sdists = list(cache.glob(f"josepy-{VERSION}.tar.gz"))
    if not sdists:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                        "--no-binary", ":all:", "-d", str(cache), f"josepy=={VERSION}"],
                       check=True)
        sdists = list(cache.glob(f"josepy-{VERSION}.tar.gz"))
    tree = cache / f"josepy-{VERSION}"
    if tree.exists():
        shutil.rmtree(tree)
    with tarfile.open(sdists[0]) as tar:
        wanted = (f"josepy-{VERSION}/tests/", f"josepy-{VERSION}/pyproject.toml")
        tar.extractall(cache, members=[m for m in tar.getmembers() if m.name.startswith(wanted)],
                       filter="data")
    return tree


def run(python: pathlib.Path, tree: pathlib.Path, env: dict, junit: pathlib.Path,
        extra: tuple[str, ...] = ()) -> dict:
    """Counts of passed / failed / errors / skipped, and the failing test ids."""
    junit.unlink(missing_ok=True)
    subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    f"--junitxml={junit}", *extra, "tests"], cwd=tree, env=env,
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    counts = {"passed": 0, "failed": 0, "errors": 0, "skipped": 0, "failures": []}
    if not junit.exists():
        counts["errors"] = 1
        counts["failures"].append("(pytest wrote no junit report)")
        return counts
    for case in ET.parse(junit).getroot().iter("testcase"):
        node = f"{case.get('classname')}::{case.get('name')}"
        if case.find("failure") is not None:
            counts["failed"] += 1
            counts["failures"].append(node)
        elif case.find("error") is not None:
            counts["errors"] += 1
            counts["failures"].append(node)
        elif case.find("skipped") is not None:
            counts["skipped"] += 1
        else:
            counts["passed"] += 1
    return counts
