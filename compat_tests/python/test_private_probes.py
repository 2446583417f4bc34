"""Private-attribute parity (legacy_api/private_probes.md): the probes real
dependents make on pyOpenSSL's internals answer as with the real pyOpenSSL,
and any real use of the missing cffi layer fails with an error that names the
public replacement. The differential cases run through the real pyOpenSSL
(Debian's python3-openssl under /usr/bin/python3, or
$CRYPTOSHIM_REAL_PYOPENSSL_PYTHON) and through the drop-in."""
import json
import os
import pathlib
import subprocess
import sys
import warnings

import pytest
from test_differential_pyopenssl import REAL, real_env, real_pyopenssl_available

import OpenSSL._util
from OpenSSL import SSL, crypto

HERE = pathlib.Path(__file__).resolve().parent
CASES = HERE / "differential" / "private_probes_cases.py"
needs_real = pytest.mark.skipif(not real_pyopenssl_available(),
                                reason=f"no interpreter with the real pyOpenSSL ({REAL})")
# Every name the drop-in's lib answers: the feature flags and the header constants.
LIB_NAMES = sorted(n for n in vars(OpenSSL._util.lib) if not n.startswith("_"))


def run_cases(python: str, env: dict) -> dict:
    out = subprocess.run([python, str(CASES), *LIB_NAMES], capture_output=True, text=True,
                         env=env, check=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def ours() -> dict:
    return run_cases(sys.executable, dict(os.environ))


@pytest.fixture(scope="module")
def real() -> dict:
    return run_cases(REAL, real_env())


@needs_real
@pytest.mark.parametrize("section", ["probes", "modules"])
def test_probes_answer_as_the_real_pyopenssl(ours, real, section):
    assert ours[section] == real[section]


# Flags of newer cryptography bindings than the real pyOpenSSL 23.0.0 here has
# (cryptography 38); the drop-in has the feature each one gates.
NEWER_THAN_REAL = {"Cryptography_HAS_SSL_GET0_GROUP_NAME"}
# Flags cryptography 39 dropped because every OpenSSL it supports has the
# feature: Debian's cryptography 38 answers 1, the pip venv's 39.0.2 has no
# such name. The drop-in has both features, so it answers 1, as 38 does.
DROPPED_BY_NEWER_BINDINGS = {"Cryptography_HAS_TLSv1_3", "Cryptography_HAS_GET_PROTO_VERSION"}


@needs_real
def test_every_flag_and_constant_lib_answers_has_the_real_value(ours, real):
    # Flags for features the drop-in lacks are absent from ours (None here),
    # so comparing what ours answers is the whole check.
    assert LIB_NAMES, "lib answers nothing"
    differing = {n: (ours["flags"][n], real["flags"][n]) for n in LIB_NAMES
                 if n not in NEWER_THAN_REAL | DROPPED_BY_NEWER_BINDINGS
                 and ours["flags"][n] != real["flags"][n]}
    assert not differing
    for name in DROPPED_BY_NEWER_BINDINGS:
        assert ours["flags"][name] == 1 and real["flags"][name] in (1, None), name
    assert all(real["flags"][n] is None for n in NEWER_THAN_REAL)


def test_the_pointer_stand_ins_are_stable_and_truthy():
    cert, key = crypto.X509(), crypto.PKey()
    assert cert._x509 is cert._x509 and cert._x509
    assert key._pkey is key._pkey and key._pkey
    assert crypto.X509()._x509 is not cert._x509


@pytest.mark.parametrize("use, replacement", [
    (lambda: OpenSSL._util.lib.SSL_CTX_set_ecdh_auto, "selects ECDH curves automatically"),
    (lambda: SSL._lib.SSL_CTX_get_options, "Context.set_options(0)"),
    (lambda: OpenSSL._util.lib.X509_NAME_oneline, "repr(X509Name)"),
    (lambda: OpenSSL._util.ffi.new("char[]", 512), "there are no cffi buffers"),
    (lambda: SSL._ffi.cast("SSL_CTX *", 0), "there are no cffi pointers"),
    (lambda: crypto._lib.Cryptography_HAS_ENGINE, "public OpenSSL.crypto/OpenSSL.SSL API"),
    (lambda: crypto.X509()._x509.version, "X509.to_cryptography()"),
    (lambda: crypto.PKey()._pkey[0], "PKey.to_cryptography_key()"),
])
def test_real_ffi_use_refuses_naming_the_replacement(use, replacement):
    with pytest.raises(OpenSSL._util.NoCffiBindingError, match="no cffi binding") as info:
        use()
    assert replacement in str(info.value)
    # An AttributeError: `hasattr`/`getattr(lib, name, None)` probes read "absent".
    assert isinstance(info.value, AttributeError)


def test_feature_probes_read_absent_functions_as_absent():
    assert not hasattr(OpenSSL._util.lib, "SSL_get_server_tmp_key")
    assert getattr(SSL._lib, "Cryptography_HAS_ENGINE", None) is None


def test_twisteds_guarded_ecdh_auto_call_falls_through():
    # twisted.internet._sslverify._ChooseDiffieHellmanEllipticCurve._configureOpenSSL102
    ctx = SSL.Context(SSL.TLS_METHOD)
    called = False
    try:
        OpenSSL._util.lib.SSL_CTX_set_ecdh_auto(ctx._context, True)
        called = True
    except BaseException:
        pass
    assert not called


URLLIB3 = "urllib3==1.26.20"
INJECT = """
import warnings; warnings.simplefilter("ignore")
from urllib3.contrib import pyopenssl
pyopenssl.inject_into_urllib3()
import urllib3.util.ssl_ as ssl_
print(ssl_.SSLContext is pyopenssl.PyOpenSSLContext, pyopenssl.HAS_SNI)
pyopenssl.extract_from_urllib3()
"""


@pytest.fixture(scope="module")
def urllib3_dir(tmp_path_factory) -> pathlib.Path:
    target = tmp_path_factory.mktemp("urllib3")
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                           "--disable-pip-version-check", "--target", str(target), URLLIB3],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot install {URLLIB3} from the package index: {proc.stderr[-300:]}")
    return target


@needs_real
def test_urllib3_injects_pyopenssl_as_with_the_real_one(urllib3_dir):
    """urllib3's own inject_into_urllib3() (it refuses unless X509()._x509 is
    not None), run unchanged with our package and with the real one."""
    def inject(python: str, env: dict) -> subprocess.CompletedProcess:
        env = dict(env, PYTHONPATH=str(urllib3_dir))
        return subprocess.run([python, "-c", INJECT], capture_output=True, text=True, env=env)

    ours = inject(sys.executable, {k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    real = inject(REAL, real_env())
    assert real.returncode == 0, real.stderr
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout == real.stdout == "True True\n"


def test_no_warning_from_reading_a_probe():
    # A probe is an attribute read, not a legacy call: nothing to count or warn.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cert = crypto.X509.__new__(crypto.X509)
        assert cert._x509
        assert SSL._lib.Cryptography_HAS_ALPN == 1
