"""The two environments a dependent runs in, and the sdist its tests come from.

`ours`: the dependent's pins and cryptoshim's wheel, the real library NOT
installed. `real`: the same pins plus the real library. Every package is
installed with --no-deps, so pip can never pull the real pyOpenSSL or M2Crypto
into our venv behind the pins' back. Venvs are reused between runs: a stamp
file remembers what was installed and nothing is reinstalled while it matches.
"""
from __future__ import annotations

import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tarfile

from cryptoshim.distributions import is_dropin_version, wheelhouse_install_order

PIP = ["-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps"]

# What the real library is called, per drop-in side: its distribution name
# (must be absent from our venv) and the module the dependent imports.
SIDES = {
    "pyopenssl": ("pyopenssl", "OpenSSL"),
    "m2crypto": ("m2crypto", "M2Crypto"),
}


def run(cmd: list, **kw) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


def clean_env() -> dict:
    # No dev-build paths and no trust-store overrides leak into the venvs.
    drop = ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR", "SSL_CERT_FILE", "SSL_CERT_DIR")
    return {k: v for k, v in os.environ.items() if k not in drop}


def probe(python: pathlib.Path, code: str) -> str:
    return subprocess.run([str(python), "-c", code], check=True, capture_output=True,
                          text=True, env=clean_env()).stdout.strip()


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def _file_digest(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_venv(path: pathlib.Path, packages: list[str]) -> pathlib.Path:
    """A venv at `path` holding exactly `packages`; reused while its stamp
    says it still does, made afresh otherwise."""
    python = path / "bin" / "python"
    stamp = path / "cryptoshim-downstream.stamp"
    want = _digest(packages)
    if python.exists() and stamp.exists() and stamp.read_text() == want:
        print(f"  reusing {path}", flush=True)
        return python
    if path.exists():
        shutil.rmtree(path)
    run([sys.executable, "-m", "venv", path])
    run([python, *PIP, *packages], env=clean_env())
    stamp.write_text(want)
    return python


def venv_ours(work: pathlib.Path, config: dict, wheel: pathlib.Path) -> pathlib.Path:
    _, module = SIDES[config["side"]]
    python = make_venv(work / f"venv-{config['name']}-cryptoshim", config["requirements"])
    # Rebuilt wheels (another digest of any of the three) are reinstalled over
    # the same pins.
    wheels = wheelhouse_install_order(wheel)
    stamp = python.parent.parent / "cryptoshim-wheel.stamp"
    digest = _digest(*(_file_digest(w) for w in wheels))
    if not stamp.exists() or stamp.read_text() != digest:
        for each in wheels:  # one pip call each, cryptoshim first
            run([python, *PIP, "--force-reinstall", each], env=clean_env())
        stamp.write_text(digest)
    # The drop-in distributions carry the real names (pyOpenSSL, M2Crypto) at
    # a "+cryptoshim.N" version; any other version is the real library.
    for name in (d for d, _ in SIDES.values()):
        version = probe(python, "import importlib.metadata as m\n"
                                f"try: print(m.version({name!r}))\n"
                                "except m.PackageNotFoundError: print('')")
        if version and not is_dropin_version(version):
            raise SystemExit(f"the real {name} {version} is installed in {python}")
    where = probe(python, f"import {module}, cryptoshim; print({module}.__file__)")
    print(f"  {module} resolves to {where} (cryptoshim drop-in)", flush=True)
    return python


def venv_real(work: pathlib.Path, config: dict) -> pathlib.Path:
    _, module = SIDES[config["side"]]
    packages = [*config["requirements"], config["real"]]
    python = make_venv(work / f"venv-{config['name']}-real", packages)
    where = probe(python, f"import {module}, importlib.util as u; "
                          "assert u.find_spec('cryptoshim') is None, 'cryptoshim is installed'; "
                          f"print({module}.__file__, getattr({module}, '__version__', ''))")
    print(f"  {module} resolves to {where} (real library)", flush=True)
    return python


def sdist_tree(work: pathlib.Path, spec: str) -> pathlib.Path:
    """The unpacked sdist of `spec` (name==version), downloaded once."""
    name, version = spec.split("==")
    downloads = work / "sdists"
    downloads.mkdir(parents=True, exist_ok=True)
    norm = name.replace("-", "_").replace(".", "_").lower()

    def find() -> pathlib.Path | None:
        for f in downloads.glob("*.tar.gz"):
            project, _, release = f.name[: -len(".tar.gz")].rpartition("-")
            if project.replace("-", "_").replace(".", "_").lower() == norm and release == version:
                return f
        return None

    archive = find()
    if archive is None:
        run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check",
             "--no-deps", "--no-binary", ":all:", "-d", downloads, spec], env=clean_env())
        archive = find()
        if archive is None:
            raise SystemExit(f"pip downloaded no sdist for {spec} into {downloads}")
    tree = work / "src" / archive.name[: -len(".tar.gz")]
    if not tree.exists():
        tree.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(tree.parent, filter="data")
    return tree
