"""A WebPKI-conforming chain (root, intermediate, leaf for localhost) as PEM
files, optionally with one fault, for the strict-TLS tests."""
from __future__ import annotations

import datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

HOST = "localhost"


def _cert(certs, cn, key, issuer, *, ca, expired=False, san=HOST):
    """`issuer`: (certificate, key), or None for self-signed."""
    now = datetime.datetime.now(datetime.timezone.utc)
    start, end = now - datetime.timedelta(days=1), now + datetime.timedelta(days=30)
    if expired:
        start, end = now - datetime.timedelta(days=30), now - datetime.timedelta(days=1)
    extensions = certs.webpki(key, issuer[1] if issuer else None, ca=ca, san=san,
                              key_encipherment=True)
    cert, _ = certs(cn, key=key, issuer=issuer, ca=ca, not_before=start, not_after=end,
                    extensions=extensions)
    return cert


FAULTS = ("wrong-host", "sha1-intermediate", "rsa1024-leaf", "expired-leaf")


def webpki_chain(tmp_path, certs, fault=None):
    """Files for root, chain (leaf + intermediate) and leaf key; the host the
    client should ask for. `certs`: the conftest.py certificate factory."""
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = _cert(certs, "strict-tls root", root_key, None, ca=True)
    ica_key = ec.generate_private_key(ec.SECP256R1())
    ica = _cert(certs, "strict-tls intermediate", ica_key, (root, root_key), ca=True)
    if fault == "sha1-intermediate":
        ica = certs.resign_sha1(ica, root_key)
    leaf_key = (rsa.generate_private_key(65537, 1024) if fault == "rsa1024-leaf"
                else ec.generate_private_key(ec.SECP256R1()))
    leaf = _cert(certs, HOST, leaf_key, (ica, ica_key), ca=False,
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
