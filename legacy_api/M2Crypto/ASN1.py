"""M2Crypto.ASN1 over the core: ASN.1 integers, strings, object identifiers
and times. Times and strings are core objects (_core.Asn1Time/Asn1String)
owned here or viewed inside a certificate, name or CRL; their text is
OpenSSL's own rendering, as M2Crypto prints it."""
from __future__ import annotations

import datetime
import time
from typing import TYPE_CHECKING, Any, Optional, Union

from cryptoshim.lazy_import import lazy_attr
from M2Crypto._common import core, entry, klass
from M2Crypto._common import native_free as _native_free

# Handles of the flat m2 layer, whose modules import this one.
_integer_handle = lazy_attr("M2Crypto._m2_asn1", "IntegerHandle")
_certificate_time = lazy_attr("M2Crypto._m2_handles", "CertificateTime")

__all__ = ["MBSTRING_FLAG", "MBSTRING_ASC", "MBSTRING_BMP", "ASN1_Integer", "ASN1_String",
           "ASN1_Object", "ASN1_TIME", "ASN1_UTCTIME", "LocalTimezone", "UTC"]

MBSTRING_FLAG = 0x1000
MBSTRING_ASC = MBSTRING_FLAG | 1
MBSTRING_BMP = MBSTRING_FLAG | 2

# M2Crypto's ASN1 module has no exception class of its own: failures of the
# underlying calls surface as ValueError.
_ep = entry(ValueError)
_class = klass(ValueError)


@_class("m2crypto.ASN1.ASN1_Integer")
class ASN1_Integer:
    """An ASN.1 INTEGER (arbitrary size)."""
    m2_asn1_integer_free = _native_free("m2crypto.ASN1.ASN1_Integer.m2_asn1_integer_free")
    asn1int: Any  # the handle (IntegerHandle or core integer), set in __init__

    def __init__(self, asn1int: Union[int, ASN1_Integer], _pyfree: int = 0) -> None:
        # As M2Crypto: .asn1int is always the ASN1_INTEGER handle the m2.asn1_integer_*
        # functions take; an int (a bool too, as asn1_integer_set reads it) gets a new one.
        if isinstance(asn1int, ASN1_Integer):
            asn1int = asn1int.asn1int
        if isinstance(asn1int, _integer_handle()):  # m2.asn1_integer_new() and friends
            self.asn1int = asn1int
            self._pyfree = _pyfree
            return
        if not isinstance(asn1int, int):
            raise TypeError(f"ASN1_Integer needs an int, not {type(asn1int).__name__}")
        self.asn1int = _integer_handle()(int(asn1int))
        self._pyfree = 1

    def __int__(self) -> int:
        return self.asn1int.get()

    def __cmp__(self, other: ASN1_Integer) -> int:
        if not isinstance(other, ASN1_Integer):
            raise TypeError("Comparisons supported only between ANS1_Integer objects")
        mine, theirs = int(self), int(other)
        return (mine > theirs) - (mine < theirs)

    def _ptr(self):
        return self.asn1int


@_class("m2crypto.ASN1.ASN1_String")
class ASN1_String:
    """An ASN.1 string; from str/bytes it is an OCTET STRING as in M2Crypto."""
    m2_asn1_string_free = _native_free("m2crypto.ASN1.ASN1_String.m2_asn1_string_free")
    asn1str: Any  # the core Asn1String, set in __init__

    def __init__(self, asn1str: Union[str, bytes, Any], _pyfree: int = 0) -> None:
        if isinstance(asn1str, str):
            asn1str = core.Asn1String(asn1str.encode())
            _pyfree = 1
        elif isinstance(asn1str, (bytes, bytearray)):
            asn1str = core.Asn1String(bytes(asn1str))
            _pyfree = 1
        elif isinstance(asn1str, ASN1_String):
            asn1str = asn1str.asn1str
        elif not isinstance(asn1str, core.Asn1String):
            raise TypeError(
                f"ASN1_String needs str, bytes or an ASN.1 string, not {type(asn1str).__name__}"
            )
        self.asn1str = asn1str
        self._pyfree = _pyfree

    def __bytes__(self) -> bytes:
        try:
            return self.asn1str.print()
        except core.Error as exc:  # e.g. a view of a name entry that is gone
            raise ValueError(str(exc)) from None

    def __str__(self) -> str:
        return self.__bytes__().decode()

    def _ptr(self):
        return self.asn1str

    @_ep("m2crypto.ASN1.ASN1_String.as_text")
    def as_text(self, flags: int = 0) -> str:
        return self.asn1str.print_ex(flags).decode()


class _ObjectRef:
    """What an ASN1_Object points at here: an OID with its nid and short name."""

    __slots__ = ("nid", "short_name", "oid")

    def __init__(self, nid: int, short_name: str, oid: str) -> None:
        self.nid = nid
        self.short_name = short_name
        self.oid = oid

    def __repr__(self) -> str:
        return f"<ASN1_OBJECT {self.short_name} ({self.oid})>"


@_class("m2crypto.ASN1.ASN1_Object")
class ASN1_Object:
    """An ASN.1 OBJECT IDENTIFIER (from a name entry)."""
    m2_asn1_object_free = _native_free("m2crypto.ASN1.ASN1_Object.m2_asn1_object_free")

    def __init__(self, asn1obj: _ObjectRef, _pyfree: int = 0) -> None:
        if not isinstance(asn1obj, _ObjectRef):
            raise TypeError(f"ASN1_Object wraps an object reference, not {type(asn1obj).__name__}")
        self.asn1obj = asn1obj
        self._pyfree = _pyfree

    def _ptr(self) -> _ObjectRef:
        return self.asn1obj


class _UTC(datetime.tzinfo):
    def tzname(self, dt: Optional[datetime.datetime]) -> str:
        return "UTC"

    def dst(self, dt: Optional[datetime.datetime]) -> datetime.timedelta:
        return datetime.timedelta(0)

    def utcoffset(self, dt: Optional[datetime.datetime]) -> datetime.timedelta:
        return datetime.timedelta(0)

    def __repr__(self) -> str:
        return f"<Timezone: {self.tzname(None)}>"


UTC = _UTC()


class _LocalTimezoneRules(datetime.tzinfo):
    """The local time zone rules from the datetime manual (as M2Crypto has
    them). tzinfo callbacks run on every datetime operation, so they are not
    counted entry points; constructing LocalTimezone is."""

    def __init__(self) -> None:
        self._stdoffset = datetime.timedelta(seconds=-time.timezone)
        if time.daylight:
            self._dstoffset = datetime.timedelta(seconds=-time.altzone)
        else:
            self._dstoffset = self._stdoffset
        self._dstdiff = self._dstoffset - self._stdoffset

    def utcoffset(self, dt: Optional[datetime.datetime]) -> datetime.timedelta:
        return self._dstoffset if self._isdst(dt) else self._stdoffset

    def dst(self, dt: Optional[datetime.datetime]) -> datetime.timedelta:
        return self._dstdiff if self._isdst(dt) else datetime.timedelta(0)

    def tzname(self, dt: Optional[datetime.datetime]) -> str:
        if dt is None:
            return ""
        return time.tzname[self._isdst(dt).real]

    def _isdst(self, dt: Optional[datetime.datetime]) -> bool:
        if dt is None:
            return False
        tt = (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.weekday(), 0, -1)
        stamp = time.mktime(tt)
        return time.localtime(stamp).tm_isdst > 0


@_class("m2crypto.ASN1.LocalTimezone")
class LocalTimezone(_LocalTimezoneRules):
    """The local time zone (for set_datetime/get_datetime conversions)."""

    def __init__(self) -> None:
        super().__init__()


_SSL_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec"]


def _parse_printed(date: str) -> datetime.datetime:
    """M2Crypto's parser of ASN1_TIME_print output."""
    if " " not in date:
        raise ValueError(f"Invalid date: {date}")
    month, rest = date.split(" ", 1)
    if month not in _SSL_MONTHS:
        raise ValueError(f"Invalid date {date}: Invalid month: {month}")
    timezone = None
    if rest.endswith(" GMT"):
        timezone = UTC
        rest = rest[:-4]
    fmt = "%d %H:%M:%S.%f %Y" if "." in rest else "%d %H:%M:%S %Y"
    dt = datetime.datetime.strptime(rest, fmt)
    dt = dt.replace(month=_SSL_MONTHS.index(month) + 1)
    if timezone:
        dt = dt.replace(tzinfo=UTC)
    return dt


def _epoch_seconds(date: datetime.datetime) -> int:
    """M2Crypto's set_datetime arithmetic: naive datetimes are local time."""
    local = _LocalTimezoneRules()
    if date.tzinfo is None:
        date = date.replace(tzinfo=local)
    date = date.astimezone(local)
    return int(time.mktime(date.timetuple()))


class _TimeBase:
    _ssl_months = _SSL_MONTHS
    _utc_only = False

    if TYPE_CHECKING:  # what ASN1_TIME and ASN1_UTCTIME provide
        def _ptr(self) -> Any: ...
        def set_time(self, time: int) -> Any: ...

    def _init_time(self, asn1_time, _pyfree: int):
        if asn1_time is None:
            return core.Asn1Time(self._utc_only), 1
        if isinstance(asn1_time, _TimeBase):
            return asn1_time._ptr(), _pyfree
        if isinstance(asn1_time, _certificate_time()):  # m2.x509_get_not_before/after
            return getattr(asn1_time.cert, asn1_time.field + "_time")(), _pyfree
        if not isinstance(asn1_time, core.Asn1Time):
            raise TypeError(
                f"{type(self).__name__} wraps an ASN.1 time, not {type(asn1_time).__name__}"
            )
        return asn1_time, _pyfree

    def __str__(self) -> str:
        return self._ptr().print()

    def _string(self, string: str) -> int:
        if isinstance(string, bytes):
            string = string.decode()
        if not isinstance(string, str):
            raise TypeError("time string must be str")
        try:
            self._ptr().set_string(string)
        except core.Error:
            return 0  # M2Crypto's result for a malformed string
        return 1

    def _time(self, seconds: int):
        # M2Crypto's set_time is m2.asn1_time_set / asn1_utctime_set: the same
        # argument conversion and result (uncounted here: set_time is the call).
        from M2Crypto import _m2_asn1
        func = "asn1_utctime_set" if self._utc_only else "asn1_time_set"
        return _m2_asn1.set_seconds(self._ptr(), seconds, func)

    def get_datetime(self) -> datetime.datetime:
        return _parse_printed(str(self))

    def set_datetime(self, date: datetime.datetime):
        if not isinstance(date, datetime.datetime):
            raise TypeError("date must be a datetime.datetime")
        return self.set_time(_epoch_seconds(date))


@_class("m2crypto.ASN1.ASN1_TIME")
class ASN1_TIME(_TimeBase):
    """ASN.1 Time: UTCTime up to 2049, GeneralizedTime after."""
    m2_asn1_time_free = _native_free("m2crypto.ASN1.ASN1_TIME.m2_asn1_time_free")

    def __init__(self, asn1_time=None, _pyfree: int = 0) -> None:
        self.asn1_time, self._pyfree = self._init_time(asn1_time, _pyfree)
        self.owner: Any = None

    def _ptr(self):
        return self.asn1_time

    @_ep("m2crypto.ASN1.ASN1_TIME.set_string")
    def set_string(self, string: str) -> int:
        return self._string(string)

    @_ep("m2crypto.ASN1.ASN1_TIME.set_time")
    def set_time(self, time: int):
        return self._time(time)

    get_datetime = _ep("m2crypto.ASN1.ASN1_TIME.get_datetime")(_TimeBase.get_datetime)
    set_datetime = _ep("m2crypto.ASN1.ASN1_TIME.set_datetime")(_TimeBase.set_datetime)


@_class("m2crypto.ASN1.ASN1_UTCTIME")
class ASN1_UTCTIME(_TimeBase):
    """ASN.1 UTCTime (years 1950-2049 only)."""
    m2_asn1_utctime_free = _native_free("m2crypto.ASN1.ASN1_UTCTIME.m2_asn1_utctime_free")

    _utc_only = True

    def __init__(self, asn1_utctime=None, _pyfree: int = 0) -> None:
        self.asn1_utctime, self._pyfree = self._init_time(asn1_utctime, _pyfree)
        self.owner: Any = None

    def _ptr(self):
        return self.asn1_utctime

    @_ep("m2crypto.ASN1.ASN1_UTCTIME.set_string")
    def set_string(self, string: str) -> int:
        return self._string(string)

    @_ep("m2crypto.ASN1.ASN1_UTCTIME.set_time")
    def set_time(self, time: int):
        return self._time(time)

    get_datetime = _ep("m2crypto.ASN1.ASN1_UTCTIME.get_datetime")(_TimeBase.get_datetime)
    set_datetime = _ep("m2crypto.ASN1.ASN1_UTCTIME.set_datetime")(_TimeBase.set_datetime)
