"""Differential check: the same cases through the real pyOpenSSL (Debian's
python3-openssl under /usr/bin/python3, or $CRYPTOSHIM_REAL_PYOPENSSL_PYTHON)
and through our drop-in; bytes, exception types and messages must agree.
Skips when no interpreter with the real library is available."""
import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
SCRIPT = HERE / "differential" / "pyopenssl_cases.py"
REAL = os.environ.get("CRYPTOSHIM_REAL_PYOPENSSL_PYTHON", "/usr/bin/python3")

# Where the real library's answer depends on its cffi layer rather than on
# behaviour (none so far); each entry says why it may differ.
KNOWN_DIFFERENCES: dict = {}


def real_env() -> dict:
    """The environment for the real library: without the paths that point a
    developer build's interpreter at our drop-in."""
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR", "PYTHONHOME")}


def real_pyopenssl_available() -> bool:
    if not shutil.which(REAL):
        return False
    probe = subprocess.run([REAL, "-c", "import OpenSSL, cryptoshim"], capture_output=True,
                           env=real_env())
    if probe.returncode == 0:
        return False  # that interpreter sees our drop-in, not the real library
    probe = subprocess.run([REAL, "-c", "import OpenSSL.crypto"], capture_output=True,
                           env=real_env())
    return probe.returncode == 0


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    d = tmp_path_factory.mktemp("diff")
    run = lambda *a: subprocess.run(a, check=True, capture_output=True, cwd=d)  # noqa: E731
    run("openssl", "genrsa", "-out", "key.pem", "2048")
    run("openssl", "req", "-x509", "-new", "-key", "key.pem", "-subj",
        "/C=US/O=cryptoshim/CN=diff.example", "-days", "30", "-sha256", "-out", "cert.pem")
    run("openssl", "x509", "-in", "cert.pem", "-outform", "DER", "-out", "cert.der")
    run("openssl", "rsa", "-in", "key.pem", "-aes256", "-passout", "pass:secret",
        "-out", "key-enc.pem", "-traditional")
    return d


def run_cases(python: str, fixtures: pathlib.Path, env: dict) -> dict:
    out = subprocess.run([python, str(SCRIPT), str(fixtures)], capture_output=True, text=True,
                         env=env, check=True)
    return json.loads(out.stdout)


@pytest.mark.skipif(not real_pyopenssl_available(),
                    reason=f"no interpreter with the real pyOpenSSL ({REAL})")
def test_drop_in_matches_real_pyopenssl(fixtures):
    real = run_cases(REAL, fixtures, real_env())
    ours = run_cases(sys.executable, fixtures, dict(os.environ))
    mismatches = {name: {"real": real[name], "ours": ours.get(name)}
                  for name in real if name not in KNOWN_DIFFERENCES and real[name] != ours.get(name)}
    assert not mismatches, json.dumps(mismatches, indent=1)
