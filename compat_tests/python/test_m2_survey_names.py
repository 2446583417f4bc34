"""M2Crypto names real dependents use (survey/reports/report.json) that the
catalog lacked until their records in legacy_api/catalog/m2crypto_used.toml:
the same script (differential/m2_survey_names.py) runs under the real
M2Crypto 0.51.0 and the drop-in and must print the same values; the callable
ones warn at the caller's line, naming their replacement, like their siblings."""
from __future__ import annotations

import importlib
import json
import os
import pathlib
import subprocess
import sys
import warnings

import pytest

import cryptoshim
from cryptoshim import catalog
from M2Crypto import BIO, X509, m2

SCRIPT = pathlib.Path(__file__).resolve().parent / "differential" / "m2_survey_names.py"
REAL = os.environ.get("CRYPTOSHIM_REAL_M2CRYPTO_PYTHON", "")

# Where the drop-in deliberately differs, and why.
KNOWN_DIFFERENCES = {
    "m2.SSL_OP_ALL": "real 0.51.0 hard-codes the pre-1.1 mask 0xFFF, which on OpenSSL 3 sets "
                     "unrelated bits (NO_EXTENDED_MASTER_SECRET, LEGACY_SERVER_CONNECT, "
                     "IGNORE_UNEXPECTED_EOF); the drop-in passes OpenSSL 3's own SSL_OP_ALL",
}


def _real_env() -> dict:
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR", "PYTHONHOME")}


def _run(python: str, env: dict) -> dict:
    out = subprocess.run([python, str(SCRIPT)], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def real():
    if not REAL or not pathlib.Path(REAL).exists():
        pytest.skip(f"no interpreter with the real M2Crypto (CRYPTOSHIM_REAL_M2CRYPTO_PYTHON={REAL!r})")
    env = _real_env()
    if subprocess.run([REAL, "-c", "import cryptoshim"], capture_output=True, env=env).returncode == 0:
        pytest.skip("that interpreter sees our drop-in, not the real library")
    return _run(REAL, env)


def test_values_and_behaviour_match_real_m2crypto(real):
    ours = _run(sys.executable, dict(os.environ))
    assert set(ours) == set(real)
    diff = {k: (real[k], ours[k]) for k in real if real[k] != ours[k] and k not in KNOWN_DIFFERENCES}
    assert diff == {}
    assert [k for k in KNOWN_DIFFERENCES if real[k] == ours[k]] == [], "stale known difference"


def test_constant_records_of_the_used_files_resolve_in_the_drop_ins():
    """Constants are records only (like FILETYPE_*), so nothing else checks them."""
    constants = [r for r in catalog.records()
                 if r["kind"] == "constant" and r["id"] in _CONSTANT_IDS]
    assert len(constants) == len(_CONSTANT_IDS)
    for r in constants:
        getattr(importlib.import_module(r["module"]), r["name"])


_CONSTANT_IDS = {
    "m2crypto.ASN1.UTC", "m2crypto.X509.FORMAT_PEM", "m2crypto.SSL.verify_none",
    "m2crypto.SSL.verify_peer", "m2crypto.SSL.verify_fail_if_no_peer_cert", "m2crypto.m2.SSL_OP_ALL",
    "m2crypto.m2.SSL_OP_NO_SSLv2", "m2crypto.m2.SSL_OP_NO_SSLv3", "m2crypto.m2.no_padding",
    "m2crypto.m2.RSA_F4", "pyopenssl.__version__",
}


def test_x509req_handle_attribute_is_there():
    from OpenSSL import crypto
    assert crypto.X509Req()._req is not None


def _call_cases():
    mem = BIO.MemoryBuffer(b"x")
    cert, name = X509.X509(), X509.X509_Name()
    return [
        ("m2crypto.m2.aes_128_cbc", lambda: m2.aes_128_cbc()),
        ("m2crypto.m2.aes_192_cbc", lambda: m2.aes_192_cbc()),
        ("m2crypto.m2.aes_256_cbc", lambda: m2.aes_256_cbc()),
        ("m2crypto.BIO.MemoryBuffer.read_all", lambda: mem.read_all()),
        ("m2crypto.BIO.MemoryBuffer.write", lambda: mem.write(b"y")),
        ("m2crypto.X509.X509.set_subject", lambda: cert.set_subject(name)),
    ]


@pytest.mark.parametrize("api_id,call", _call_cases(), ids=lambda x: x if isinstance(x, str) else "")
def test_callable_names_warn_at_the_caller_naming_the_replacement(api_id, call):
    record = catalog.by_id()[api_id]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    legacy = [w for w in caught if issubclass(w.category, cryptoshim.LegacyAPIWarning)]
    assert len(legacy) == 1
    w = legacy[0]
    assert issubclass(w.category, DeprecationWarning)
    assert (w.filename, w.lineno) == (__file__, call.__code__.co_firstlineno)  # the lambda's line
    assert record["replacement"] in str(w.message)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # as `python -W error` runs them
        with pytest.raises(cryptoshim.LegacyAPIWarning):
            call()
