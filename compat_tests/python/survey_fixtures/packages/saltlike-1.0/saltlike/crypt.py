# -*- coding: utf-8 -*-
"""Salt-style optional crypto backends with same-name fallbacks."""
from __future__ import absolute_import

try:
    import M2Crypto.RSA as RSA
    HAS_M2 = True
except ImportError:
    HAS_M2 = False
    try:
        from Cryptodome.PublicKey import RSA
    except ImportError:
        from Crypto.PublicKey import RSA

try:
    from OpenSSL import crypto
except ImportError:
    crypto = None


def sign_message(keyfile, message):
    if HAS_M2:
        key = RSA.load_key(keyfile)
        return key.sign(message)
    return RSA.import_key(open(keyfile).read())


def cert_expired(pem):
    if crypto is None:
        return None
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
    return cert.has_expired()
