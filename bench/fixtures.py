"""Benchmark inputs: a root -> intermediate -> leaf chain (RSA-2048 root and
intermediate, P-256 leaf) and an RSA-2048 and a P-256 key, made once with
pyca/cryptography so every implementation measures the same bytes.

The chain meets the WebPKI profile a public CA's chain meets (key
identifiers on every certificate, the leaf's key usage), so the TLS rows
measure the common case. The drop-ins judge every presented chain against
that profile as well; a chain that fails it (the fixtures before VERSION 2
lacked the key identifiers) costs a suppressed InsecureLegacyWarning per
full handshake, which the real libraries never pay."""
from __future__ import annotations

import datetime
import pathlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cryptoshim bench")])


# Written beside the files: a directory made by an older write_fixtures is
# made again.
VERSION = "2"


def _cert(subject, issuer, key, signer, ca: bool, serial: int):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder()
               .subject_name(_name(subject)).issuer_name(_name(issuer))
               .public_key(key.public_key()).serial_number(serial)
               .not_valid_before(now - datetime.timedelta(days=1))
               .not_valid_after(now + datetime.timedelta(days=365))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                              critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   signer.public_key()), critical=False))
    if not ca:
        builder = (builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(subject)]),
                                         critical=False)
                   .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                                  critical=False)
                   .add_extension(
                       x509.KeyUsage(digital_signature=True, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True))
    else:
        builder = builder.add_extension(
            x509.KeyUsage(digital_signature=False, content_commitment=False,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=True, crl_sign=True, encipher_only=False,
                          decipher_only=False), critical=True)
    return builder.sign(signer, hashes.SHA256())


def write_fixtures(directory: pathlib.Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    marker = directory / "VERSION"
    if marker.exists() and marker.read_text() == VERSION and (directory / "leaf.pem").exists():
        return
    root_key = rsa.generate_private_key(65537, 2048)
    inter_key = rsa.generate_private_key(65537, 2048)
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    root = _cert("bench root", "bench root", root_key, root_key, True, 1)
    inter = _cert("bench intermediate", "bench root", inter_key, root_key, True, 2)
    leaf = _cert("leaf.bench.example", "bench intermediate", leaf_key, inter_key, False, 3)
    pem = serialization.Encoding.PEM
    for name, cert in (("root", root), ("intermediate", inter), ("leaf", leaf)):
        (directory / f"{name}.pem").write_bytes(cert.public_bytes(pem))
    for name, key in (("rsa2048", inter_key), ("p256", leaf_key)):
        (directory / f"{name}.key").write_bytes(key.private_bytes(
            pem, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))
    marker.write_text(VERSION)
