"""OpenSSL.crypto.PKCS7, PKCS12, load_pkcs7_data and load_pkcs12 over the
core's Pkcs7 and pkcs12_parse/pkcs12_create."""
from __future__ import annotations

import warnings
from typing import Any, Iterable, List, Optional, Tuple, Union

from cryptoshim import _core
from cryptoshim.legacy import legacy_class
from OpenSSL._crypto.common import entry_point, error_from_core, is_pem
from OpenSSL._crypto.common import pkey_class as _pkey_class
from OpenSSL._crypto.common import x509_class as _x509_class

__all__ = ["PKCS12", "PKCS7", "load_pkcs12", "load_pkcs7_data"]

_TEXT_WARNING = "str for {0} is no longer accepted, use bytes"


def _text_to_bytes_and_warn(label: str, obj: Any) -> Any:
    if isinstance(obj, str):
        # user -> shim -> here (the entry_point wrapper is C: no frame)
        warnings.warn(_TEXT_WARNING.format(label), category=DeprecationWarning, stacklevel=3)
        return obj.encode("utf-8")
    return obj


def _check_passphrase(passphrase: Any) -> Optional[bytes]:
    if passphrase is not None and not isinstance(passphrase, bytes):
        raise TypeError("passphrase must be bytes or None")
    return passphrase




@legacy_class("pyopenssl.crypto.PKCS7", errors=error_from_core)
class PKCS7:
    _pkcs7: Any

    @classmethod
    def _from_core(cls, core_p7: Any) -> PKCS7:
        obj = cls.__new__(cls)
        obj._pkcs7 = core_p7
        return obj

    @entry_point("pyopenssl.crypto.PKCS7.type_is_signed")
    def type_is_signed(self) -> bool:
        return self._pkcs7.is_signed()

    @entry_point("pyopenssl.crypto.PKCS7.type_is_enveloped")
    def type_is_enveloped(self) -> bool:
        return self._pkcs7.is_enveloped()

    @entry_point("pyopenssl.crypto.PKCS7.type_is_signedAndEnveloped")
    def type_is_signedAndEnveloped(self) -> bool:
        return self._pkcs7.is_signed_and_enveloped()

    @entry_point("pyopenssl.crypto.PKCS7.type_is_data")
    def type_is_data(self) -> bool:
        return self._pkcs7.is_data()

    @entry_point("pyopenssl.crypto.PKCS7.get_type_name")
    def get_type_name(self) -> bytes:
        # pyOpenSSL returns the short name as bytes (cffi's ffi.string).
        return self._pkcs7.type_name.encode("ascii")

    def _get_certificates(self) -> Optional[List[Any]]:
        """The certificates of a signed bag as X509 objects, or None (for
        OpenSSL.SSL-style callers; not a public pyOpenSSL 23 method)."""
        X509 = _x509_class()
        certs = [X509._from_core(c) for c in self._pkcs7.certificates()]
        return certs or None


@legacy_class("pyopenssl.crypto.PKCS12", errors=error_from_core)
class PKCS12:
    """A PKCS #12 archive."""

    def __init__(self) -> None:
        self._pkey: Any = None
        self._cert: Any = None
        self._cacerts: Optional[List[Any]] = None
        self._friendlyname: Optional[bytes] = None

    @entry_point("pyopenssl.crypto.PKCS12.get_certificate")
    def get_certificate(self) -> Any:
        return self._cert

    @entry_point("pyopenssl.crypto.PKCS12.set_certificate")
    def set_certificate(self, cert: Any) -> None:
        if not isinstance(cert, _x509_class()):
            raise TypeError("cert must be an X509 instance")
        self._cert = cert

    @entry_point("pyopenssl.crypto.PKCS12.get_privatekey")
    def get_privatekey(self) -> Any:
        return self._pkey

    @entry_point("pyopenssl.crypto.PKCS12.set_privatekey")
    def set_privatekey(self, pkey: Any) -> None:
        if not isinstance(pkey, _pkey_class()):
            raise TypeError("pkey must be a PKey instance")
        self._pkey = pkey

    @entry_point("pyopenssl.crypto.PKCS12.get_ca_certificates")
    def get_ca_certificates(self) -> Optional[Tuple[Any, ...]]:
        if self._cacerts is not None:
            return tuple(self._cacerts)
        return None

    @entry_point("pyopenssl.crypto.PKCS12.set_ca_certificates")
    def set_ca_certificates(self, cacerts: Optional[Iterable[Any]]) -> None:
        if cacerts is None:
            self._cacerts = None
        else:
            cacerts = list(cacerts)
            X509 = _x509_class()
            for cert in cacerts:
                if not isinstance(cert, X509):
                    raise TypeError("iterable must only contain X509 instances")
            self._cacerts = cacerts

    @entry_point("pyopenssl.crypto.PKCS12.set_friendlyname")
    def set_friendlyname(self, name: Optional[bytes]) -> None:
        if name is None:
            self._friendlyname = None
        elif not isinstance(name, bytes):
            raise TypeError(f"name must be a byte string or None (not {name!r})")
        self._friendlyname = name

    @entry_point("pyopenssl.crypto.PKCS12.get_friendlyname")
    def get_friendlyname(self) -> Optional[bytes]:
        return self._friendlyname

    @entry_point("pyopenssl.crypto.PKCS12.export")
    def export(
        self,
        passphrase: Optional[bytes] = None,
        iter: int = 2048,
        maciter: int = 1,
    ) -> bytes:
        passphrase = _check_passphrase(_text_to_bytes_and_warn("passphrase", passphrase))
        cacerts = None
        if self._cacerts is not None:
            cacerts = [c._cert for c in self._cacerts]
        key = None if self._pkey is None else self._pkey._key
        cert = None if self._cert is None else self._cert._cert
        return _core.pkcs12_create(
            key, cert, cacerts, passphrase, self._friendlyname, iter, maciter
        )


PKCS7.__module__ = "OpenSSL.crypto"
PKCS12.__module__ = "OpenSSL.crypto"


@entry_point("pyopenssl.crypto.load_pkcs7_data")
def load_pkcs7_data(type: int, buffer: Union[str, bytes]) -> PKCS7:
    if isinstance(buffer, str):
        buffer = buffer.encode("ascii")
    return PKCS7._from_core(_core.Pkcs7.parse(buffer, der=not is_pem(type)))


@entry_point("pyopenssl.crypto.load_pkcs12")
def load_pkcs12(buffer: Union[str, bytes], passphrase: Optional[bytes] = None) -> PKCS12:
    passphrase = _check_passphrase(_text_to_bytes_and_warn("passphrase", passphrase))
    if isinstance(buffer, str):
        buffer = buffer.encode("ascii")
    # None and b"" are the same to pyOpenSSL: PKCS12_parse tries both.
    if not passphrase:
        passphrase = None
    core_key, core_cert, friendlyname, core_cas = _core.pkcs12_parse(buffer, passphrase)

    pkcs12 = PKCS12.__new__(PKCS12)
    pkcs12._pkey = None if core_key is None else _pkey_class()._from_core(core_key)
    pkcs12._cert = None if core_cert is None else _x509_class()._from_core(core_cert)
    if core_cert is None:
        friendlyname = None
    X509 = _x509_class()
    cacerts = [X509._from_core(c) for c in core_cas]
    pkcs12._cacerts = cacerts if cacerts else None
    pkcs12._friendlyname = friendlyname
    return pkcs12
