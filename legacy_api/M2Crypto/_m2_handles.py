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
           "x509_name_set_by_nid", "x509_name_add_entry", "x509v3_ext_conf",
           "pkcs7_read_bio", "pkcs7_read_bio_der", "pkcs7_write_bio", "pkcs7_write_bio_der",
           "pkcs7_type_nid", "pkcs7_type_sn"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _certificate(x509) -> "_c.Certificate":
    """Accepts the raw handle (X509.x509 / X509._ptr()) or an X509 object."""
    cert = getattr(x509, "_cert", x509)
    if not isinstance(cert, _c.Certificate):
        raise TypeError("expected an X509 handle, not %s" % type(x509).__name__)
    return cert


class CertificateTime(object):
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
        return "%s %2d %02d:%02d:%02d %d GMT" % (_MONTHS[t.tm_mon - 1], t.tm_mday, t.tm_hour,
                                                t.tm_min, t.tm_sec, t.tm_year)

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
        raise TypeError("expected an ASN1_TIME handle, not %s" % type(asn1_time).__name__)
    return asn1_time


def _name(name) -> "_c.X509Name":
    handle = name._ptr() if hasattr(name, "_ptr") else name
    if not isinstance(handle, _c.X509Name):
        raise TypeError("expected an X509_NAME handle, not %s" % type(name).__name__)
    return handle


def _utf8(value) -> bytes:
    if isinstance(value, str):
        return value.encode("utf8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError("entry value must be str or bytes, not %s" % type(value).__name__)


@_entry_point("m2crypto.m2.x509_name_set_by_nid")
def x509_name_set_by_nid(name, nid: int, obj) -> int:
    """X509_NAME_add_entry_by_NID with MBSTRING_ASC: appends an entry."""
    _name(name).add_entry(int(nid), _utf8(obj))
    return 1


@_entry_point("m2crypto.m2.x509_name_add_entry")
def x509_name_add_entry(name, entry, loc: int, set: int) -> int:
    """X509_NAME_add_entry for an entry handle (an X509_Name_Entry's _ptr():
    its name and index). Appending (loc=-1, set=0) is what M2Crypto's
    callers do and what is supported."""
    if loc != -1 or set != 0:
        raise ValueError("x509_name_add_entry: only appending (loc=-1, set=0) is supported")
    source, index = getattr(entry, "name", None), getattr(entry, "index", None)
    if not isinstance(source, _c.X509Name) or not isinstance(index, int):
        raise TypeError("expected an X509_NAME_ENTRY handle, not %s" % type(entry).__name__)
    components = source.components()
    if not 0 <= index < len(components):
        raise ValueError("x509_name_add_entry: the entry no longer exists")
    short_name, value = components[index]
    nid = _c.X509Name.nid_from_text(short_name.decode())
    if nid is None:
        raise ValueError("x509_name_add_entry: unknown attribute %r" % short_name)
    _name(name).add_entry(nid, value)
    return 1


@_entry_point("m2crypto.m2.x509v3_ext_conf")
def x509v3_ext_conf(conf, ctx, name, value):
    """X509V3_EXT_conf without a configuration database or issuer context:
    an extension from its name and OpenSSL's textual value (which may start
    with "critical,")."""
    if conf is not None:
        raise ValueError("x509v3_ext_conf: configuration databases are not supported")
    name, value = _utf8(name), _utf8(value)
    from M2Crypto import X509
    try:
        return _c.X509Extension(name, False, value, None, None)
    except _c.Error as exc:
        raise X509.X509Error(str(exc)) from None


def _pkcs7_error(exc):
    from M2Crypto import SMIME  # the class M2Crypto registers with m2.pkcs7_init
    return SMIME.PKCS7_Error(str(exc))


def _bio_data(bio) -> bytes:
    from M2Crypto import BIO
    return bytes(BIO._bio_bytes(bio) or b"")


def _p7(p7) -> "_c.Pkcs7":
    handle = getattr(p7, "pkcs7", p7)
    if not isinstance(handle, _c.Pkcs7):
        raise TypeError("expected a PKCS7 handle, not %s" % type(p7).__name__)
    return handle


@_entry_point("m2crypto.m2.pkcs7_read_bio", errors=_pkcs7_error)
def pkcs7_read_bio(bio) -> "_c.Pkcs7":
    return _c.Pkcs7.parse(_bio_data(bio), False)


@_entry_point("m2crypto.m2.pkcs7_read_bio_der", errors=_pkcs7_error)
def pkcs7_read_bio_der(bio) -> "_c.Pkcs7":
    return _c.Pkcs7.parse(_bio_data(bio), True)


@_entry_point("m2crypto.m2.pkcs7_write_bio", errors=_pkcs7_error)
def pkcs7_write_bio(pkcs7, bio) -> int:
    bio.write(_p7(pkcs7).to_pem())
    return 1


@_entry_point("m2crypto.m2.pkcs7_write_bio_der", errors=_pkcs7_error)
def pkcs7_write_bio_der(pkcs7, bio) -> int:
    bio.write(_p7(pkcs7).to_der())
    return 1


@_entry_point("m2crypto.m2.pkcs7_type_nid")
def pkcs7_type_nid(pkcs7) -> int:
    return _p7(pkcs7).type_nid


@_entry_point("m2crypto.m2.pkcs7_type_sn")
def pkcs7_type_sn(pkcs7) -> str:
    return _p7(pkcs7).type_name
