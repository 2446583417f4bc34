"""m2.* helpers that take the drop-in objects' raw handles, as real code
passes them around: `m2.x509_get_not_before(cert.x509)`,
`m2.pkcs7_read_bio_der(bio._ptr())`, `m2.x509_name_set_by_nid(name._ptr(), ...)`.

The handles are the core objects the drop-in classes hold (X509.x509 is a
core Certificate, X509_Name._ptr() a core X509Name, PKCS7.pkcs7 a core
Pkcs7, BIO._ptr() the BIO itself). Where M2Crypto returns an interior
pointer (a certificate's notBefore), the handle returned here is a live view,
so M2Crypto's "adjust in place" idiom keeps working."""
from __future__ import annotations

import calendar
import time

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point

__all__ = ["x509_get_not_before", "x509_get_not_after", "x509_gmtime_adj",
           "x509_name_set_by_nid", "x509_name_add_entry", "x509v3_set_nconf", "x509v3_ext_conf",
           "pkcs7_read_bio", "pkcs7_read_bio_der", "pkcs7_write_bio", "pkcs7_write_bio_der",
           "pkcs7_type_nid", "pkcs7_type_sn"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _certificate(x509) -> _c.Certificate:
    """Accepts the raw handle (X509.x509 / X509._ptr()) or an X509 object."""
    cert = getattr(x509, "_cert", x509)
    if not isinstance(cert, _c.Certificate):
        raise TypeError(f"expected an X509 handle, not {type(x509).__name__}")
    return cert


class CertificateTime:
    """A certificate's notBefore or notAfter, standing in for M2Crypto's
    ASN1_TIME* into the X509: reading it reads the certificate, and
    m2.x509_gmtime_adj() on it changes the certificate."""

    __slots__ = ("cert", "field")

    def __init__(self, cert, field: str) -> None:
        self.cert = cert
        self.field = field  # "not_before" or "not_after"

    def generalized(self):
        """The time as ASN.1 GeneralizedTime text (b"YYYYMMDDhhmmssZ"), or None."""
        return getattr(self.cert, self.field)()

    def unix_time(self):
        text = self.generalized()
        if text is None:
            return None
        return calendar.timegm(time.strptime(text.decode("ascii"), "%Y%m%d%H%M%SZ"))

    def adjust(self, seconds: int) -> None:
        getattr(self.cert, "adjust_" + self.field)(int(seconds))

    def __str__(self) -> str:
        # ASN1_TIME_print's form, which M2Crypto's ASN1_TIME.__str__ shows.
        text = self.generalized()
        if text is None:
            return "Bad time value"
        t = time.strptime(text.decode("ascii"), "%Y%m%d%H%M%SZ")
        return (f"{_MONTHS[t.tm_mon - 1]} {t.tm_mday:2d} {t.tm_hour:02d}:{t.tm_min:02d}:"
                f"{t.tm_sec:02d} {t.tm_year:d} GMT")

    def __int__(self) -> int:
        return id(self)


@_entry_point("m2crypto.m2.x509_get_not_before")
def x509_get_not_before(x509) -> CertificateTime:
    return CertificateTime(_certificate(x509), "not_before")


@_entry_point("m2crypto.m2.x509_get_not_after")
def x509_get_not_after(x509) -> CertificateTime:
    return CertificateTime(_certificate(x509), "not_after")


@_entry_point("m2crypto.m2.x509_gmtime_adj")
def x509_gmtime_adj(asn1_time, seconds: int):
    """X509_gmtime_adj: sets the time to now + `seconds`; returns it."""
    if isinstance(asn1_time, CertificateTime):
        asn1_time.adjust(seconds)
    elif hasattr(asn1_time, "set_unix_time"):  # an ASN1 module time handle
        asn1_time.set_unix_time(int(time.time()) + int(seconds))
    else:
        raise TypeError(f"expected an ASN1_TIME handle, not {type(asn1_time).__name__}")
    return asn1_time


def _name(name) -> _c.X509Name:
    if name is None:
        raise ValueError("Received a NULL pointer.")
    handle = name._ptr() if hasattr(name, "_ptr") else name
    if not isinstance(handle, _c.X509Name):
        raise TypeError(f"expected an X509_NAME handle, not {type(name).__name__}")
    return handle


def _utf8(value) -> bytes:
    if isinstance(value, str):
        return value.encode("utf8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"entry value must be str or bytes, not {type(value).__name__}")


@_entry_point("m2crypto.m2.x509_name_set_by_nid")
def x509_name_set_by_nid(name, nid: int, obj) -> int:
    """X509_NAME_add_entry_by_NID with MBSTRING_ASC: appends an entry."""
    _name(name).add_entry(int(nid), _utf8(obj))
    return 1


@_entry_point("m2crypto.m2.x509_name_add_entry")
def x509_name_add_entry(name, entry, loc: int, set: int) -> int:
    """X509_NAME_add_entry for an entry handle (an X509_Name_Entry's _ptr():
    its name and index): a copy of the entry, at `loc` (-1 appends), in a
    new RDN (set=0) or in the neighbouring one (set=-1/1)."""
    source, index = getattr(entry, "name", None), getattr(entry, "index", None)
    if not isinstance(source, _c.X509Name) or not isinstance(index, int):
        raise TypeError(f"expected an X509_NAME_ENTRY handle, not {type(entry).__name__}")
    if not 0 <= index < source.entry_count():
        raise ValueError("x509_name_add_entry: the entry no longer exists")
    try:
        _name(name).add_entry_from(source, index, int(loc), int(set))
    except _c.Error as exc:
        raise ValueError(f"x509_name_add_entry: {exc}") from None
    return 1


class X509V3Context:
    """Stands in for the X509V3_CTX* of m2.x509v3_set_nconf(): an empty
    configuration database and no issuer or subject. m2.x509v3_ext_conf()
    consumes it (M2Crypto frees it there), so it serves one extension."""

    __slots__ = ("consumed",)

    def __init__(self) -> None:
        self.consumed = False

    def __int__(self) -> int:
        return id(self)


@_entry_point("m2crypto.m2.x509v3_set_nconf")
def x509v3_set_nconf() -> X509V3Context:
    return X509V3Context()


@_entry_point("m2crypto.m2.x509v3_ext_conf")
def x509v3_ext_conf(conf, ctx, name, value):
    """X509V3_EXT_conf without a configuration file: an extension from its
    name and OpenSSL's textual value (which may start with "critical,").
    With a context from x509v3_set_nconf() the database is the empty one
    M2Crypto's context carries (so r2i extensions such as proxyCertInfo
    work); the context is used up, as in M2Crypto."""
    if conf is not None:
        raise ValueError("x509v3_ext_conf: configuration databases are not supported")
    if ctx is not None and not isinstance(ctx, X509V3Context):
        raise TypeError(f"expected an X509V3_CTX handle, not {type(ctx).__name__}")
    if ctx is not None and ctx.consumed:
        raise ValueError("x509v3_ext_conf: this X509V3_CTX was already used")
    name, value = _utf8(name), _utf8(value)
    from M2Crypto import X509
    try:
        if ctx is None:
            return _c.X509Extension(name, False, value, None, None)
        ctx.consumed = True
        return _c.X509Extension.create_with_empty_config(name, value)
    except _c.Error as exc:
        raise X509.X509Error(str(exc)) from None


def _pkcs7_error(exc):
    from M2Crypto import SMIME  # the class M2Crypto registers with m2.pkcs7_init
    return SMIME.PKCS7_Error(str(exc))


def _bio_data(bio) -> bytes:
    from M2Crypto import BIO
    return bytes(BIO._bio_bytes(bio) or b"")


def _p7(p7) -> _c.Pkcs7:
    if p7 is None:
        raise ValueError("Received a NULL pointer.")  # SWIG's NONNULL check
    handle = getattr(p7, "pkcs7", p7)
    if not isinstance(handle, _c.Pkcs7):
        raise TypeError(f"expected a PKCS7 handle, not {type(p7).__name__}")
    return handle


def _writable(bio):
    # SWIG rejects a non-BIO argument with TypeError before any C runs.
    if not callable(getattr(bio, "write", None)):
        raise TypeError(f"expected a BIO, not {type(bio).__name__}")
    return bio


@_entry_point("m2crypto.m2.pkcs7_read_bio", errors=_pkcs7_error)
def pkcs7_read_bio(bio) -> _c.Pkcs7:
    return _c.Pkcs7.parse(_bio_data(bio), False)


@_entry_point("m2crypto.m2.pkcs7_read_bio_der", errors=_pkcs7_error)
def pkcs7_read_bio_der(bio) -> _c.Pkcs7:
    return _c.Pkcs7.parse(_bio_data(bio), True)


@_entry_point("m2crypto.m2.pkcs7_write_bio", errors=_pkcs7_error)
def pkcs7_write_bio(pkcs7, bio) -> int:
    _writable(bio).write(_p7(pkcs7).to_pem())
    return 1


@_entry_point("m2crypto.m2.pkcs7_write_bio_der", errors=_pkcs7_error)
def pkcs7_write_bio_der(pkcs7, bio) -> int:
    _writable(bio).write(_p7(pkcs7).to_der())
    return 1


@_entry_point("m2crypto.m2.pkcs7_type_nid")
def pkcs7_type_nid(pkcs7) -> int:
    return _p7(pkcs7).type_nid


@_entry_point("m2crypto.m2.pkcs7_type_sn")
def pkcs7_type_sn(pkcs7) -> str:
    return _p7(pkcs7).type_name
