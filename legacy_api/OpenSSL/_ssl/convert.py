"""Conversions between the objects pyOpenSSL's SSL API accepts (OpenSSL.crypto
objects or pyca/cryptography ones) and core objects."""
from __future__ import annotations

import os
from typing import Any, Tuple

from cryptoshim import _core
from cryptoshim.lazy_import import lazy_attr

# Looked up when first used, as the per-call imports they replace were: this
# module does not depend on OpenSSL.crypto having loaded.
_x509_class = lazy_attr("OpenSSL.crypto", "X509")
_pkey_class = lazy_attr("OpenSSL.crypto", "PKey")


def core_certificate(cert: Any, what: str) -> Any:
    """A _core.Certificate from an X509 or a cryptography x509.Certificate."""
    if isinstance(cert, _x509_class()):
        return cert._cert
    try:
        from cryptography import x509
    except ImportError:  # pragma: no cover
        x509 = None  # type: ignore[assignment]  # cryptography is optional
    if x509 is not None and isinstance(cert, x509.Certificate):
        from cryptography.hazmat.primitives.serialization import Encoding

        return _core.Certificate.parse(cert.public_bytes(Encoding.DER), pem=False)
    raise TypeError(f"{what} must be an X509 instance")


def core_private_key(pkey: Any) -> Any:
    """A _core.Key from a PKey or a cryptography private key; None for an
    uninitialized PKey (so the caller reports OpenSSL's own failure)."""
    PKey = _pkey_class()
    if isinstance(pkey, PKey):
        return getattr(pkey, "_key", None)
    private_types: Tuple[type, ...]
    try:
        from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
        private_types = (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey, dsa.DSAPrivateKey,
                         ed25519.Ed25519PrivateKey, ed448.Ed448PrivateKey)
    except ImportError:  # pragma: no cover
        private_types = ()
    if private_types and isinstance(pkey, private_types):
        return PKey.from_cryptography_key(pkey)._key
    raise TypeError("pkey must be a PKey instance")


def wrap_certificate(core_cert: Any, as_cryptography: bool) -> Any:
    cert = _x509_class()._from_core(core_cert)
    return cert.to_cryptography() if as_cryptography else cert


def path_bytes(path: Any) -> bytes:
    """A filesystem path (str, bytes or PathLike) as the bytes the OS sees."""
    return os.fsencode(path)
