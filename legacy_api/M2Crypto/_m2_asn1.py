"""m2.asn1_*: ASN.1 integers, strings, times and objects as handles.

An ASN1_TIME* / ASN1_UTCTIME* is a core Asn1Time (what ASN1.ASN1_TIME and
ASN1_UTCTIME wrap); an ASN1_STRING* a core Asn1String. ASN1_INTEGER* is an
IntegerHandle: a free-standing value, or (from m2.x509_get_serial_number) a
view of a certificate's serial number, so setting it changes the
certificate as OpenSSL's interior pointer does. The *_free functions check
their argument and leave the memory to Python."""
from __future__ import annotations

from typing import Optional

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point
from M2Crypto import _m2_pki_args as _a
from M2Crypto._m2_handles import CertificateTime
from M2Crypto._m2_obj import ObjectHandle

__all__ = ["asn1_integer_new", "asn1_integer_free", "asn1_integer_get",
           "asn1_integer_set", "asn1_integer_cmp", "asn1_string_free", "asn1_string_print_ex",
           "asn1_time_new", "asn1_time_free", "asn1_time_print", "asn1_time_set",
           "asn1_time_set_string", "asn1_time_check", "asn1_time_type_check",
           "asn1_utctime_new", "asn1_utctime_free", "asn1_utctime_print", "asn1_utctime_set",
           "asn1_utctime_set_string", "asn1_utctime_check", "asn1_object_new",
           "asn1_object_free", "asn1_object_create", "asn1_bit_string_new", "i2d_asn1_object",
           "d2i_asn1_object"]


class IntegerHandle:
    """Stands in for ASN1_INTEGER*; int() gives the value (ASN1.ASN1_Integer
    accepts it)."""

    __slots__ = ("_value", "_cert")

    def __init__(self, value: int = 0, cert: Optional[_c.Certificate] = None) -> None:
        self._value = value
        self._cert = cert

    def get(self) -> int:
        if self._cert is not None:
            return int(self._cert.serial_hex(), 16)
        return self._value

    def set(self, value: int) -> None:
        if self._cert is not None:
            self._cert.set_serial_hex(f"{value:X}" if value >= 0 else "-%X" % -value)
        else:
            self._value = value

    def __int__(self) -> int:
        return self.get()

    __index__ = __int__


class BitStringHandle:
    """Stands in for ASN1_BIT_STRING* (M2Crypto only creates one)."""

    __slots__ = ("data",)

    def __init__(self) -> None:
        self.data = b""


def _integer(value, func: str, argno: int) -> IntegerHandle:
    return _a.check(value, IntegerHandle, func, argno, "ASN1_INTEGER *")


@_entry_point("m2crypto.m2.asn1_integer_new")
def asn1_integer_new() -> IntegerHandle:
    return IntegerHandle()


@_entry_point("m2crypto.m2.asn1_integer_free")
def asn1_integer_free(a) -> None:
    _integer(a, "asn1_integer_free", 1)


@_entry_point("m2crypto.m2.asn1_integer_get")
def asn1_integer_get(a) -> int:
    return _integer(a, "asn1_integer_get", 1).get()


@_entry_point("m2crypto.m2.asn1_integer_set")
def asn1_integer_set(a, v) -> int:
    handle = _integer(a, "asn1_integer_set", 1)
    if not isinstance(v, int):  # M2Crypto's PyLong_Check: a bool is an int
        raise TypeError("expected int or long")  # M2Crypto's typemap message
    handle.set(v)
    return 1


@_entry_point("m2crypto.m2.asn1_integer_cmp")
def asn1_integer_cmp(a1, a2) -> int:
    x = _integer(a1, "asn1_integer_cmp", 1).get()
    y = _integer(a2, "asn1_integer_cmp", 2).get()
    return _integer_cmp(x, y)


def _integer_cmp(x: int, y: int) -> int:
    """ASN1_INTEGER_cmp's own value, not just its sign (M2Crypto returns it):
    opposite signs are -1/1; else ASN1_STRING_cmp of the magnitudes' bytes (the
    length difference, or the first differing byte's difference as glibc's
    memcmp gives it), negated for two negatives."""
    if (x < 0) != (y < 0):
        return -1 if x < 0 else 1
    a, b = (abs(v).to_bytes(max(1, (abs(v).bit_length() + 7) // 8), "big") for v in (x, y))
    if len(a) != len(b):
        ret = len(a) - len(b)
    else:
        ret = next((p - q for p, q in zip(a, b) if p != q), 0)
    return -ret if x < 0 else ret


def _asn1_string(s, func: str, argno: int) -> _c.Asn1String:
    return _a.check(getattr(s, "asn1str", s), _c.Asn1String, func, argno, "ASN1_STRING *")


@_entry_point("m2crypto.m2.asn1_string_free")
def asn1_string_free(a) -> None:
    _asn1_string(a, "asn1_string_free", 1)


@_entry_point("m2crypto.m2.asn1_string_print_ex")
def asn1_string_print_ex(out, s, flags: int) -> int:
    """ASN1_STRING_print_ex: the number of characters written."""
    bio = _a.bio(out, "asn1_string_print_ex")
    text = _asn1_string(s, "asn1_string_print_ex", 2).print_ex(
        _a.check_int(flags, "asn1_string_print_ex", 3, "unsigned long"))
    bio.write(text)
    return len(text)


# --- times ----------------------------------------------------------------------

def time_handle(a, func: str, argno: int, ctype: str = "ASN1_TIME *"):
    """A core Asn1Time, or a certificate's notBefore/notAfter view."""
    return _a.check(a, (_c.Asn1Time, CertificateTime), func, argno, ctype)


def unix_time(handle) -> Optional[int]:
    """The time in seconds, or None while it is unset or unreadable."""
    if isinstance(handle, CertificateTime):
        return handle.unix_time()
    try:
        return handle.unix_time() if handle.is_present() else None
    except _c.Error:
        return None


def _print(out, a, func: str, ctype: str) -> int:
    bio = _a.bio(out, func)
    handle = time_handle(a, func, 2, ctype)
    if unix_time(handle) is None:
        bio.write(b"Bad time value")  # ASN1_TIME_print's text, and its 0
        return 0
    text = str(handle) if isinstance(handle, CertificateTime) else handle.print()
    bio.write(text.encode())
    return 1


def _time_set_seconds(t) -> int:
    """asn1_time_set's own conversion in M2Crypto's _asn1.i: PyLong_AsLongLong,
    and a negative result (also its -1 for a value it cannot read) is an
    OverflowError. The real wrapper then returns with that error set, which
    Python reports as a SystemError caused by it; the drop-in raises the
    OverflowError itself."""
    val = t if isinstance(t, int) and -(2 ** 63) <= t < 2 ** 63 else -1
    if val < 0:
        raise OverflowError(f"Error in conversion of PyLong to long (val = {val:d})")
    return int(val)


def _set(a, t, func: str, ctype: str):
    return set_seconds(time_handle(a, func, 1, ctype), t, func)


def set_seconds(handle, t, func: str):
    """ASN1_TIME_set (func asn1_time_set) or ASN1_UTCTIME_set (asn1_utctime_set)
    on a time handle, with M2Crypto's own conversion of t for each: the
    handle, or None for the C function's NULL (a time the type cannot hold).
    ASN1.ASN1_TIME/ASN1_UTCTIME.set_time run this too, as there."""
    if func == "asn1_time_set":
        seconds = _time_set_seconds(t)
    else:
        seconds = _a.check_int(t, func, 2, "long")
    if isinstance(handle, CertificateTime):
        import time
        handle.adjust(seconds - int(time.time()))
        return handle
    try:
        handle.set_unix_time(seconds)
    except (_c.Error, ValueError):
        return None
    return handle


def _set_string(a, s, func: str, ctype: str) -> int:
    handle = time_handle(a, func, 1, ctype)
    text = _a.check_str(s, func, 2, "char const *")
    try:
        if isinstance(handle, CertificateTime):  # writes through to the certificate
            parsed = _c.Asn1Time(False)
            parsed.set_string(text)
            getattr(handle.cert, f"set_{handle.field}_time")(parsed)
        else:
            handle.set_string(text)
    except _c.Error:
        return 0
    return 1


def _check(a, func: str, ctype: str) -> int:
    handle = time_handle(a, func, 1, ctype)
    return 0 if unix_time(handle) is None else 1


@_entry_point("m2crypto.m2.asn1_time_new")
def asn1_time_new() -> _c.Asn1Time:
    return _c.Asn1Time(False)


@_entry_point("m2crypto.m2.asn1_time_free")
def asn1_time_free(a) -> None:
    time_handle(a, "asn1_time_free", 1)


@_entry_point("m2crypto.m2.asn1_time_print")
def asn1_time_print(out, s) -> int:
    return _print(out, s, "asn1_time_print", "ASN1_TIME *")


@_entry_point("m2crypto.m2.asn1_time_set")
def asn1_time_set(a, t):
    return _set(a, t, "asn1_time_set", "ASN1_TIME *")


@_entry_point("m2crypto.m2.asn1_time_set_string")
def asn1_time_set_string(a, s) -> int:
    return _set_string(a, s, "asn1_time_set_string", "ASN1_TIME *")


@_entry_point("m2crypto.m2.asn1_time_check")
def asn1_time_check(a) -> int:
    return _check(a, "asn1_time_check", "ASN1_TIME *")


@_entry_point("m2crypto.m2.asn1_time_type_check")
def asn1_time_type_check(a) -> int:
    time_handle(a, "asn1_time_type_check", 1)
    return 1


@_entry_point("m2crypto.m2.asn1_utctime_new")
def asn1_utctime_new() -> _c.Asn1Time:
    return _c.Asn1Time(True)


@_entry_point("m2crypto.m2.asn1_utctime_free")
def asn1_utctime_free(a) -> None:
    time_handle(a, "asn1_utctime_free", 1, "ASN1_UTCTIME *")


@_entry_point("m2crypto.m2.asn1_utctime_print")
def asn1_utctime_print(bio, s) -> int:
    return _print(bio, s, "asn1_utctime_print", "ASN1_UTCTIME *")


@_entry_point("m2crypto.m2.asn1_utctime_set")
def asn1_utctime_set(a, t):
    return _set(a, t, "asn1_utctime_set", "ASN1_UTCTIME *")


@_entry_point("m2crypto.m2.asn1_utctime_set_string")
def asn1_utctime_set_string(a, s) -> int:
    return _set_string(a, s, "asn1_utctime_set_string", "ASN1_UTCTIME *")


@_entry_point("m2crypto.m2.asn1_utctime_check")
def asn1_utctime_check(a) -> int:
    return _check(a, "asn1_utctime_check", "ASN1_UTCTIME *")


# --- objects and bit strings ------------------------------------------------------

@_entry_point("m2crypto.m2.asn1_object_new")
def asn1_object_new() -> ObjectHandle:
    """ASN1_OBJECT_new: an empty object (nid 0, no OID)."""
    return ObjectHandle("")


@_entry_point("m2crypto.m2.asn1_object_free")
def asn1_object_free(a) -> None:
    if a is None:
        raise ValueError(_a.NULL_POINTER)
    if not isinstance(getattr(a, "oid", None), str):
        raise _a.type_error("asn1_object_free", 1, "ASN1_OBJECT *")


@_entry_point("m2crypto.m2.asn1_object_create")
def asn1_object_create(tag, data, length, sn, ln):
    """M2Crypto declares the data as unsigned char *, which no Python value
    converts to: every call fails in argument conversion, as there."""
    _a.check_int(tag, "asn1_object_create", 1)
    raise _a.type_error("asn1_object_create", 2, "unsigned char *")


@_entry_point("m2crypto.m2.asn1_bit_string_new")
def asn1_bit_string_new() -> BitStringHandle:
    return BitStringHandle()


def _oid_der(oid: str) -> bytes:
    """The DER OBJECT IDENTIFIER of a dotted OID (b"" for an empty object)."""
    if not oid:
        return b""
    arcs = [int(a) for a in oid.split(".")]
    body = bytearray()
    for value in [40 * arcs[0] + arcs[1], *arcs[2:]]:
        chunk = [value & 0x7F]
        value >>= 7
        while value:
            chunk.append(0x80 | (value & 0x7F))
            value >>= 7
        body += bytes(reversed(chunk))
    size = len(body)
    octets = (size.bit_length() + 7) // 8
    length = bytes([size]) if size < 0x80 else bytes([0x80 | octets]) + size.to_bytes(octets, "big")
    return b"\x06" + length + bytes(body)


@_entry_point("m2crypto.m2.i2d_asn1_object")
def i2d_asn1_object(a, pp) -> int:
    """i2d_ASN1_OBJECT(a, NULL): the DER length. M2Crypto exposes the raw
    function, whose unsigned char ** output no Python value converts to."""
    if a is None:
        raise ValueError(_a.NULL_POINTER)
    oid = getattr(a, "oid", None)
    if not isinstance(oid, str):
        raise _a.type_error("i2d_asn1_object", 1, "ASN1_OBJECT *")
    if pp is not None:
        raise _a.type_error("i2d_asn1_object", 2, "unsigned char **")
    return len(_oid_der(oid))


@_entry_point("m2crypto.m2.d2i_asn1_object")
def d2i_asn1_object(a, pp, length):
    """The raw d2i_ASN1_OBJECT: its const unsigned char ** input no Python
    value converts to, so every call fails in argument conversion."""
    if a is not None:
        raise _a.type_error("d2i_asn1_object", 1, "ASN1_OBJECT **")
    if pp is None:
        raise ValueError(_a.NULL_POINTER)  # M2Crypto would read through NULL
    raise _a.type_error("d2i_asn1_object", 2, "unsigned char const **")
