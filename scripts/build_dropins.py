#!/usr/bin/env python3
"""Builds the pure-Python drop-in wheels, pyOpenSSL (only OpenSSL/) and M2Crypto
(only M2Crypto/; its SWIG extension ships in cryptoshim), into a wheelhouse,
and writes the wheelhouse's constraints.txt.

Each package is staged under build/dropins/<distribution>/ with a generated
pyproject.toml (hatchling) and the file manifest the import guard reads
(cryptoshim.dropin). Versions come from bindings/python/cryptoshim/
distributions.py and cryptoshim.__version__, nowhere else.

Usage: scripts/build_dropins.py OUT_DIR   (run with a Python that has hatchling)
"""
from __future__ import annotations

import importlib.util
import json
import pathlib
import re
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bindings" / "python" / "cryptoshim"


def load_distributions():
    spec = importlib.util.spec_from_file_location("_cryptoshim_distributions",
                                                  PACKAGE / "distributions.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def cryptoshim_version() -> str:
    # The same regex scikit-build-core's metadata.version provider applies.
    text = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    return re.search(r"""__version__\s*=\s*['"](?P<value>[^'"]+)['"]""", text)["value"]


PYPROJECT = """\
[build-system]
requires = ["hatchling>=1.18"]
build-backend = "hatchling.build"

[project]
name = "{distribution}"
version = "{version}"
description = "{summary}"
requires-python = ">=3.9"
license = {{ text = "Apache-2.0" }}
dependencies = {dependencies}

[tool.hatch.build.targets.wheel]
packages = ["{package}"]
# Readable by every pip that can install the cryptoshim wheel.
core-metadata-version = "2.1"
"""


def stage(dropin, version: str, dest: pathlib.Path) -> pathlib.Path:
    if dest.exists():
        shutil.rmtree(dest)
    package_dir = dest / dropin.package
    shutil.copytree(ROOT / "legacy_api" / dropin.package, package_dir,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so"))
    manifest_name = distributions.MANIFEST_NAME
    files = sorted(p.relative_to(package_dir).as_posix()
                   for p in package_dir.rglob("*") if p.is_file())
    files = sorted({*files, manifest_name})
    (package_dir / manifest_name).write_text(
        f"# {dropin.distribution} {dropin.version}\n" + "\n".join(files) + "\n",
        encoding="utf-8")
    (dest / "pyproject.toml").write_text(PYPROJECT.format(
        distribution=dropin.distribution, version=dropin.version, summary=dropin.summary,
        dependencies=json.dumps(distributions.requirements(dropin, version)),
        package=dropin.package), encoding="utf-8")
    return dest


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = pathlib.Path(sys.argv[1]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    version = cryptoshim_version()
    for dropin in distributions.DROPINS:
        for old in out.glob(f"{dropin.distribution.lower()}-*.whl"):
            old.unlink()
        source = stage(dropin, version, ROOT / "build" / "dropins" / dropin.distribution)
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check",
                        "--no-build-isolation", "--no-deps", "-w", str(out), str(source)],
                       check=True)
    (out / "constraints.txt").write_text(distributions.constraints(version), encoding="utf-8")
    return 0


distributions = load_distributions()

if __name__ == "__main__":
    sys.exit(main())
