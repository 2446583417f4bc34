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
import subprocess
import textwrap

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
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
    }
    signer_certs = {
        f"{name}_cert": _cert({NameOID.COMMON_NAME: name}, key=key).public_bytes(pem)
        for name, key in keys.items()
    }
    return {
        **signer_certs,
        "csr": csr.public_bytes(pem),
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
        "Rand.rand_bytes", "m2crypto",
        "from M2Crypto import Rand\n" + """
def run(n):
    return len(Rand.rand_bytes(n))
""",
        _args([["s", 0]], [["s", 16]], [["s", 1000]], [["s", -1]], [["s", "x"]]),
        {"m2crypto.Rand.rand_bytes"}, True,
    ),
]


# Cases where two applied rules map one legacy exception differently: which
# call can raise it for these inputs.
WHICH_RAISED = {
    # sign raises crypto.Error only for key types it cannot use (none here)
    "sign + verify (key type picks the padding)": {
        "OpenSSL.crypto.Error": "cryptography.exceptions.InvalidSignature"
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
    )
    assert proc.returncode == 0, proc.stderr
    out, state = proc.stdout.strip().splitlines()
    return json.loads(out), state


def _mapped(result, exceptions: dict):
    if result[0] == "exc" and result[1] in exceptions:
        return ["exc", exceptions[result[1]]]
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
        assert "OpenSSL" not in result.new_source and "M2Crypto" not in result.new_source
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
        assert _mapped(old, exceptions) == got, (args, old, got, result.new_source)
    assert len(legacy) == len(new) == len(inputs)


def test_every_rule_has_an_equivalence_case(tmp_path):
    covered = set().union(*(c[4] for c in CASES))
    assert set(R.RULES) == covered
