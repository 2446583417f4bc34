"""Wycheproof vectors through the legacy shims: pyOpenSSL's crypto.verify and
M2Crypto's RSA / EC / DSA / EVP entry points, over the same core primitives the
Catch2 tests run directly (compat_tests/cpp/wycheproof_*_test.cc).

Every vector of every file is run, except the large ECDSA/DSA DER families,
which are sampled to keep this module under a minute: a quarter of each
group for each API, pyOpenSSL and M2Crypto taking different quarters (the
C++ test runs them all). The printed counts say which. Rejections must come
as the legacy library's own exception type; anything else propagates and
fails the test.
"""
import base64
import re

import pytest

from wycheproof_util import digest, hash_name, load_policy, run_family

from OpenSSL import crypto
from M2Crypto import BIO, DSA, EC, EVP, RSA  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::cryptoshim.InsecureLegacyWarning")

# ECDSA/DSA DER files have ~500 vectors each, mostly malformed encodings the
# C++ test covers in full: (step, offset) within each group.
_SAMPLE_PYOPENSSL = (4, 2)
_SAMPLE_M2CRYPTO = (4, 0)


def _h(hex_string: str) -> bytes:
    return bytes.fromhex(hex_string)


def _group_cache(make):
    """Builds a per-test function that parses each group's key once."""
    cache = {}

    def key_for(group):
        if id(group) not in cache:
            cache.clear()
            cache[id(group)] = make(group)
        return cache[id(group)]

    return key_for


# -- pyOpenSSL -----------------------------------------------------------------

def _pyopenssl_verifier(doc):
    def make(group):
        cert = crypto.X509()  # crypto.verify takes a certificate
        cert.set_pubkey(crypto.load_publickey(crypto.FILETYPE_ASN1, _h(group["publicKeyDer"])))
        return cert

    key_for = _group_cache(make)

    def run(group, test):
        try:
            crypto.verify(key_for(group), _h(test["sig"]), _h(test["msg"]), group["sha"])
        except crypto.Error:
            return False
        return True

    return run


def test_pyopenssl_verify_rsa_pkcs1(shared_data):
    run_family(shared_data, "pyopenssl-rsa-pkcs1", r"rsa_signature_.*_test\.json",
               load_policy("kRsaPkcs1VerifyPolicy"), _pyopenssl_verifier)


def test_pyopenssl_verify_dsa(shared_data):
    run_family(shared_data, "pyopenssl-dsa", r"dsa_(?!.*p1363).*_test\.json",
               load_policy("kDsaVerifyPolicy"), _pyopenssl_verifier, _SAMPLE_PYOPENSSL)


def test_pyopenssl_verify_ecdsa(shared_data):
    run_family(shared_data, "pyopenssl-ecdsa", r"ecdsa_(?!.*p1363).*_test\.json", {},
               _pyopenssl_verifier, _SAMPLE_PYOPENSSL)


# -- M2Crypto RSA --------------------------------------------------------------

def _m2_rsa_public(group):
    try:
        return RSA.load_pub_key_bio(BIO.MemoryBuffer(group["publicKeyPem"].encode()))
    except RSA.RSAError as exc:
        return f"M2Crypto.RSA does not load this key: {exc}"


def _m2_known_hash(name: str) -> bool:
    from M2Crypto import m2
    return getattr(m2, "NID_" + name, None) is not None


def test_m2crypto_rsa_verify_pkcs1(shared_data):
    def make_runner(doc):
        key_for = _group_cache(_m2_rsa_public)

        def run(group, test):
            algo = hash_name(group["sha"])
            if not _m2_known_hash(algo):
                return f"M2Crypto has no m2.NID_{algo}"
            key = key_for(group)
            try:
                return key.verify(digest(group["sha"], _h(test["msg"])), _h(test["sig"]), algo) == 1
            except RSA.RSAError:
                return False

        return run

    run_family(shared_data, "m2crypto-rsa-pkcs1", r"rsa_signature_.*_test\.json",
               load_policy("kRsaPkcs1VerifyPolicy"), make_runner,
               max_skipped=2838)


def test_m2crypto_rsa_sign_pkcs1(shared_data):
    def make_runner(doc):
        key_for = _group_cache(lambda g: RSA.load_key_string(g["privateKeyPem"].encode()))

        def run(group, test):
            algo = hash_name(group["sha"])
            if not _m2_known_hash(algo):
                return f"M2Crypto has no m2.NID_{algo}"
            try:
                sig = key_for(group).sign(digest(group["sha"], _h(test["msg"])), algo)
            except RSA.RSAError:
                return False
            return sig == _h(test["sig"])

        return run

    run_family(shared_data, "m2crypto-rsa-sign", r"rsa_pkcs1_\d+_sig_gen_test\.json",
               load_policy("kRsaPkcs1SignPolicy"), make_runner)


def test_m2crypto_rsa_verify_pss(shared_data):
    def make_runner(doc):
        key_for = _group_cache(_m2_rsa_public)

        def run(group, test):
            # verify_rsassa_pss(digest, sig, algo, salt_length) uses MGF1 with
            # the message hash: other combinations have no legacy spelling.
            if group["mgf"] != "MGF1" or group["mgfSha"] != group["sha"]:
                return "M2Crypto's verify_rsassa_pss uses MGF1 with the message hash only"
            algo = hash_name(group["sha"])
            if not _m2_known_hash(algo):
                return f"M2Crypto has no m2.NID_{algo}"
            key = key_for(group)
            if isinstance(key, str):
                return key
            return key.verify_rsassa_pss(digest(group["sha"], _h(test["msg"])), _h(test["sig"]),
                                         algo, group["sLen"]) == 1

        return run

    run_family(shared_data, "m2crypto-rsa-pss", r"rsa_pss_.*_test\.json", {}, make_runner,
               max_skipped=1521)


def _m2_rsa_decrypter(padding, applies):
    def make_runner(doc):
        key_for = _group_cache(lambda g: RSA.load_key_string(g["privateKeyPem"].encode()))

        def run(group, test):
            reason = applies(group, test)
            if reason:
                return reason
            try:
                return key_for(group).private_decrypt(_h(test["ct"]), padding) == _h(test["msg"])
            except RSA.RSAError:
                return False

        return run

    return make_runner


def test_m2crypto_rsa_private_decrypt_oaep(shared_data):
    def applies(group, test):
        # RSA_private_decrypt's OAEP is SHA-1 / MGF1-SHA-1 with an empty label.
        if (group["sha"], group["mgfSha"]) != ("SHA-1", "SHA-1") or test["label"]:
            return "M2Crypto's pkcs1_oaep_padding is SHA-1/MGF1-SHA-1 without a label"
        return None

    run_family(shared_data, "m2crypto-rsa-oaep", r"rsa_oaep_.*_test\.json",
               load_policy("kRsaOaepDecryptPolicy"),
               _m2_rsa_decrypter(RSA.pkcs1_oaep_padding, applies),
               max_skipped=1057)


def test_m2crypto_rsa_private_decrypt_pkcs1(shared_data):
    run_family(shared_data, "m2crypto-rsa-pkcs1-decrypt", r"rsa_pkcs1_\d+_test\.json", {},
               _m2_rsa_decrypter(RSA.pkcs1_padding, lambda g, t: None))


# -- M2Crypto EC and DSA -------------------------------------------------------

def test_m2crypto_ec_verify_dsa_asn1(shared_data):
    def make_runner(doc):
        key_for = _group_cache(lambda g: EC.pub_key_from_der(_h(g["publicKeyDer"])))

        def run(group, test):
            key = key_for(group)
            try:
                return key.verify_dsa_asn1(digest(group["sha"], _h(test["msg"])),
                                           _h(test["sig"])) == 1
            except EC.ECError:
                return False

        return run

    run_family(shared_data, "m2crypto-ecdsa", r"ecdsa_(?!.*p1363).*_test\.json", {}, make_runner,
               _SAMPLE_M2CRYPTO)


def test_m2crypto_dsa_verify_asn1(shared_data):
    def make_runner(doc):
        key_for = _group_cache(
            lambda g: DSA.load_pub_key_bio(BIO.MemoryBuffer(g["publicKeyPem"].encode())))

        def run(group, test):
            key = key_for(group)
            try:
                return key.verify_asn1(digest(group["sha"], _h(test["msg"])), _h(test["sig"])) == 1
            except DSA.DSAError:
                return False

        return run

    run_family(shared_data, "m2crypto-dsa", r"dsa_(?!.*p1363).*_test\.json",
               load_policy("kDsaVerifyPolicy"), make_runner, _SAMPLE_M2CRYPTO)


# SEC1 ECPrivateKey for a raw scalar: M2Crypto loads EC keys only from PEM.
_CURVES = {  # Wycheproof name: (named-curve OID DER, scalar bytes)
    "secp224r1": ("06052b81040021", 28),
    "secp256r1": ("06082a8648ce3d030107", 32),
    "secp384r1": ("06052b81040022", 48),
    "secp521r1": ("06052b81040023", 66),
    "secp256k1": ("06052b8104000a", 32),
}


def _der(tag: int, body: bytes) -> bytes:
    n = len(body)
    length = bytes([n]) if n < 0x80 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + \
        n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag]) + length + body


def _ec_private_pem(curve: str, scalar_hex: str) -> bytes:
    oid, size = _CURVES[curve]
    body = (_der(0x02, b"\x01") + _der(0x04, int(scalar_hex, 16).to_bytes(size, "big")) +
            _der(0xA0, _h(oid)))
    b64 = base64.encodebytes(_der(0x30, body)).decode()
    return f"-----BEGIN EC PRIVATE KEY-----\n{b64}-----END EC PRIVATE KEY-----\n".encode()


def test_m2crypto_ec_compute_dh_key(shared_data):
    private_keys = {}  # many vectors share a private key; PEM parsing dominates

    def make_runner(doc):
        def run(group, test):
            if group.get("encoding", "asn") != "asn":
                return f"M2Crypto reads peer keys as DER SPKI, not {group['encoding']}"
            if group["curve"] not in _CURVES:
                return f"no SEC1 template for {group['curve']}"
            pem = _ec_private_pem(group["curve"], test["private"])
            if pem not in private_keys:
                private_keys[pem] = EC.load_key_string(pem)
            try:
                peer = EC.pub_key_from_der(_h(test["public"]))
                shared = private_keys[pem].compute_dh_key(peer)
            except EC.ECError:
                return False
            if shared != _h(test["shared"]):
                return False  # a wrong secret is never acceptable
            if "InvalidAsn" in test["flags"]:
                # The policy rejects BER peer keys, and the core's strict
                # loader does (C++ test). EC.pub_key_from_der keeps OpenSSL's
                # d2i leniency, as the real M2Crypto does: a known divergence,
                # counted as a skip, never as a pass.
                return "BER peer key accepted by the legacy DER loader (as real M2Crypto)"
            return True

        return run

    run_family(shared_data, "m2crypto-ecdh", r"ecdh_.*_test\.json", load_policy("kEcdhPolicy"),
               make_runner,
               max_skipped=48)


# -- M2Crypto EVP.hmac ---------------------------------------------------------

def test_m2crypto_evp_hmac(shared_data):
    def make_runner(doc):
        algo = re.fullmatch(r"HMACSHA(\d+)", doc["algorithm"]).group(1)

        def run(group, test):
            size = group["tagSize"] // 8
            tag = EVP.hmac(_h(test["key"]), _h(test["msg"]), "sha" + algo)
            return len(_h(test["tag"])) == size and tag[:size] == _h(test["tag"])

        return run

    run_family(shared_data, "m2crypto-hmac", r"hmac_sha(1|224|256|384|512)_test\.json", {},
               make_runner)
