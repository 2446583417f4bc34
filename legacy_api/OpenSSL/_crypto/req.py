"""X509Req, load_certificate_request, dump_certificate_request and
NetscapeSPKI: pyOpenSSL 23.0.0's CSR and SPKAC API over
_core.CertificateRequest / _core.NetscapeSpki."""
from __future__ import annotations

from typing import Any, Iterable, List

from cryptoshim import _core
from cryptoshim.legacy import legacy_class
from OpenSSL._cffi_ints import c_long
from OpenSSL._crypto.common import (
    dump_as,
    entry_point,
    error_from_core,
    is_pem,
)
from OpenSSL._crypto.x509 import (
    _EMPTY_KEY_SET_ERRORS,
    _EMPTY_KEY_VERIFY_ERRORS,
    X509Extension,
    X509Name,
    _pkey_class,
    _wrap_pkey,
    buffer_bytes,
    core_key,
    sign_with,
)

__all__ = [
    "NetscapeSPKI",
    "X509Req",
    "dump_certificate_request",
    "load_certificate_request",
]


def _check_signing_key(pkey: Any) -> None:
    # X509Req.sign and NetscapeSPKI.sign do not type-check the key in
    # pyOpenSSL; a non-PKey fails on the attribute access, as it does here.
    if pkey._only_public:
        raise ValueError("Key has only public part")
    if not pkey._initialized:
        raise ValueError("Key is uninitialized")


@legacy_class("pyopenssl.crypto.X509Req", errors=error_from_core)
class X509Req:
    """An X.509 certificate signing request."""

    def __init__(self) -> None:
        self._req = _core.CertificateRequest()

    @classmethod
    def _from_core(cls, core_req: Any) -> X509Req:
        req = cls.__new__(cls)
        req._req = core_req
        return req

    @entry_point("pyopenssl.crypto.X509Req.to_cryptography")
    def to_cryptography(self) -> Any:
        from cryptography.x509 import load_der_x509_csr
        return load_der_x509_csr(self._req.to_der())

    @classmethod
    @entry_point("pyopenssl.crypto.X509Req.from_cryptography")
    def from_cryptography(cls, crypto_req: Any) -> X509Req:
        from cryptography import x509
        from cryptography.hazmat.primitives.serialization import Encoding
        if not isinstance(crypto_req, x509.CertificateSigningRequest):
            raise TypeError("Must be a certificate signing request")
        der = crypto_req.public_bytes(Encoding.DER)
        return cls._from_core(_core.CertificateRequest.parse(der, pem=False))

    @entry_point("pyopenssl.crypto.X509Req.set_pubkey")
    def set_pubkey(self, pkey: Any) -> None:
        self._req.set_public_key(core_key(pkey, _EMPTY_KEY_SET_ERRORS))

    @entry_point("pyopenssl.crypto.X509Req.get_pubkey")
    def get_pubkey(self) -> Any:
        return _wrap_pkey(self._req.public_key())

    @entry_point("pyopenssl.crypto.X509Req.set_version")
    def set_version(self, version: int) -> None:
        if not isinstance(version, int):
            raise TypeError("an integer is required")
        self._req.set_version(c_long(version))

    @entry_point("pyopenssl.crypto.X509Req.get_version")
    def get_version(self) -> int:
        return self._req.version()

    @entry_point("pyopenssl.crypto.X509Req.get_subject")
    def get_subject(self) -> X509Name:
        name = X509Name._from_core(self._req.subject())
        name._owner = self
        return name

    @entry_point("pyopenssl.crypto.X509Req.add_extensions")
    def add_extensions(self, extensions: Iterable[X509Extension]) -> None:
        core_exts = []
        for ext in extensions:
            if not isinstance(ext, X509Extension):
                raise ValueError("One of the elements is not an X509Extension")
            core_exts.append(ext._extension)
        self._req.add_extensions(core_exts)

    @entry_point("pyopenssl.crypto.X509Req.get_extensions")
    def get_extensions(self) -> List[X509Extension]:
        return [X509Extension._from_core(e) for e in self._req.extensions()]

    @entry_point("pyopenssl.crypto.X509Req.sign")
    def sign(self, pkey: Any, digest: str) -> None:
        _check_signing_key(pkey)
        sign_with("pyopenssl.crypto.X509Req.sign", self._req, pkey, digest)

    @entry_point("pyopenssl.crypto.X509Req.verify")
    def verify(self, pkey: Any) -> bool:
        if not isinstance(pkey, _pkey_class()):
            raise TypeError("pkey must be a PKey instance")
        self._req.verify(core_key(pkey, _EMPTY_KEY_VERIFY_ERRORS))
        # pyOpenSSL returns X509_REQ_verify's int result (1 on success).
        return 1  # type: ignore[return-value]


@entry_point("pyopenssl.crypto.load_certificate_request")
def load_certificate_request(type: int, buffer: bytes) -> X509Req:
    data = buffer_bytes(buffer)
    return X509Req._from_core(_core.CertificateRequest.parse(data, pem=is_pem(type)))


@entry_point("pyopenssl.crypto.dump_certificate_request")
def dump_certificate_request(type: int, req: X509Req) -> bytes:
    return dump_as(type, req._req)


@legacy_class("pyopenssl.crypto.NetscapeSPKI", errors=error_from_core)
class NetscapeSPKI:
    """A Netscape SPKI (SPKAC) object."""

    def __init__(self) -> None:
        self._spki = _core.NetscapeSpki()

    @classmethod
    def _from_core(cls, core_spki: Any) -> NetscapeSPKI:
        spki = cls.__new__(cls)
        spki._spki = core_spki
        return spki

    @entry_point("pyopenssl.crypto.NetscapeSPKI.sign")
    def sign(self, pkey: Any, digest: str) -> None:
        _check_signing_key(pkey)
        sign_with("pyopenssl.crypto.NetscapeSPKI.sign", self._spki, pkey, digest)

    @entry_point("pyopenssl.crypto.NetscapeSPKI.verify")
    def verify(self, key: Any) -> bool:
        self._spki.verify(core_key(key, _EMPTY_KEY_VERIFY_ERRORS))
        return True

    @entry_point("pyopenssl.crypto.NetscapeSPKI.b64_encode")
    def b64_encode(self) -> bytes:
        try:
            return self._spki.b64_encode()
        except _core.Error:
            # pyOpenSSL hands the NULL result of a failed encode (e.g. an
            # empty SPKI) to ffi.string(), which raises this.
            raise RuntimeError("cannot use string() on <cdata 'char *' NULL>") from None

    @entry_point("pyopenssl.crypto.NetscapeSPKI.get_pubkey")
    def get_pubkey(self) -> Any:
        return _wrap_pkey(self._spki.public_key())

    @entry_point("pyopenssl.crypto.NetscapeSPKI.set_pubkey")
    def set_pubkey(self, pkey: Any) -> None:
        self._spki.set_public_key(core_key(pkey, _EMPTY_KEY_SET_ERRORS))


for _cls in (X509Req, NetscapeSPKI):
    _cls.__module__ = "OpenSSL.crypto"
del _cls
