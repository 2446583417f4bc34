"""The pyOpenSSL release knob CRYPTOSHIM_PYOPENSSL_RELEASE
(legacy_api/OpenSSL/_release.py) on Connection.set_session, the one behaviour
that differs between the releases the upstream suites run: with a Session
from another Context, 23.0.0 lets OpenSSL decide and 26.3.0 on raises
ValueError. 23.0.0 is compared with the real library
($CRYPTOSHIM_REAL_PYOPENSSL_PYTHON); 26.x's answer is the one its own test
asserts (pyOpenSSL 26.4.0 tests/test_ssl.py
TestConnection::test_set_session_wrong_context, `pytest.raises(ValueError)`;
the message is the one in its src/OpenSSL/SSL.py Connection.set_session)."""
import json
import os
import pathlib
import subprocess
import sys

import pytest
from test_differential_pyopenssl import REAL, real_env, real_pyopenssl_available

SCRIPT = pathlib.Path(__file__).resolve().parent / "differential" / "pyopenssl_session_cases.py"
VALUE_ERROR_26 = ("ValueError: session must have been created by a Connection using the same "
                  "Context as this one")


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory) -> pathlib.Path:
    d = tmp_path_factory.mktemp("session")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    str(d / "key.pem"), "-subj", "/CN=session.example", "-days", "2", "-out",
                    str(d / "cert.pem")], check=True, capture_output=True)
    return d


def run(python: str, fixtures, env: dict) -> dict:
    out = subprocess.run([python, str(SCRIPT), str(fixtures)], capture_output=True, text=True,
                         env=env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def ours(fixtures, release=None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "CRYPTOSHIM_PYOPENSSL_RELEASE"}
    if release is not None:
        env["CRYPTOSHIM_PYOPENSSL_RELEASE"] = release
    return run(sys.executable, fixtures, env)


@pytest.mark.skipif(not real_pyopenssl_available(),
                    reason=f"no interpreter with the real pyOpenSSL ({REAL})")
def test_release_23_matches_the_real_23(fixtures):
    real = run(REAL, fixtures, real_env())
    version = subprocess.run([REAL, "-c", "import OpenSSL; print(OpenSSL.__version__)"],
                             capture_output=True, text=True, env=real_env()).stdout.strip()
    assert version.startswith("23."), version
    assert real["other_context"] == "ok"  # what the 23.x behaviour is: no check
    assert ours(fixtures, "23.0.0") == real


def test_default_is_26_4_0_and_raises_valueerror(fixtures):
    got = ours(fixtures)
    assert got["session"] and got["same_context"] == "ok"
    assert got["other_context"] == VALUE_ERROR_26
    # 26.x raises before the handshake; that is the ValueError again.
    assert got["other_method_then_handshake"] == VALUE_ERROR_26
    assert ours(fixtures, "26.4.0") == got


def test_a_release_that_is_not_one_fails_at_import():
    env = dict(os.environ, CRYPTOSHIM_PYOPENSSL_RELEASE="26")
    proc = subprocess.run([sys.executable, "-c", "import OpenSSL.SSL"], capture_output=True,
                          text=True, env=env)
    assert proc.returncode != 0
    assert "CRYPTOSHIM_PYOPENSSL_RELEASE='26': expected a pyOpenSSL release" in proc.stderr
