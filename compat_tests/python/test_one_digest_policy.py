"""One definition of a weak digest (core/include/cryptoshim/safety_policy.h):
every legacy API that signs, verifies, fingerprints or hashes with a named
digest, in both drop-ins (M2Crypto's flat m2 layer included, which takes
the EVP_MD handle get_digestbyname gives), warns InsecureLegacyWarning exactly when
cryptoshim.policy.is_weak_digest(name) says so, and strict refuses exactly
those. A name an API does not accept is left out for that API, but every API
must accept the common spellings, so no API can drop out of the check."""
from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from cryptoshim import policy
from cryptoshim.exceptions import InsecureLegacyWarning, InsecureOperationError
from M2Crypto import BIO, EVP, RSA, SMIME, m2
from M2Crypto import X509 as M2X509
from OpenSSL import crypto

NAMES = ["md4", "md5", "MD5", "sha1", "SHA1", "ripemd160", "sha224", "sha256", "SHA256",
         "sha384", "sha512", "sha3_256", "sha3-256"]
# Every API must take these; the rest are checked where the API takes them.
MUST_ACCEPT = {"md5", "sha1", "sha256", "sha512"}


@pytest.fixture(scope="module")
def material(certs):
    # RSA: RSA.sign and EVP.PKey.assign_rsa-style calls need an RSA key.
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert, key = certs("policy.test", key=key, serial=7)
    return certs.key_pem(key), certs.pem(cert)


def _pyopenssl_calls(key_pem: bytes, cert_pem: bytes) -> dict[str, Callable[[str], object]]:
    pkey = crypto.load_privatekey(crypto.FILETYPE_PEM, key_pem)
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, cert_pem)

    def x509_sign(name):
        fresh = crypto.load_certificate(crypto.FILETYPE_PEM, cert_pem)
        fresh.sign(pkey, name)

    def req_sign(name):
        req = crypto.X509Req()
        req.get_subject().CN = "policy.test"
        req.set_pubkey(pkey)
        req.sign(pkey, name)

    def crl_export(name):
        crypto.CRL().export(cert, pkey, crypto.FILETYPE_PEM, 1, name.encode())

    def spki_sign(name):
        spki = crypto.NetscapeSPKI()
        spki.set_pubkey(pkey)
        spki.sign(pkey, name)

    def crl_sign(name):
        crypto.CRL().sign(cert, pkey, name.encode())

    return {
        "pyopenssl crypto.sign": lambda name: crypto.sign(pkey, b"data", name),
        "pyopenssl crypto.verify": lambda name: crypto.verify(
            cert, crypto.sign(pkey, b"data", name), b"data", name),
        "pyopenssl X509.sign": x509_sign,
        "pyopenssl X509.digest": lambda name: cert.digest(name),
        "pyopenssl X509Req.sign": req_sign,
        "pyopenssl NetscapeSPKI.sign": spki_sign,
        "pyopenssl CRL.sign": crl_sign,
        "pyopenssl CRL.export": crl_export,
    }


def _m2crypto_calls(key_pem: bytes, cert_pem: bytes) -> dict[str, Callable[[str], object]]:
    rsa_key = RSA.load_key_string(key_pem)
    pkey = EVP.load_key_string(key_pem)
    cert = M2X509.load_cert_string(cert_pem)

    def x509_sign(name):
        M2X509.load_cert_string(cert_pem).sign(pkey, name)

    def request_sign(name):
        req = M2X509.Request()
        req.set_pubkey(pkey)
        req.sign(pkey, name)

    def smime_sign(name):
        signer = SMIME.SMIME()
        signer.pkey, signer.x509 = pkey, cert
        signer.sign(BIO.MemoryBuffer(b"data"), SMIME.PKCS7_DETACHED, algo=name)

    def rsa_sign(name):
        # hashlib, not EVP.MessageDigest, so only RSA.sign's own verdict counts.
        rsa_key.sign(hashlib.new(name.lower().replace("-", "_"), b"data").digest(), name)

    def pkey_sign_final(name):
        key = EVP.load_key_string(key_pem)
        key.reset_context(md=name)
        key.sign_init()
        key.sign_update(b"data")
        return key.sign_final()

    # The flat M2Crypto.m2 layer takes an EVP_MD handle: get_digestbyname's.
    def m2_digest_init(name):
        m2.digest_init(m2.md_ctx_new(), m2.get_digestbyname(name))

    def m2_x509_sign(name):
        m2.x509_sign(M2X509.load_cert_string(cert_pem)._ptr(), pkey.pkey,
                     m2.get_digestbyname(name))

    def m2_x509_req_sign(name):
        req = M2X509.Request()
        req.set_pubkey(pkey)
        m2.x509_req_sign(req._ptr(), pkey.pkey, m2.get_digestbyname(name))

    def m2_sign_final(name):
        ctx = m2.md_ctx_new()
        m2.sign_init(ctx, m2.get_digestbyname(name))
        m2.sign_update(ctx, b"data")
        return m2.sign_final(ctx, pkey.pkey)

    return {
        "m2crypto m2.digest_init": m2_digest_init,
        "m2crypto m2.x509_sign": m2_x509_sign,
        "m2crypto m2.x509_req_sign": m2_x509_req_sign,
        "m2crypto m2.sign_final": m2_sign_final,
        "m2crypto EVP.MessageDigest": lambda name: EVP.MessageDigest(name),
        "m2crypto X509.sign": x509_sign,
        "m2crypto X509.Request.sign": request_sign,
        "m2crypto X509.get_fingerprint": lambda name: cert.get_fingerprint(name),
        "m2crypto SMIME.sign": smime_sign,
        "m2crypto RSA.sign": rsa_sign,
        "m2crypto EVP.PKey.sign_final": pkey_sign_final,
    }


def _outcome(call: Callable[[str], object], name: str) -> bool | None:
    """True if the call warned InsecureLegacyWarning, False if it ran without
    one, None if the API does not take this digest name."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            call(name)
        except InsecureOperationError:
            raise
        except Exception:
            return None
    return any(issubclass(w.category, InsecureLegacyWarning) for w in caught)


def _apis(material):
    return {**_pyopenssl_calls(*material), **_m2crypto_calls(*material)}


def test_every_api_agrees_with_the_core_policy(material, compat):
    disagreements, refused = [], []
    for api, call in _apis(material).items():
        for name in NAMES:
            warned = _outcome(call, name)
            if warned is None:
                if name in MUST_ACCEPT:
                    refused.append(f"{api}({name!r})")
                continue
            # RSA.sign also warns for the digest the signature is made over;
            # the core decides for both, so the verdicts must still match.
            if warned != policy.is_weak_digest(name):
                disagreements.append(f"{api}({name!r}): warned={warned}")
    assert refused == [], "APIs that must take these names refused them"
    assert disagreements == []


def test_strict_refuses_exactly_the_weak_names(material, compat):
    # Every name an API takes under compat (MUST_ACCEPT and the rest); the
    # compat fixture restores the policy in force before, after the switch.
    taken = [(api, call, name) for api, call in _apis(material).items() for name in NAMES
             if _outcome(call, name) is not None]
    assert len(taken) >= len(_apis(material)) * len(MUST_ACCEPT)
    policy.set_policy("strict")
    for api, call, name in taken:
        if policy.is_weak_digest(name):
            with pytest.raises(InsecureOperationError):
                call(name)
        else:
            call(name)  # strong digests still work under strict


def test_the_core_resolves_aliases_and_signature_algorithms():
    for name in ("SHA1", "sha-1", "RSA-SHA1", "sha1WithRSAEncryption", "ecdsa-with-SHA1",
                 "md5WithRSAEncryption", "MD4", "ripemd160"):
        assert policy.is_weak_digest(name), name
    for name in ("sha256", "SHA-256", "sha256WithRSAEncryption", "sha3-512", "", "bogus"):
        assert not policy.is_weak_digest(name), name
    assert policy.is_weak_mac_digest("md5") and not policy.is_weak_mac_digest("sha1")
