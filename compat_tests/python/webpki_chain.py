"""A WebPKI-conforming chain (root, intermediate, leaf for localhost) as PEM
files, optionally with one fault, for the strict-TLS tests."""
from __future__ import annotations

import datetime
import warnings

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from cryptoshim import policy

HOST = "localhost"


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(subject, key, issuer, issuer_key, *, ca, expired=False,
          san=HOST):
    now = datetime.datetime.now(datetime.timezone.utc)
    start, end = now - datetime.timedelta(days=1), now + datetime.timedelta(days=30)
    if expired:
        start, end = now - datetime.timedelta(days=30), now - datetime.timedelta(days=1)
    b = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(_name(issuer))
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(start).not_valid_after(end)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                        critical=False))
    if subject != issuer:
        b = b.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False)
    usage = dict.fromkeys(("digital_signature", "content_commitment", "key_encipherment",
                           "data_encipherment", "key_agreement", "key_cert_sign", "crl_sign",
                           "encipher_only", "decipher_only"), False)
    if ca:
        usage.update(key_cert_sign=True, crl_sign=True)
    else:
        usage.update(digital_signature=True, key_encipherment=True)
        b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(san)]), critical=False)
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                            critical=False)
    b = b.add_extension(x509.KeyUsage(**usage), critical=True)
    return b.sign(issuer_key, hashes.SHA256())


def _resign_sha1(cert, issuer_key):
    """cryptography no longer signs with SHA-1; the drop-in still does (in
    compat, with a warning), as pyOpenSSL did."""
    from OpenSSL import crypto

    before = policy.current()
    policy.set_policy("compat")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            legacy = crypto.X509.from_cryptography(cert)
            legacy.sign(crypto.PKey.from_cryptography_key(issuer_key), "sha1")
            return legacy.to_cryptography()
    finally:
        policy.set_policy(before)


FAULTS = ("wrong-host", "sha1-intermediate", "rsa1024-leaf", "expired-leaf")


def webpki_chain(tmp_path, fault=None):
    """Files for root, chain (leaf + intermediate) and leaf key; the host the
    client should ask for."""
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = _cert("strict-tls root", root_key, "strict-tls root", root_key, ca=True)
    ica_key = ec.generate_private_key(ec.SECP256R1())
    ica = _cert("strict-tls intermediate", ica_key, "strict-tls root", root_key, ca=True)
    if fault == "sha1-intermediate":
        ica = _resign_sha1(ica, root_key)
    leaf_key = (rsa.generate_private_key(65537, 1024) if fault == "rsa1024-leaf"
                else ec.generate_private_key(ec.SECP256R1()))
    leaf = _cert(HOST, leaf_key, "strict-tls intermediate", ica_key, ca=False,
                 expired=fault == "expired-leaf")
    pem = serialization.Encoding.PEM
    files = {"root": tmp_path / "root.pem", "chain": tmp_path / "chain.pem",
             "leaf": tmp_path / "leaf.pem", "ica": tmp_path / "ica.pem",
             "key": tmp_path / "key.pem"}
    files["root"].write_bytes(root.public_bytes(pem))
    files["ica"].write_bytes(ica.public_bytes(pem))
    files["leaf"].write_bytes(leaf.public_bytes(pem))
    files["chain"].write_bytes(leaf.public_bytes(pem) + ica.public_bytes(pem))
    files["key"].write_bytes(leaf_key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    host = "wrong.example" if fault == "wrong-host" else HOST
    return {k: str(v) for k, v in files.items()}, host
