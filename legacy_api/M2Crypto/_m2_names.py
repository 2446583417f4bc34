"""m2.x509_name_* / x509_name_entry_* / asn1_string_* on handles, as the CA
code in M2Crypto's tests walks a name entry by entry:

    entry = m2.x509_name_get_entry(name._ptr(), i)
    m2.asn1_string_print(bio._ptr(), m2.x509_name_entry_get_data(entry))
    m2.obj_obj2txt(m2.x509_name_entry_get_object(entry), 0)

An X509_NAME* is a core X509Name; an X509_NAME_ENTRY* is X509._EntryRef
(a name and an index: a view, as OpenSSL's pointer into the name is); an
ASN1_STRING* is a core Asn1String; an ASN1_OBJECT* of an entry is the
ASN1._ObjectRef that ASN1.ASN1_Object wraps (m2.obj_* accept it)."""
from __future__ import annotations

from typing import Optional  # noqa: F401  (kept: a module attribute before)

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point

__all__ = ["x509_name_new", "x509_name_get_entry", "x509_name_entry_get_data",
           "x509_name_entry_get_object", "x509_name_entry_create_by_txt",
           "asn1_string_new", "asn1_string_set", "asn1_string_print"]


def _entry(entry):
    """The (name, index) of an entry handle; ValueError once it is gone."""
    if entry is None:
        raise ValueError("Received a NULL pointer.")
    name, index = getattr(entry, "name", None), getattr(entry, "index", None)
    if not isinstance(name, _c.X509Name) or not isinstance(index, int):
        raise TypeError(f"expected an X509_NAME_ENTRY handle, not {type(entry).__name__}")
    if not 0 <= index < name.entry_count():
        raise ValueError("the name entry no longer exists")
    return name, index


def _asn1_string(s) -> _c.Asn1String:
    if s is None:
        raise ValueError("Received a NULL pointer.")
    handle = getattr(s, "asn1str", s)  # an ASN1.ASN1_String or its handle
    if not isinstance(handle, _c.Asn1String):
        raise TypeError(f"expected an ASN1_STRING handle, not {type(s).__name__}")
    return handle


@_entry_point("m2crypto.m2.x509_name_new")
def x509_name_new() -> _c.X509Name:
    return _c.X509Name()


@_entry_point("m2crypto.m2.x509_name_get_entry")
def x509_name_get_entry(name, loc: int):
    """X509_NAME_get_entry: the entry at `loc`, or None (NULL) out of range."""
    from M2Crypto import X509  # M2Crypto.X509 imports this module
    handle = name._ptr() if hasattr(name, "_ptr") else name
    if not isinstance(handle, _c.X509Name):
        raise TypeError(f"expected an X509_NAME handle, not {type(name).__name__}")
    if not 0 <= int(loc) < handle.entry_count():
        return None
    return X509._EntryRef(handle, int(loc))


@_entry_point("m2crypto.m2.x509_name_entry_get_data")
def x509_name_entry_get_data(entry) -> _c.Asn1String:
    name, index = _entry(entry)
    return name.entry_data(index)


@_entry_point("m2crypto.m2.x509_name_entry_get_object")
def x509_name_entry_get_object(entry):
    from M2Crypto import ASN1
    name, index = _entry(entry)
    return ASN1._ObjectRef(*name.entry_object(index))


@_entry_point("m2crypto.m2.x509_name_entry_create_by_txt")
def x509_name_entry_create_by_txt(ne, field, type: int, data, len: int):
    """X509_NAME_ENTRY_create_by_txt with ne=NULL: a free-standing entry (the
    only entry of a private name), or None (NULL) when OpenSSL refuses the
    field or the value, as M2Crypto returns it."""
    if ne is not None:
        raise ValueError("x509_name_entry_create_by_txt: only ne=None is supported")
    from M2Crypto import X509
    field = field.decode() if isinstance(field, bytes) else field
    value = data.encode("utf8") if isinstance(data, str) else data
    if not isinstance(field, str) or not isinstance(value, (bytes, bytearray)):
        raise TypeError("field and data must be str or bytes")
    value = bytes(value)
    if len is not None and len >= 0:
        value = value[:len]
    name = _c.X509Name()
    try:
        name.add_entry_by_txt(field, int(type), value, -1, 0)
    except _c.Error:
        return None
    return X509._EntryRef(name, 0)


@_entry_point("m2crypto.m2.asn1_string_new")
def asn1_string_new() -> _c.Asn1String:
    """ASN1_STRING_new: an empty OCTET STRING."""
    return _c.Asn1String(b"")


@_entry_point("m2crypto.m2.asn1_string_set")
def asn1_string_set(s, data: bytes) -> int:
    if not isinstance(data, bytes):
        raise TypeError("expected string")  # M2Crypto's typemap message
    _asn1_string(s).set(data)
    return 1


@_entry_point("m2crypto.m2.asn1_string_print")
def asn1_string_print(bio, s) -> int:
    """ASN1_STRING_print: the string's bytes (non-printables as '.') into bio."""
    if bio is None:
        raise ValueError("Received a NULL pointer.")
    text = _asn1_string(s).print()
    if not hasattr(bio, "write"):
        raise TypeError(f"expected a BIO handle, not {type(bio).__name__}")
    bio.write(text)
    return 1
