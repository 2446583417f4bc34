"""One TLS policy: every drop-in API that sets a cipher list or a protocol
floor, and every client handshake, gets its verdict from the core
(safety_policy.h through cryptoshim.policy), so the same input is weak
through OpenSSL.SSL, M2Crypto.SSL and M2Crypto.m2 alike.

The oracle for cipher strings is independent of the core: `openssl ciphers
-v` lists the suites a string selects, and a suite is weak when its Enc is
None, RC4, DES or 3DES, its Au is None, its Mac is MD5 or its strength is
below 128 bits.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import warnings

import pytest

from cryptoshim import InsecureLegacyWarning, policy
from M2Crypto import SSL as M2SSL
from M2Crypto import m2
from OpenSSL import SSL

OPENSSL = shutil.which("openssl")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CIPHER_STRINGS = [
    "DEFAULT",
    "HIGH:!aNULL",
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "AES128-SHA",
    "ALL:eNULL:@SECLEVEL=0",
    "ALL:aNULL:@SECLEVEL=0",
    "ALL:@SECLEVEL=0",
]


def _openssl_says_weak(cipher_string: str) -> bool:
    out = subprocess.run([OPENSSL, "ciphers", "-v", "-s", "-tls1_2", cipher_string],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return False
    for line in out.stdout.splitlines():
        fields = dict(f.split("=", 1) for f in line.split() if "=" in f)
        enc = fields.get("Enc", "")
        bits = re.search(r"\((\d+)\)", enc)
        if (enc.startswith(("None", "RC4", "DES", "3DES")) or fields.get("Au") == "None"
                or fields.get("Mac") == "MD5" or (bits and int(bits.group(1)) < 128)):
            return True
    return False


def _warns(fn) -> bool:
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        fn()
    return any(issubclass(w.category, InsecureLegacyWarning) and "weak suites" in str(w.message)
               for w in record)


def _verdicts(cipher_string: str) -> dict:
    m2_conn = M2SSL.Connection(M2SSL.Context())
    try:
        return {
            "OpenSSL.SSL.Context.set_cipher_list": _warns(
                lambda: SSL.Context(SSL.TLS_METHOD).set_cipher_list(cipher_string.encode())),
            "M2Crypto.SSL.Context.set_cipher_list": _warns(
                lambda: M2SSL.Context().set_cipher_list(cipher_string)),
            "M2Crypto.SSL.Connection.set_cipher_list": _warns(
                lambda: m2_conn.set_cipher_list(cipher_string)),
            "M2Crypto.m2.ssl_ctx_set_cipher_list": _warns(
                lambda: m2.ssl_ctx_set_cipher_list(m2.ssl_ctx_new(m2.sslv23_method()),
                                                   cipher_string)),
        }
    finally:
        m2_conn.close()


@pytest.mark.skipif(OPENSSL is None, reason="the openssl CLI is not installed")
@pytest.mark.parametrize("cipher_string", CIPHER_STRINGS)
def test_cipher_list_verdicts_agree_through_every_api(cipher_string):
    before = policy.current()
    policy.set_policy("compat")
    try:
        verdicts = _verdicts(cipher_string)
    finally:
        policy.set_policy(before)
    expected = _openssl_says_weak(cipher_string)
    assert set(verdicts.values()) == {expected}, verdicts


def test_the_oracle_sees_both_verdicts():
    """The parametrised test would pass vacuously if every string were fine."""
    if OPENSSL is None:
        pytest.skip("the openssl CLI is not installed")
    assert {_openssl_says_weak(s) for s in CIPHER_STRINGS} == {True, False}


def test_protocol_floor_is_one_rule():
    assert policy.MIN_TLS_VERSION == SSL.TLS1_2_VERSION
    weak = {SSL.SSL3_VERSION, SSL.TLS1_VERSION, SSL.TLS1_1_VERSION, 0xFEFF, 0x0100}
    fine = {0, SSL.TLS1_2_VERSION, SSL.TLS1_3_VERSION, 0xFEFD}
    assert {v for v in weak | fine if policy.is_weak_tls_version(v)} == weak


@pytest.mark.filterwarnings("default::cryptoshim.InsecureLegacyWarning")
def test_tls1_is_weak_through_every_api():
    def floor_warns(fn):
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            fn()
        return any("TLS below 1.2" in str(w.message) for w in record)

    ctx = m2.ssl_ctx_new(m2.sslv23_method())
    assert floor_warns(lambda: SSL.Context(SSL.TLSv1_METHOD))
    assert floor_warns(
        lambda: SSL.Context(SSL.TLS_METHOD).set_min_proto_version(SSL.TLS1_1_VERSION))
    assert floor_warns(lambda: M2SSL.Context("tlsv1"))
    assert floor_warns(lambda: m2.ssl_ctx_set_tls1(ctx))
    assert not floor_warns(
        lambda: SSL.Context(SSL.TLS_METHOD).set_min_proto_version(SSL.TLS1_2_VERSION))
    assert not floor_warns(lambda: M2SSL.Context("tls"))
