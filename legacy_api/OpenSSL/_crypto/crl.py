"""OpenSSL.crypto.CRL, Revoked, dump_crl and load_crl over _core.Crl."""
from __future__ import annotations

from typing import Any, ClassVar, List, Optional, Tuple, Union

from cryptoshim import _core
from cryptoshim.legacy import legacy_class
from cryptoshim.policy import is_weak_digest
from OpenSSL._cffi_ints import c_long
from OpenSSL._crypto.common import (
    FILETYPE_ASN1,
    FILETYPE_PEM,
    FILETYPE_TEXT,
    Error,
    entry_point,
    error_from_core,
    is_pem,
)
from OpenSSL._crypto.common import pkey_class as _pkey_class
from OpenSSL._crypto.common import x509_class as _x509_class
from OpenSSL._util import UNSPECIFIED as _UNSPECIFIED

__all__ = ["CRL", "Revoked", "dump_crl", "load_crl"]

_DUMP_FORMATS = {
    FILETYPE_PEM: _core.CrlFormat.PEM,
    FILETYPE_ASN1: _core.CrlFormat.DER,
    FILETYPE_TEXT: _core.CrlFormat.TEXT,
}




def _check_time(when: Any) -> bytes:
    if not isinstance(when, bytes):
        raise TypeError("when must be a byte string")
    return when


def _set_time(setter: Any, when: Any) -> None:
    _check_time(when)
    try:
        setter(when)
    except _core.Error as exc:
        if getattr(exc, "code", None) == "invalid_argument":
            raise ValueError("Invalid string") from None
        raise


def _core_key(key: Any) -> Any:
    """The _core.Key of a PKey, or Error for an uninitialized one (pyOpenSSL
    reaches OpenSSL with an empty EVP_PKEY there and reports its queue)."""
    core_key = getattr(key, "_key", None)
    if core_key is None:
        raise Error([("", "", "no key material")])
    return core_key


@legacy_class("pyopenssl.crypto.Revoked", errors=error_from_core)
class Revoked:
    """A certificate revocation."""

    # The spelling of crypto/x509v3/v3_enum.c's crl_reasons, as pyOpenSSL uses.
    _crl_reasons: ClassVar[List[bytes]] = [
        b"unspecified",
        b"keyCompromise",
        b"CACompromise",
        b"affiliationChanged",
        b"superseded",
        b"cessationOfOperation",
        b"certificateHold",
        # b"removeFromCRL",
    ]

    def __init__(self) -> None:
        self._revoked = _core.Revoked()

    @classmethod
    def _from_core(cls, core_revoked: Any) -> Revoked:
        obj = cls.__new__(cls)
        obj._revoked = core_revoked
        return obj

    @entry_point("pyopenssl.crypto.Revoked.set_serial")
    def set_serial(self, hex_str: bytes) -> None:
        if not isinstance(hex_str, bytes):
            raise TypeError("hex_str must be a byte string")
        try:
            self._revoked.set_serial_hex(hex_str)
        except _core.Error as exc:
            if getattr(exc, "code", None) == "invalid_argument":
                raise ValueError("bad hex string") from None
            raise

    @entry_point("pyopenssl.crypto.Revoked.get_serial")
    def get_serial(self) -> bytes:
        return self._revoked.serial_hex()

    @entry_point("pyopenssl.crypto.Revoked.set_reason")
    def set_reason(self, reason: Optional[bytes]) -> None:
        if reason is None:
            self._revoked.set_reason(None)
        elif not isinstance(reason, bytes):
            raise TypeError("reason must be None or a byte string")
        else:
            reason = reason.lower().replace(b" ", b"")
            reason_code = [r.lower() for r in self._crl_reasons].index(reason)
            self._revoked.set_reason(reason_code)

    @entry_point("pyopenssl.crypto.Revoked.get_reason")
    def get_reason(self) -> Optional[bytes]:
        return self._revoked.reason_text()

    @entry_point("pyopenssl.crypto.Revoked.all_reasons")
    def all_reasons(self) -> List[bytes]:
        return self._crl_reasons[:]

    @entry_point("pyopenssl.crypto.Revoked.set_rev_date")
    def set_rev_date(self, when: bytes) -> None:
        _set_time(self._revoked.set_revocation_date, when)

    @entry_point("pyopenssl.crypto.Revoked.get_rev_date")
    def get_rev_date(self) -> Optional[bytes]:
        return self._revoked.revocation_date()


@legacy_class("pyopenssl.crypto.CRL", errors=error_from_core)
class CRL:
    """A certificate revocation list."""

    def __init__(self) -> None:
        self._crl = _core.Crl()

    @classmethod
    def _from_core(cls, core_crl: Any) -> CRL:
        obj = cls.__new__(cls)
        obj._crl = core_crl
        return obj

    @entry_point("pyopenssl.crypto.CRL.to_cryptography")
    def to_cryptography(self) -> Any:
        from cryptography.x509 import load_der_x509_crl

        return load_der_x509_crl(self._crl.serialize(_core.CrlFormat.DER))

    @classmethod
    @entry_point("pyopenssl.crypto.CRL.from_cryptography")
    def from_cryptography(cls, crypto_crl: Any) -> CRL:
        try:
            from cryptography import x509
        except ImportError:  # pragma: no cover - cryptography is optional
            raise TypeError("Must be a certificate revocation list") from None
        if not isinstance(crypto_crl, x509.CertificateRevocationList):
            raise TypeError("Must be a certificate revocation list")
        from cryptography.hazmat.primitives.serialization import Encoding

        der = crypto_crl.public_bytes(Encoding.DER)
        return cls._from_core(_core.Crl.parse(der, der=True))

    @entry_point("pyopenssl.crypto.CRL.get_revoked")
    def get_revoked(self) -> Optional[Tuple[Revoked, ...]]:
        results = [Revoked._from_core(r) for r in self._crl.revoked()]
        if results:
            return tuple(results)
        return None

    @entry_point("pyopenssl.crypto.CRL.add_revoked")
    def add_revoked(self, revoked: Revoked) -> None:
        self._crl.add_revoked(revoked._revoked)

    @entry_point("pyopenssl.crypto.CRL.get_issuer")
    def get_issuer(self) -> Any:
        from OpenSSL._crypto.x509 import X509Name

        return X509Name._from_core(self._crl.issuer())

    @entry_point("pyopenssl.crypto.CRL.set_version")
    def set_version(self, version: int) -> None:
        if isinstance(version, int):
            c_long(version)  # a C long, as in pyOpenSSL
        self._crl.set_version(version)

    @entry_point("pyopenssl.crypto.CRL.set_lastUpdate")
    def set_lastUpdate(self, when: bytes) -> None:
        _set_time(self._crl.set_last_update, when)

    @entry_point("pyopenssl.crypto.CRL.set_nextUpdate")
    def set_nextUpdate(self, when: bytes) -> None:
        _set_time(self._crl.set_next_update, when)

    @entry_point("pyopenssl.crypto.CRL.sign")
    def sign(self, issuer_cert: Any, issuer_key: Any, digest: bytes) -> None:
        name = _digest_name(digest)
        if not _digest_exists(name):
            # EVP_get_digestbyname fails without queueing a reason.
            raise Error([])
        _report_weak_digest("pyopenssl.crypto.CRL.sign", name)
        self._crl.sign(issuer_cert._cert, _core_key(issuer_key), name, sort_entries=True)

    @entry_point("pyopenssl.crypto.CRL.export")
    def export(
        self,
        cert: Any,
        key: Any,
        type: int = FILETYPE_PEM,
        days: int = 100,
        digest: bytes = _UNSPECIFIED,  # type: ignore[assignment]
    ) -> bytes:
        if not isinstance(cert, _x509_class()):
            raise TypeError("cert must be an X509 instance")
        if not isinstance(key, _pkey_class()):
            raise TypeError("key must be a PKey instance")
        if not isinstance(type, int):
            raise TypeError("type must be an integer")
        if digest is _UNSPECIFIED:
            raise TypeError("digest must be provided")
        name = _digest_name(digest)
        if not _digest_exists(name):
            raise ValueError("No such digest method")
        _report_weak_digest("pyopenssl.crypto.CRL.export", name)

        self._crl.set_last_update_from_now(0)
        self._crl.set_next_update_from_now(days * 24 * 60 * 60)
        # pyOpenSSL's export does not sort the entries (sign() does).
        self._crl.sign(cert._cert, _core_key(key), name, sort_entries=False)
        return _dump(type, self)


CRL.__module__ = "OpenSSL.crypto"
Revoked.__module__ = "OpenSSL.crypto"


def _digest_name(digest: Any) -> str:
    # pyOpenSSL hands the digest to a char* parameter: bytes only.
    if not isinstance(digest, bytes):
        raise TypeError(
            "initializer for ctype 'char *' must be a bytes or list or tuple, "
            f"not {type(digest).__name__}"
        )
    return digest.decode("ascii", "replace")


def _digest_exists(name: str) -> bool:
    try:
        _core.Digest(name)
    except _core.Error:
        return False
    return True


def _report_weak_digest(api_id: str, name: str) -> None:
    if is_weak_digest(name):
        from cryptoshim.legacy import unsafe_operation

        unsafe_operation(api_id, f"CRL signed with {name}")


def _dump(type: int, crl: CRL) -> bytes:
    fmt = _DUMP_FORMATS.get(type) if isinstance(type, int) else None
    if fmt is None:
        raise ValueError(
            "type argument must be FILETYPE_PEM, FILETYPE_ASN1, or FILETYPE_TEXT"
        )
    return crl._crl.serialize(fmt)


@entry_point("pyopenssl.crypto.dump_crl")
def dump_crl(type: int, crl: CRL) -> bytes:
    return _dump(type, crl)


@entry_point("pyopenssl.crypto.load_crl")
def load_crl(type: int, buffer: Union[str, bytes]) -> CRL:
    if isinstance(buffer, str):
        buffer = buffer.encode("ascii")
    return CRL._from_core(_core.Crl.parse(buffer, der=not is_pem(type)))
