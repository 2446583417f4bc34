"""The certificate, X509, and the load_cert* functions."""
from __future__ import annotations

import binascii
from typing import List, Optional

from cryptoshim.legacy import unsafe_operation
from cryptoshim.policy import is_weak_digest
from M2Crypto import ASN1, EVP, _release
from M2Crypto import _m2_pki_args as _a
from M2Crypto._common import core, m2c
from M2Crypto._common import handle_call as _handle_call
from M2Crypto._common import handle_view as _handle_view
from M2Crypto._common import native_free as _native_free
from M2Crypto._m2_x509 import check_purpose as _check_purpose
from M2Crypto.X509._common import (
    X509Error,
    _class,
    _core_key,
    _core_time,
    _ep,
    _pubkey_with_origin,
)
from M2Crypto.X509._extension import X509_Extension
from M2Crypto.X509._name import X509_Name, _core_name
from M2Crypto.X509._signed import signed_loaders, signed_methods


@_class("m2crypto.X509.X509")
class X509:
    """An X.509 certificate."""
    m2_x509_free = _native_free("m2crypto.X509.X509.m2_x509_free")

    # Programs keep many certificates (bench/rss_certs.py: 100,000): the one
    # attribute every instance has is a slot, the rarer ones are class
    # defaults until set, and the instance __dict__ (attributes a program
    # adds, as on M2Crypto's plain class) is only made when first used.
    __slots__ = ("_cert", "__dict__", "__weakref__")
    _pyfree = 1
    _legacy_rsa_text = False

    def __init__(self, x509=None, _pyfree: int = 0) -> None:
        if x509 is None:
            x509, _pyfree = core.Certificate(), 1
        elif not isinstance(x509, core.Certificate):
            raise X509Error("'x509' type error")
        self._cert = x509
        if _pyfree != 1:
            self._pyfree = _pyfree

    @classmethod
    def _from_core(cls, cert) -> X509:
        self = cls.__new__(cls)
        self._cert = cert
        return self

    @property
    def x509(self):
        return self._cert

    def _ptr(self):
        return self._cert

    # Shared with Request (_signed.py), each under this class's own records.
    (as_text, as_der, as_pem, save_pem, save, set_pubkey, get_subject, set_subject_name,
     sign) = signed_methods("m2crypto.X509.X509", "_cert",
                            "Unknown filetype. Must be either FORMAT_PEM or FORMAT_DER")

    @_ep("m2crypto.X509.X509.set_version")
    def set_version(self, version: int) -> int:
        self._cert.set_version(_a.check_int(version, "x509_set_version", 2, "long"))
        return 1

    def get_version(self) -> int:
        return self._cert.version()

    # C from the counting wrapper to OpenSSL (m2_handle_call.cc): the Python
    # method cost more than M2Crypto's whole call.
    get_version = _handle_call(  # type: ignore[assignment]
        _ep("m2crypto.X509.X509.get_version"), "_cert", m2c.certificate_version, get_version
    )

    @_ep("m2crypto.X509.X509.set_not_before")
    def set_not_before(self, asn1_time) -> int:
        self._cert.set_not_before_time(_core_time(asn1_time))
        return 1

    @_ep("m2crypto.X509.X509.set_not_after")
    def set_not_after(self, asn1_time) -> int:
        self._cert.set_not_after_time(_core_time(asn1_time))
        return 1

    def get_not_before(self) -> ASN1.ASN1_TIME:
        t = ASN1.ASN1_TIME(self._cert.not_before_time(), _pyfree=0)
        t.owner = self
        return t

    def get_not_after(self) -> ASN1.ASN1_TIME:
        t = ASN1.ASN1_TIME(self._cert.not_after_time(), _pyfree=0)
        t.owner = self
        return t

    # The getters that wrap a core view in a new object, made in C
    # (m2_handle_view.cc): the same attributes as the Python bodies above
    # leave, without their frames and __init__ calls.
    get_not_before = _handle_view(  # type: ignore[assignment]
        _ep("m2crypto.X509.X509.get_not_before"), "_cert", m2c.certificate_not_before_time,
        ASN1.ASN1_TIME, "asn1_time", [("_pyfree", 0)], "owner", get_not_before,
    )
    get_not_after = _handle_view(  # type: ignore[assignment]
        _ep("m2crypto.X509.X509.get_not_after"), "_cert", m2c.certificate_not_after_time,
        ASN1.ASN1_TIME, "asn1_time", [("_pyfree", 0)], "owner", get_not_after,
    )

    @_ep("m2crypto.X509.X509.get_serial_number")
    def get_serial_number(self) -> int:
        return int(self._cert.serial_hex(), 16)

    @_ep("m2crypto.X509.X509.set_serial_number")
    def set_serial_number(self, serial: int) -> int:
        if not isinstance(serial, int):  # M2Crypto's ASN1_INTEGER is never made
            raise _a.type_error("x509_set_serial_number", 2, "ASN1_INTEGER *")
        serial = int(serial)
        hexed = f"{serial:X}" if serial >= 0 else "-%X" % -serial
        self._cert.set_serial_hex(hexed)
        return 1

    @_ep("m2crypto.X509.X509.get_pubkey")
    def get_pubkey(self) -> EVP.PKey:
        return _pubkey_with_origin(self._cert.public_key(), self._legacy_rsa_text)

    def get_issuer(self) -> X509_Name:
        return X509_Name(self._cert.issuer(), _pyfree=0)

    get_issuer = _handle_view(  # type: ignore[assignment]
        _ep("m2crypto.X509.X509.get_issuer"), "_cert", m2c.certificate_issuer,
        X509_Name, "x509_name", [("_pyfree", 0)], None, get_issuer,
    )

    @_ep("m2crypto.X509.X509.set_issuer")
    def set_issuer(self, name: X509_Name) -> int:
        self._cert.set_issuer(_core_name(name))
        return 1

    set_issuer_name = set_issuer

    # In C like get_issuer; the body shared with Request (_signed.py) is its fallback.
    get_subject = _handle_view(  # type: ignore[assignment]
        _ep("m2crypto.X509.X509.get_subject"), "_cert", m2c.certificate_subject,
        X509_Name, "x509_name", [("_pyfree", 0)], None, get_subject.__wrapped__,  # type: ignore[attr-defined]
    )

    # The alias dependents use (survey); its own record so the warning names it.
    set_subject = _ep("m2crypto.X509.X509.set_subject")(set_subject_name.__wrapped__)  # type: ignore[attr-defined]

    @_ep("m2crypto.X509.X509.add_ext")
    def add_ext(self, ext: X509_Extension) -> int:
        if not isinstance(ext, X509_Extension) or ext._ptr() is None:
            raise X509Error("Cannot add an uninitialized extension")
        self._cert.add_extension(ext._ptr())
        return 1

    @_ep("m2crypto.X509.X509.get_ext_count")
    def get_ext_count(self) -> int:
        return self._cert.extension_count()

    @_ep("m2crypto.X509.X509.get_ext_at")
    def get_ext_at(self, index: int) -> X509_Extension:
        if index < 0 or index >= self._cert.extension_count():  # M2Crypto's own check
            raise IndexError("index out of range")
        index = _a.check_int(index, "x509_get_ext", 2)
        return X509_Extension(self._cert.extension(index), _pyfree=0)

    @_ep("m2crypto.X509.X509.get_subject_alt_names")
    def get_subject_alt_names(self) -> List:
        """The subjectAltName as [(m2.GEN_* type, bytes)]: the raw string for
        DNS/URI/email names, the address octets for IP addresses, the DER
        GeneralName otherwise; [] without one. X509Error when the extension
        is malformed or present twice."""
        return core.certificate_subject_alt_names(self._cert)

    @_ep("m2crypto.X509.X509.get_ext")
    def get_ext(self, name: str) -> X509_Extension:
        for i in range(self._cert.extension_count()):
            ext = X509_Extension(self._cert.extension(i), _pyfree=0)
            if ext.get_name() == name:
                return ext
        raise LookupError(name)

    @_ep("m2crypto.X509.X509.verify")
    def verify(self, pkey: Optional[EVP.PKey] = None) -> int:
        key = _core_key(pkey) if pkey else self._cert.public_key()
        return self._cert.verify_signature(key)

    @_ep("m2crypto.X509.X509.check_ca")
    def check_ca(self) -> int:
        return self._cert.check_ca()

    @_ep("m2crypto.X509.X509.check_purpose")
    def check_purpose(self, id: int, ca: int) -> int:
        return _check_purpose(self._cert, id, ca)

    @_ep("m2crypto.X509.X509.get_fingerprint")
    def get_fingerprint(self, md: str = _release.FINGERPRINT_DIGEST) -> str:
        if isinstance(md, str) and is_weak_digest(md):
            unsafe_operation("m2crypto.X509.X509.get_fingerprint", f"fingerprint with {md}")
        try:
            digest = self._cert.fingerprint(md)
        except core.Error:
            raise ValueError("unknown message digest", md) from None
        return binascii.hexlify(digest).upper().decode()

    @_ep("m2crypto.X509.X509.add_subject_key_identifier")
    def add_subject_key_identifier(self) -> int:
        self._cert.add_subject_key_identifier()
        return 1


# Shared with the load_request* functions (_signed.py).
_parse_cert, load_cert, load_cert_bio, load_cert_string, load_cert_der_string = signed_loaders(
    "cert", X509, core.Certificate, X509._from_core, "Failed to load certificate")
