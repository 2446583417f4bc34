"""Equivalence of every `cryptoshim migrate` rule, run on the real libraries.

Per case: a snippet using the legacy API is rewritten by the tool itself
(cryptoshim.migrate.rewrite), the legacy snippet runs against the REAL library
($CRYPTOSHIM_REAL_PYOPENSSL_PYTHON: pyOpenSSL 23.0.0, or
$CRYPTOSHIM_REAL_M2CRYPTO_PYTHON: M2Crypto 0.51.0), the rewritten one in
scripts/migrate-target-venv.sh's venv ($CRYPTOSHIM_MIGRATE_TARGET_PYTHON:
cryptography 43). A fully migrated snippet runs there with every OpenSSL /
M2Crypto import blocked, so it can only be using cryptography; one whose
object escapes (kept as a legacy object, bridged with to_cryptography()) runs
beside the real pyOpenSSL 24.2.1 of that venv. Results are compared value for
value; an exception class is compared after mapping the legacy class through
the rules' `exceptions` (the plan prints the same map). Every rule has a case,
with bad inputs (garbage, wrong type, absent name fields, expired certs).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import textwrap

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa
from cryptography.x509.oid import NameOID

from cryptoshim.migrate import rules as R
from cryptoshim.migrate.rewrite import rewrite_source
from cryptoshim.migrate.sites import load_index, scan_tree

HARNESS = r"""
import json, sys
if sys.argv[2] == "block":
    class _Block:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("OpenSSL", "M2Crypto"):
                raise ImportError("blocked legacy import: " + name)
    sys.meta_path.insert(0, _Block())
ns = {}
exec(compile(open(sys.argv[1]).read(), "snippet", "exec"), ns)
def enc(v):
    if isinstance(v, (bytes, bytearray)):
        return ["bytes", bytes(v).hex()]
    if isinstance(v, (tuple, list)):
        return ["seq", [enc(x) for x in v]]
    return ["val", v]
out = []
for args in json.load(sys.stdin):
    args = [bytes.fromhex(a[1]) if a[0] == "b" else a[1] for a in args]
    try:
        out.append(["ok", enc(ns["run"](*args))])
    except Exception as e:
        mod = type(e).__module__
        out.append(["exc", (mod + "." if mod != "builtins" else "") + type(e).__qualname__])
print(json.dumps(out))
print("LEGACY_LOADED" if any(m.split(".")[0] in ("OpenSSL", "M2Crypto") for m in sys.modules) else "CLEAN")
"""


def _interpreter(var: str, hint: str) -> str:
    path = os.environ.get(var)
    if not path or not os.path.exists(path):
        pytest.skip(f"${var} is not set ({hint})")
    return path


# -- test material, made here with cryptography --------------------------------
def _cert(names: dict, days: tuple = (-1, 30), serial: int = 12345, key=None):
    key = key or ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(oid, value) for oid, value in names.items()])
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(now + datetime.timedelta(days=days[0]))
        .not_valid_after(now + datetime.timedelta(days=days[1]))
        .sign(key, hashes.SHA256())
    )


def _material():
    full = _cert(
        {
            NameOID.COMMON_NAME: "example.org",
            NameOID.ORGANIZATION_NAME: "Example Ltd",
            NameOID.ORGANIZATIONAL_UNIT_NAME: "Ops",
            NameOID.COUNTRY_NAME: "DE",
            NameOID.EMAIL_ADDRESS: "ops@example.org",
        }
    )
    no_cn = _cert({NameOID.ORGANIZATION_NAME: "Nameless"}, serial=2**70 + 3)
    expired = _cert({NameOID.COMMON_NAME: "old.example"}, days=(-30, -2), serial=1)
    utf8 = _cert({NameOID.COMMON_NAME: "bücher.example"}, serial=7)
    pem = serialization.Encoding.PEM
    csr_key = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "csr.example"),
                                 x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CSR Org")]))
        .sign(csr_key, hashes.SHA256())
    )
    keys = {
        "rsa_key": rsa.generate_private_key(public_exponent=65537, key_size=1024),
        "ec_key": ec.generate_private_key(ec.SECP384R1()),
        "dsa_key": dsa.generate_private_key(key_size=1024),
    }
    ed_key = ed25519.Ed25519PrivateKey.generate()
    rsa_csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "rsa-csr.example")]))
        .sign(keys["rsa_key"], hashes.SHA256())
    )
    signer_certs = {
        f"{name}_cert": _cert({NameOID.COMMON_NAME: name}, key=key).public_bytes(pem)
        for name, key in keys.items()
    }
    enc = serialization.BestAvailableEncryption(b"pw")
    der, pkcs8 = serialization.Encoding.DER, serialization.PrivateFormat.PKCS8
    trad = serialization.PrivateFormat.TraditionalOpenSSL
    none = serialization.NoEncryption()
    return {
        **signer_certs,
        "rsa_pkcs8": keys["rsa_key"].private_bytes(pem, pkcs8, none),
        "rsa_der": keys["rsa_key"].private_bytes(der, trad, none),
        "ec_pkcs8_der": keys["ec_key"].private_bytes(der, pkcs8, none),
        "rsa_encrypted": keys["rsa_key"].private_bytes(pem, trad, enc),
        "ec_encrypted_pkcs8": keys["ec_key"].private_bytes(pem, pkcs8, enc),
        "rsa_public": keys["rsa_key"].public_key().public_bytes(
            pem, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        "ed_key": ed_key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()),
        "csr": csr.public_bytes(pem),
        "rsa_csr": rsa_csr.public_bytes(pem),
        "csr_der": csr.public_bytes(serialization.Encoding.DER),
        **{
            name: key.private_bytes(
                pem, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
            )
            for name, key in keys.items()
        },
        "full": full.public_bytes(pem),
        "no_cn": no_cn.public_bytes(pem),
        "expired": expired.public_bytes(pem),
        "utf8": utf8.public_bytes(pem),
        "full_der": full.public_bytes(serialization.Encoding.DER),
        "garbage": b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n",
        "empty": b"",
    }


MATERIAL = _material()
CERTS = [["b", MATERIAL[k].hex()] for k in ("full", "no_cn", "expired", "utf8")] + [
    ["s", MATERIAL["full"].decode()],  # pyOpenSSL takes str and encodes it
]
BAD_CERTS = [["b", MATERIAL["garbage"].hex()], ["b", MATERIAL["empty"].hex()],
             ["b", MATERIAL["full_der"].hex()]]


def _args(*rows):
    return [list(r) for r in rows]


# -- cases: (id, library, snippet, inputs, rules that must be applied, migrated fully)
P = "from OpenSSL import crypto\n"
PS = P + "from cryptography.hazmat.primitives import serialization\n"
CASES = [
    (
        "dump_certificate+load (migrated variable)", "pyopenssl",
        P + """
def run(pem):
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
    return crypto.dump_certificate(crypto.FILETYPE_ASN1, cert), crypto.dump_certificate(crypto.FILETYPE_PEM, cert)
""",
        _args(*[[c] for c in CERTS + BAD_CERTS]),
        {"pyopenssl.crypto.load_certificate", "pyopenssl.crypto.dump_certificate"}, True,
    ),
    (
        "load_certificate DER", "pyopenssl",
        P + """
def run(der):
    cert = crypto.load_certificate(crypto.FILETYPE_ASN1, der)
    return cert.get_serial_number(), cert.to_cryptography().serial_number
""",
        _args([["b", MATERIAL["full_der"].hex()]], *[[c] for c in BAD_CERTS]),
        {
            "pyopenssl.crypto.load_certificate", "pyopenssl.crypto.X509.get_serial_number",
            "pyopenssl.crypto.X509.to_cryptography",
        },
        True,
    ),
    (
        "X509 getters and subject/issuer attributes", "pyopenssl",
        P + """
def run(pem):
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
    return (cert.get_subject().CN, cert.get_subject().O, cert.get_subject().OU,
            cert.get_subject().C, cert.get_subject().emailAddress, cert.get_issuer().CN,
            cert.get_issuer().commonName, cert.get_subject().L, cert.get_subject().ST,
            cert.get_serial_number(), cert.get_version(), cert.has_expired(),
            cert.get_notAfter(), cert.get_notBefore(),
            cert.digest("sha256"), cert.digest("sha1"), cert.digest("md5"))
""",
        _args(*[[c] for c in CERTS]),
        {
            "pyopenssl.crypto.X509.get_subject", "pyopenssl.crypto.X509.get_issuer",
            "pyopenssl.crypto.X509.get_serial_number", "pyopenssl.crypto.X509.get_version",
            "pyopenssl.crypto.X509.has_expired", "pyopenssl.crypto.X509.get_notAfter",
            "pyopenssl.crypto.X509.get_notBefore", "pyopenssl.crypto.X509.digest",
        },
        True,
    ),
    (
        "escaping X509: bridged getters", "pyopenssl",
        PS + """
KEPT = []
def run(pem):
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
    KEPT.append(cert)
    return (cert.get_subject().CN, cert.get_serial_number(), cert.has_expired(),
            cert.digest("sha256"), crypto.dump_certificate(crypto.FILETYPE_ASN1, cert),
            cert.get_pubkey().to_cryptography_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
""",
        _args(*[[c] for c in CERTS + BAD_CERTS]),
        {
            "pyopenssl.crypto.X509.get_subject", "pyopenssl.crypto.X509.get_serial_number",
            "pyopenssl.crypto.X509.has_expired", "pyopenssl.crypto.X509.digest",
            "pyopenssl.crypto.dump_certificate", "pyopenssl.crypto.X509.get_pubkey",
        },
        False,
    ),
    (
        "dump_certificate of a non-X509", "pyopenssl",
        P + """
def run(value):
    return crypto.dump_certificate(crypto.FILETYPE_PEM, value)
""",
        _args([["b", "00"]], [["s", "text"]], [["s", None]]),
        {"pyopenssl.crypto.dump_certificate"}, True,
    ),
    (
        "CSR load/dump/subject (migrated variable)", "pyopenssl",
        PS + """
def run(pem):
    req = crypto.load_certificate_request(crypto.FILETYPE_PEM, pem)
    return (req.get_subject().CN, req.get_subject().O, req.get_subject().OU,
            crypto.dump_certificate_request(crypto.FILETYPE_ASN1, req),
            crypto.dump_certificate_request(crypto.FILETYPE_PEM, req),
            req.to_cryptography().is_signature_valid,
            req.get_pubkey().to_cryptography_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))
""",
        _args([["b", MATERIAL["csr"].hex()]], [["s", MATERIAL["csr"].decode()]],
              [["b", MATERIAL["csr_der"].hex()]], *[[c] for c in BAD_CERTS]),
        {
            "pyopenssl.crypto.load_certificate_request", "pyopenssl.crypto.X509Req.get_subject",
            "pyopenssl.crypto.dump_certificate_request", "pyopenssl.crypto.X509Req.to_cryptography",
            "pyopenssl.crypto.X509Req.get_pubkey",
        },
        True,
    ),
    (
        "escaping CSR: bridged dump and to_cryptography", "pyopenssl",
        P + """
KEPT = []
def run(der):
    req = crypto.load_certificate_request(crypto.FILETYPE_ASN1, der)
    KEPT.append(req)
    return crypto.dump_certificate_request(crypto.FILETYPE_PEM, req), req.get_subject().CN
""",
        _args([["b", MATERIAL["csr_der"].hex()]], [["b", MATERIAL["garbage"].hex()]]),
        {"pyopenssl.crypto.dump_certificate_request", "pyopenssl.crypto.X509Req.get_subject"},
        False,
    ),
    (
        "dump_privatekey (bridged key)", "pyopenssl",
        P + """
def run(pem):
    key = crypto.load_privatekey(crypto.FILETYPE_PEM, pem)
    return (crypto.dump_privatekey(crypto.FILETYPE_PEM, key),
            crypto.dump_privatekey(crypto.FILETYPE_ASN1, key))
""",
        _args([["b", MATERIAL["rsa_key"].hex()]], [["b", MATERIAL["ec_key"].hex()]],
              [["b", MATERIAL["garbage"].hex()]]),
        {"pyopenssl.crypto.dump_privatekey"},
        False,
    ),
    (
        "load_privatekey + dump_privatekey/dump_publickey/sign/to_cryptography_key "
        "(migrated variable)", "pyopenssl",
        P + """
def run(pem, data):
    key = crypto.load_privatekey(crypto.FILETYPE_PEM, pem)
    sig = crypto.sign(key, data, "sha256")
    return (crypto.dump_privatekey(crypto.FILETYPE_PEM, key),
            crypto.dump_privatekey(crypto.FILETYPE_ASN1, key),
            crypto.dump_publickey(crypto.FILETYPE_PEM, key),
            crypto.dump_publickey(crypto.FILETYPE_ASN1, key),
            key.to_cryptography_key().key_size,
            sig if len(sig) == 128 else len(sig) > 0)  # RSA-1024 is deterministic, ECDSA not
""",
        _args(
            *[[["b", MATERIAL[k].hex()], ["b", "64617461"]]
              for k in ("rsa_key", "ec_key", "rsa_pkcs8")],
            [["s", MATERIAL["rsa_key"].decode()], ["s", "text"]],  # str buffer and data
            # bad input: an encrypted key without a passphrase (pyOpenSSL: Error,
            # cryptography: TypeError), a public key, garbage, empty
            [["b", MATERIAL["rsa_encrypted"].hex()], ["b", "00"]],
            [["b", MATERIAL["ec_encrypted_pkcs8"].hex()], ["b", "00"]],
            [["b", MATERIAL["rsa_public"].hex()], ["b", "00"]],
            [["b", MATERIAL["garbage"].hex()], ["b", "00"]],
            [["b", ""], ["b", "00"]],
        ),
        {
            "pyopenssl.crypto.load_privatekey", "pyopenssl.crypto.dump_privatekey",
            "pyopenssl.crypto.dump_publickey", "pyopenssl.crypto.sign",
            "pyopenssl.crypto.PKey.to_cryptography_key",
        },
        True,
    ),
    (
        "load_privatekey DER (traditional and PKCS#8)", "pyopenssl",
        P + """
def run(der):
    key = crypto.load_privatekey(crypto.FILETYPE_ASN1, der)
    return crypto.dump_publickey(crypto.FILETYPE_ASN1, key)
""",
        _args([["b", MATERIAL["rsa_der"].hex()]], [["b", MATERIAL["ec_pkcs8_der"].hex()]],
              [["b", MATERIAL["rsa_key"].hex()]], [["b", MATERIAL["full_der"].hex()]],
              [["b", ""]]),
        {"pyopenssl.crypto.load_privatekey", "pyopenssl.crypto.dump_publickey"},
        True,
    ),
    (
        "dump_publickey (bridged key, private and public PKeys)", "pyopenssl",
        P + """
KEPT = []
def run(pem, private):
    if private:
        key = crypto.load_privatekey(crypto.FILETYPE_PEM, pem)
    else:
        key = crypto.load_publickey(crypto.FILETYPE_PEM, pem)
    KEPT.append(key)
    return crypto.dump_publickey(crypto.FILETYPE_PEM, key), crypto.dump_publickey(crypto.FILETYPE_ASN1, key)
""",
        _args([["b", MATERIAL["rsa_key"].hex()], ["s", True]],
              [["b", MATERIAL["ec_key"].hex()], ["s", True]],
              [["b", MATERIAL["rsa_public"].hex()], ["s", False]]),
        {"pyopenssl.crypto.dump_publickey"},
        False,
    ),
    (
        "dump_publickey of a non-PKey", "pyopenssl",
        P + """
def run(value):
    return crypto.dump_publickey(crypto.FILETYPE_PEM, value)
""",
        _args([["b", "00"]], [["s", "text"]], [["s", None]]),
        {"pyopenssl.crypto.dump_publickey"}, True,
    ),
    (
        "M2Crypto X509.load_cert + fingerprint + not_before/after (migrated variable)", "m2crypto",
        "from M2Crypto import X509\nimport os, tempfile\n" + """
def run(data, how):
    d = tempfile.mkdtemp()
    path = os.path.join(d, "c.pem")
    with open(path, "wb") as f:
        f.write(data)
    if how == "missing":
        path = os.path.join(d, "absent.pem")
    elif how == "dir":
        path = d
    elif how == "bytes":
        path = path.encode()
    cert = X509.load_cert(path)
    return (cert.get_fingerprint("sha256"), cert.get_fingerprint("sha1"),
            cert.get_fingerprint(md="md5"),
            cert.get_not_after().get_datetime().isoformat(),
            cert.get_not_before().get_datetime().isoformat(),
            cert.get_subject().CN, cert.as_der())
""",
        _args(
            *[[c, ["s", "pem"]] for c in CERTS[:4]],
            [CERTS[0], ["s", "bytes"]],
            [["b", MATERIAL["full_der"].hex()], ["s", "pem"]],  # DER read as PEM
            [["b", MATERIAL["garbage"].hex()], ["s", "pem"]],
            [["b", ""], ["s", "pem"]],
            [CERTS[0], ["s", "missing"]],
            [CERTS[0], ["s", "dir"]],
        ),
        {
            "m2crypto.X509.load_cert", "m2crypto.X509.X509.get_fingerprint",
            "m2crypto.X509.X509.get_not_after", "m2crypto.X509.X509.get_not_before",
            "m2crypto.X509.X509.get_subject", "m2crypto.X509.X509.as_der",
        },
        True,
    ),
    (
        "PKey() + generate_key (bridged: one constructor)", "pyopenssl",
        P + """
def run(n):
    if n == 1:
        key = crypto.PKey()
        key.generate_key(crypto.TYPE_RSA, 1024)
    elif n == 2:
        key = crypto.PKey()
        key.generate_key(type=crypto.TYPE_RSA, bits=3072)
    else:
        key = crypto.PKey()
        key.generate_key(crypto.TYPE_DSA, 1024)
    e = key.to_cryptography_key().public_key().public_numbers()
    return key.bits(), key.type(), getattr(e, "e", None), key.check()  # check: RSA only
""",
        _args([["s", 1]], [["s", 2]], [["s", 3]]),
        {"pyopenssl.crypto.PKey.generate_key"},
        False,
    ),
    (
        "M2Crypto X509.load_cert FORMAT_DER", "m2crypto",
        "from M2Crypto import X509\nimport os, tempfile\n" + """
def run(data):
    path = os.path.join(tempfile.mkdtemp(), "c.der")
    with open(path, "wb") as f:
        f.write(data)
    cert = X509.load_cert(path, format=X509.FORMAT_DER)
    return cert.get_fingerprint("sha256"), cert.get_not_after().get_datetime().isoformat()
""",
        _args([["b", MATERIAL["full_der"].hex()]], [["b", MATERIAL["full"].hex()]],
              [["b", ""]], [["b", "3003020101"]]),
        {"m2crypto.X509.load_cert", "m2crypto.X509.X509.get_fingerprint",
         "m2crypto.X509.X509.get_not_after"},
        True,
    ),
    (
        "M2Crypto X509 load/as_der/as_pem/serial/subject (migrated variable)", "m2crypto",
        "from M2Crypto import X509\n" + """
def run(pem):
    cert = X509.load_cert_string(pem)
    return (cert.as_der(), cert.as_pem(), cert.get_serial_number(), cert.get_version(),
            cert.get_subject().O, cert.get_issuer().O)
""",
        _args(*[[c] for c in CERTS + BAD_CERTS]),
        {
            "m2crypto.X509.load_cert_string", "m2crypto.X509.X509.as_der",
            "m2crypto.X509.X509.as_pem", "m2crypto.X509.X509.get_serial_number",
            "m2crypto.X509.X509.get_version", "m2crypto.X509.X509.get_subject",
            "m2crypto.X509.X509.get_issuer",
        },
        True,
    ),
    (
        "M2Crypto X509 DER and absent CN", "m2crypto",
        "from M2Crypto import X509\n" + """
def run(der):
    cert = X509.load_cert_der_string(der)
    return cert.get_subject().CN
""",
        _args([["b", MATERIAL["full_der"].hex()]], [["b", MATERIAL["garbage"].hex()]],
              [["b", ""]]),
        {"m2crypto.X509.load_cert_der_string", "m2crypto.X509.X509.get_subject"},
        True,
    ),
    (
        "sign + verify (key type picks the padding)", "pyopenssl",
        P + """
def run(key_pem, cert_pem, data, tamper):
    key = crypto.load_privatekey(crypto.FILETYPE_PEM, key_pem)
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, cert_pem)
    sig = crypto.sign(key, data, "sha256")
    if tamper:
        sig = sig[:-1] + bytes([sig[-1] ^ 1])
    ok = crypto.verify(cert, sig, data, "sha256")
    # RSA PKCS#1 v1.5 is deterministic: the bytes must match too; ECDSA is not.
    return ok, sig if b"RSA" in key_pem else len(sig) > 0
""",
        _args(
            [["b", MATERIAL["rsa_key"].hex()], ["b", MATERIAL["rsa_key_cert"].hex()],
             ["b", "64617461"], ["s", False]],
            [["b", MATERIAL["rsa_key"].hex()], ["b", MATERIAL["rsa_key_cert"].hex()],
             ["s", "text data"], ["s", False]],
            [["b", MATERIAL["rsa_key"].hex()], ["b", MATERIAL["rsa_key_cert"].hex()],
             ["b", "64617461"], ["s", True]],
            [["b", MATERIAL["ec_key"].hex()], ["b", MATERIAL["ec_key_cert"].hex()],
             ["b", ""], ["s", False]],
            [["b", MATERIAL["ec_key"].hex()], ["b", MATERIAL["ec_key_cert"].hex()],
             ["b", "00" * 1000], ["s", True]],
            [["b", MATERIAL["rsa_key"].hex()], ["b", MATERIAL["ec_key_cert"].hex()],
             ["b", "64617461"], ["s", False]],
            [["b", MATERIAL["ec_key"].hex()], ["b", MATERIAL["rsa_key_cert"].hex()],
             ["b", "64617461"], ["s", False]],
        ),
        {"pyopenssl.crypto.sign", "pyopenssl.crypto.verify", "pyopenssl.crypto.load_certificate"},
        False,
    ),
    (
        "EVP.Cipher AES (CTR, CFB, OFB, CBC/ECB without padding)", "m2crypto",
        "from M2Crypto import EVP\n" + """
def run(key, iv, data):
    enc = EVP.Cipher("aes_128_ctr", key, iv, 1)
    ctr = enc.update(data) + enc.final()
    dec = EVP.Cipher(alg="aes_128_ctr", key=key, iv=iv, op=0)
    back = dec.update(ctr)
    back += dec.final()
    cfb = EVP.Cipher("aes_256_cfb", key + key, iv, 1)
    ofb = EVP.Cipher("aes_192_ofb", key + key, iv, 1)
    cbc = EVP.Cipher("aes_128_cbc", key, iv, 1, padding=0)
    ecb = EVP.Cipher("aes_128_ecb", key, iv, 0, padding=0)
    return (ctr, back, cfb.update(data) + cfb.final(), ofb.update(data) + ofb.final(),
            cbc.update(data) + cbc.final(), ecb.update(data) + ecb.final())
""",
        _args(
            [["b", "00" * 16], ["b", "01" * 16], ["b", "61" * 32]],
            [["b", "2b7e1516" * 4], ["b", "ff" * 16], ["b", ""]],
            [["b", "2b7e1516" * 8], ["b", "ff" * 20], ["b", "00" * 48]],  # over-long key/IV
            [["b", "00" * 16], ["b", "01" * 16], ["b", "61" * 5]],  # not a block multiple
            [["b", "00" * 16], ["b", "01" * 16], ["s", "text"]],
        ),
        {"m2crypto.EVP.Cipher"}, True,
    ),
    (
        "EVP.MessageDigest", "m2crypto",
        "from M2Crypto import EVP\n" + """
def run(data):
    md = EVP.MessageDigest("sha256")
    md.update(data)
    md.update(data)
    h1 = md.final()
    md5 = EVP.MessageDigest("md5")
    md5.update(data)
    sha1 = EVP.MessageDigest("sha1")
    sha1.update(data)
    return h1, md5.final(), sha1.digest()
""",
        _args([["b", ""]], [["b", "00ff" * 100]], [["s", "text"]], [["s", None]]),
        {"m2crypto.EVP.MessageDigest"}, True,
    ),
    (
        "EVP.hmac", "m2crypto",
        "from M2Crypto import EVP\n" + """
def run(key, data):
    return EVP.hmac(key, data, algo="sha1"), EVP.hmac(key, data, algo="sha256"), EVP.hmac(key, data, "sha512")
""",
        _args([["b", "6b6579"], ["b", "64617461"]], [["b", ""], ["b", ""]],
              [["s", "key"], ["b", "00"]], [["b", "00"], ["s", None]]),
        {"m2crypto.EVP.hmac"}, True,
    ),
    (
        "EVP.HMAC object", "m2crypto",
        "from M2Crypto import EVP\n" + """
def run(key, data):
    mac = EVP.HMAC(key, "sha256")
    mac.update(data)
    default = EVP.HMAC(key, algo="sha1")
    default.update(data)
    return mac.final(), default.digest()
""",
        _args([["b", "6b6579"], ["b", "64617461"]], [["b", "01" * 100], ["b", ""]],
              [["s", "key"], ["b", "00"]], [["b", "00"], ["s", None]]),
        {"m2crypto.EVP.HMAC"}, True,
    ),
    (
        "EVP.pbkdf2", "m2crypto",
        "from M2Crypto import EVP\n" + """
def run(password, salt):
    return (EVP.pbkdf2(password, salt, 1000, 32), EVP.pbkdf2(password, salt, 1, 20),
            EVP.pbkdf2(password, salt, iter=2, keylen=64))
""",
        _args([["b", "7077"], ["b", "73616c74"]], [["b", ""], ["b", ""]],
              [["b", "00" * 200], ["b", "01" * 64]],
              [["s", "pw"], ["b", "73616c74"]], [["b", "7077"], ["s", None]]),
        {"m2crypto.EVP.pbkdf2"}, True,
    ),
    (
        "Rand.rand_bytes", "m2crypto",
        "from M2Crypto import Rand\n" + """
def run(n):
    return len(Rand.rand_bytes(n))
""",
        _args([["s", 0]], [["s", 16]], [["s", 1000]], [["s", -1]], [["s", "x"]]),
        {"m2crypto.Rand.rand_bytes"}, True,
    ),
    (
        "X509 builder sequence: literal times, self-signed (migrated variable)", "pyopenssl",
        P + "from cryptography import x509\n" + """
def run(key_pem):
    key = crypto.load_privatekey(crypto.FILETYPE_PEM, key_pem)
    cert = crypto.X509()
    cert.set_version(2)
    cert.set_serial_number(1267650600228229401496703205377)
    cert.get_subject().CN = "first.example"
    cert.get_subject().O = "Example Ltd"
    cert.get_subject().countryName = "DE"
    cert.get_subject().OU = "Ops"
    cert.get_subject().L = "Berlin"
    cert.get_subject().ST = "Berlin"
    cert.get_subject().emailAddress = "ops@example.org"
    cert.set_issuer(cert.get_subject())
    cert.get_subject().CN = "second.example"
    cert.get_issuer().O = "Issuer Org"
    cert.set_notBefore(b"250101000000Z")
    cert.set_notAfter(b"20600101120000Z")
    cert.set_pubkey(key)
    cert.sign(key, "sha256")
    der = crypto.dump_certificate(crypto.FILETYPE_ASN1, cert)
    # RSA PKCS#1 v1.5 is deterministic: the whole DER must match; ECDSA/DSA the TBS part
    return der if b"RSA" in key_pem else x509.load_der_x509_certificate(der).tbs_certificate_bytes
""",
        _args([["b", MATERIAL["rsa_key"].hex()]], [["b", MATERIAL["ec_key"].hex()]],
              [["b", MATERIAL["dsa_key"].hex()]], [["b", MATERIAL["rsa_pkcs8"].hex()]],
              # bad input: garbage, an encrypted key, an Ed25519 key (no digest allowed)
              [["b", MATERIAL["garbage"].hex()]], [["b", MATERIAL["rsa_encrypted"].hex()]],
              [["b", MATERIAL["ed_key"].hex()]]),
        {"pyopenssl.crypto.X509.sign", "pyopenssl.crypto.load_privatekey",
         "pyopenssl.crypto.dump_certificate"},
        True,
    ),
    (
        "X509 builder sequence: gmtime_adj, CSR subject and key, CA issuer (bridged result)",
        "pyopenssl",
        P + """
import datetime
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
KEPT = []
def run(ca_key_pem, ca_pem, req_pem):
    ca_key = crypto.load_privatekey(crypto.FILETYPE_PEM, ca_key_pem)
    ca = crypto.load_certificate(crypto.FILETYPE_PEM, ca_pem)
    req = crypto.load_certificate_request(crypto.FILETYPE_PEM, req_pem)
    cert = crypto.X509()
    cert.set_version(2)
    cert.set_subject(req.get_subject())
    cert.set_serial_number(7)
    cert.gmtime_adj_notAfter(10 * 365 * 24 * 60 * 60)
    cert.gmtime_adj_notBefore(-60)
    cert.set_issuer(ca.get_subject())
    cert.set_pubkey(req.get_pubkey())
    cert.sign(ca_key, "sha384")
    KEPT.append(cert)
    c = cert.to_cryptography()
    pub = ca.get_pubkey().to_cryptography_key()
    if isinstance(pub, rsa.RSAPublicKey):
        pub.verify(c.signature, c.tbs_certificate_bytes, padding.PKCS1v15(), hashes.SHA384())
    else:
        pub.verify(c.signature, c.tbs_certificate_bytes, ec.ECDSA(hashes.SHA384()))
    now = datetime.datetime.utcnow()
    nb, na = c.not_valid_before, c.not_valid_after
    return (c.version.value, c.serial_number, c.subject.public_bytes(), c.issuer.public_bytes(),
            c.public_key().public_bytes(serialization.Encoding.DER,
                                        serialization.PublicFormat.SubjectPublicKeyInfo),
            (na - nb).total_seconds(), abs((now - nb).total_seconds() - 60) < 120,
            c.signature_hash_algorithm.name, len(c.extensions))
""",
        _args(
            [["b", MATERIAL["rsa_key"].hex()], ["b", MATERIAL["rsa_key_cert"].hex()],
             ["b", MATERIAL["csr"].hex()]],
            [["b", MATERIAL["ec_key"].hex()], ["b", MATERIAL["ec_key_cert"].hex()],
             ["b", MATERIAL["rsa_csr"].hex()]],
            [["b", MATERIAL["ec_key"].hex()], ["b", MATERIAL["ec_key_cert"].hex()],
             ["s", MATERIAL["csr"].decode()]],
            # bad input: garbage CSR, garbage CA certificate
            [["b", MATERIAL["rsa_key"].hex()], ["b", MATERIAL["rsa_key_cert"].hex()],
             ["b", MATERIAL["garbage"].hex()]],
            [["b", MATERIAL["rsa_key"].hex()], ["b", MATERIAL["empty"].hex()],
             ["b", MATERIAL["csr"].hex()]],
        ),
        {"pyopenssl.crypto.X509.sign", "pyopenssl.crypto.load_privatekey",
         "pyopenssl.crypto.load_certificate", "pyopenssl.crypto.load_certificate_request",
         "pyopenssl.crypto.X509.get_pubkey"},
        False,
    ),
    (
        "X509 builder sequence: a public-only key, a non-key", "pyopenssl",
        P + """
def run(pub_pem, which):
    key = crypto.load_publickey(crypto.FILETYPE_PEM, pub_pem) if which == "pub" else which
    cert = crypto.X509()
    cert.set_version(2)
    cert.set_serial_number(5)
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(3600)
    cert.set_pubkey(key)
    cert.sign(key, "sha256")
    return crypto.dump_certificate(crypto.FILETYPE_PEM, cert)
""",
        _args([["b", MATERIAL["rsa_public"].hex()], ["s", "pub"]],
              [["b", MATERIAL["rsa_public"].hex()], ["s", "not a key"]],
              [["b", MATERIAL["rsa_public"].hex()], ["s", None]]),
        {"pyopenssl.crypto.X509.sign", "pyopenssl.crypto.dump_certificate"},
        False,
    ),
    (
        "M2Crypto X509.Request load/as_pem/as_der/subject/pubkey (migrated variable)", "m2crypto",
        "from M2Crypto import X509\n" + """
def run(pem):
    req = X509.load_request_string(pem)
    return (req.as_pem(), req.as_der(), req.get_subject().CN, req.get_pubkey().as_der(),
            req.get_subject().O)
""",
        _args([["b", MATERIAL["csr"].hex()]], [["s", MATERIAL["csr"].decode()]],
              [["b", MATERIAL["rsa_csr"].hex()]],  # no O: AttributeError -> IndexError
              [["b", MATERIAL["csr_der"].hex()]], [["b", MATERIAL["garbage"].hex()]],
              [["b", MATERIAL["full"].hex()]], [["b", ""]]),
        {"m2crypto.X509.load_request_string", "m2crypto.X509.Request.as_pem",
         "m2crypto.X509.Request.as_der", "m2crypto.X509.Request.get_subject",
         "m2crypto.X509.Request.get_pubkey"},
        True,
    ),
    (
        "M2Crypto X509.Request DER and get_modulus", "m2crypto",
        "from M2Crypto import X509\n" + """
def run(der):
    req = X509.load_request_der_string(der)
    pem = X509.load_request_string(der, X509.FORMAT_DER)
    return req.get_subject().CN, pem.as_der(), req.get_pubkey().get_modulus()
""",
        _args([["b", MATERIAL["csr_der"].hex()]],  # EC: EVPError -> AttributeError
              [["b", MATERIAL["csr"].hex()]], [["b", ""]]),
        {"m2crypto.X509.load_request_der_string", "m2crypto.X509.load_request_string",
         "m2crypto.X509.Request.get_subject", "m2crypto.X509.Request.as_der",
         "m2crypto.X509.Request.get_pubkey"},
        True,
    ),
    (
        "M2Crypto X509 get_pubkey().as_der()/get_modulus() (RSA, DSA, EC)", "m2crypto",
        "from M2Crypto import X509\n" + """
def run(pem):
    cert = X509.load_cert_string(pem)
    return cert.get_pubkey().as_der(), cert.get_pubkey().get_modulus()
""",
        _args([["b", MATERIAL["rsa_key_cert"].hex()]], [["b", MATERIAL["dsa_key_cert"].hex()]],
              [["b", MATERIAL["ec_key_cert"].hex()]], [["b", MATERIAL["garbage"].hex()]]),
        {"m2crypto.X509.load_cert_string", "m2crypto.X509.X509.get_pubkey"},
        True,
    ),
    (
        "M2Crypto rsa csr modulus", "m2crypto",
        "from M2Crypto import X509\n" + """
def run(pem):
    req = X509.load_request_string(pem)
    return req.get_pubkey().get_modulus()
""",
        _args([["b", MATERIAL["rsa_csr"].hex()]], [["b", MATERIAL["csr"].hex()]]),
        {"m2crypto.X509.load_request_string", "m2crypto.X509.Request.get_pubkey"},
        True,
    ),
]


# Cases where two applied rules map one legacy exception differently: which
# call can raise it for these inputs.
WHICH_RAISED = {
    # sign raises crypto.Error only for key types it cannot use (none here)
    # load_privatekey raises it for bad keys; sign never does for these keys
    "load_privatekey + dump_privatekey/dump_publickey/sign/to_cryptography_key "
    "(migrated variable)": {"OpenSSL.crypto.Error": "ValueError|TypeError"},
    "sign + verify (key type picks the padding)": {
        "OpenSSL.crypto.Error": "cryptography.exceptions.InvalidSignature"
    },
    # load_privatekey raises Error for garbage (ValueError) and an encrypted key
    # (TypeError), the builder's sign() for Ed25519 with a digest (ValueError)
    "X509 builder sequence: literal times, self-signed (migrated variable)": {
        "OpenSSL.crypto.Error": "ValueError|TypeError"
    },
    # bad inputs here are a garbage CSR or CA certificate, not a bad key
    "X509 builder sequence: gmtime_adj, CSR subject and key, CA issuer (bridged result)": {
        "OpenSSL.crypto.Error": "ValueError"
    },
}


def _rewrite(tmp_path, source: str):
    src = tmp_path / "snippet.py"
    src.write_text(source)
    scanned = scan_tree(src, load_index())
    result = rewrite_source(source, scanned.sites)
    return result


def _run(python: str, source: str, inputs, block: bool, tmp_path, name: str):
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    harness = tmp_path / "harness.py"
    harness.write_text(HARNESS)
    proc = subprocess.run(
        [python, str(harness), str(path), "block" if block else "open"],
        input=json.dumps(inputs), capture_output=True, text=True, timeout=120,
        # no controlling terminal: OpenSSL would prompt on /dev/tty for the
        # passphrase of an encrypted key (pyOpenSSL passes no callback)
        start_new_session=True,
    )
    assert proc.returncode == 0, proc.stderr
    out, state = proc.stdout.strip().splitlines()
    return json.loads(out), state


def _mapped(result, exceptions: dict, got):
    """The legacy result as the rewrite must give it; a map "A|B" (the input
    decides) takes whichever of A and B the rewrite raised."""
    if result[0] == "exc" and result[1] in exceptions:
        choices = exceptions[result[1]].split("|")
        return ["exc", got[1] if got[0] == "exc" and got[1] in choices else choices[0]]
    return result


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_rule_equivalence(case, tmp_path):
    name, library, source, inputs, expected_rules, full = case
    source = textwrap.dedent(source)
    legacy_python = (
        _interpreter("CRYPTOSHIM_REAL_PYOPENSSL_PYTHON", "scripts/real-pyopenssl-venv.sh")
        if library == "pyopenssl"
        else _interpreter("CRYPTOSHIM_REAL_M2CRYPTO_PYTHON", "scripts/real-m2crypto-venv.sh")
    )
    target_python = _interpreter("CRYPTOSHIM_MIGRATE_TARGET_PYTHON", "scripts/migrate-target-venv.sh")
    result = _rewrite(tmp_path, source)
    applied = {o.rule for o in result.outcomes if o.status == "rewritten" and o.rule}
    assert expected_rules <= applied, [(o.site.api, o.status, o.reason) for o in result.outcomes]
    if full:
        # no legacy import is left (serialization.PrivateFormat.TraditionalOpenSSL may be)
        legacy_import = re.compile(r"^\s*(from|import)\s+(OpenSSL|M2Crypto)\b", re.M)
        assert not legacy_import.search(result.new_source), result.new_source
    # idempotent: the rewritten snippet rewritten again is the same text
    assert _rewrite(tmp_path, result.new_source).new_source == result.new_source
    legacy, legacy_state = _run(legacy_python, source, inputs, False, tmp_path, "legacy")
    new, new_state = _run(target_python, result.new_source, inputs, full, tmp_path, "new")
    assert legacy_state == "LEGACY_LOADED"
    if full:
        assert new_state == "CLEAN"
    exceptions: dict = {}
    for api in sorted(applied):
        for legacy_cls, new_cls in R.RULES[api].exceptions.items():
            if exceptions.get(legacy_cls, new_cls) != new_cls:
                # two rules map one legacy class differently: the case says which raised
                new_cls = WHICH_RAISED[name][legacy_cls]
            exceptions[legacy_cls] = new_cls
    for args, old, got in zip(inputs, legacy, new):
        assert _mapped(old, exceptions, got) == got, (args, old, got, result.new_source)
    assert len(legacy) == len(new) == len(inputs)


def test_every_rule_has_an_equivalence_case(tmp_path):
    covered = set().union(*(c[4] for c in CASES))
    assert set(R.RULES) == covered
