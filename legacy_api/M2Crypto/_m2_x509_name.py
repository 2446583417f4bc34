"""m2.x509_name_* and x509_name_entry_* beyond the entry walk of
_m2_names.py: reading a name by nid, adding, deleting and printing entries.

An X509_NAME* is a core X509Name; an X509_NAME_ENTRY* is X509._EntryRef (a
name and an index). M2Crypto declares the value of add_entry_by_nid /
add_entry_by_obj / entry_create_by_nid as unsigned char *, which no Python
value converts to, so those fail in argument conversion as there."""
from __future__ import annotations

from typing import Optional

from cryptoshim import _core as _c
from cryptoshim.lazy_import import lazy_attr
from cryptoshim.legacy import entry_point as _entry_point
from M2Crypto import _m2 as _ext
from M2Crypto import _m2_pki_args as _a

# Fetched on first use: importing hashlib runs OpenSSL's EVP_MD_do_all_provided,
# which registers every digest in the default method store, and in OpenSSL
# 3.0.19 each certificate load then walks the larger store (bench/HISTORY.md).
_md5 = lazy_attr("hashlib", "md5")

__all__ = ["x509_name_free", "x509_name_type_check", "x509_name_entry_count",
           "x509_name_by_nid", "x509_name_get_index_by_nid", "x509_name_add_entry_by_txt",
           "x509_name_add_entry_by_nid", "x509_name_add_entry_by_obj", "x509_name_delete_entry",
           "x509_name_get_der", "x509_name_hash", "x509_name_hash_old", "x509_name_oneline",
           "x509_name_print", "x509_name_print_ex", "x509_name_entry_new",
           "x509_name_entry_free", "x509_name_entry_set_data", "x509_name_entry_set_object",
           "x509_name_entry_create_by_nid"]


def _name(name, func: str, argno: int = 1) -> _c.X509Name:
    return _a.check(name, _c.X509Name, func, argno, "X509_NAME *")


def _entry_ref(entry, func: str, argno: int = 1):
    from M2Crypto import X509  # M2Crypto.X509 imports m2
    return _a.check(entry, X509._EntryRef, func, argno, "X509_NAME_ENTRY *")


@_entry_point("m2crypto.m2.x509_name_free")
def x509_name_free(name) -> None:
    _name(name, "x509_name_free")


@_entry_point("m2crypto.m2.x509_name_type_check")
def x509_name_type_check(name) -> int:
    _name(name, "x509_name_type_check")
    return 1


@_entry_point("m2crypto.m2.x509_name_entry_count")
def x509_name_entry_count(name) -> int:
    return _name(name, "x509_name_entry_count").entry_count()


@_entry_point("m2crypto.m2.x509_name_by_nid")
def x509_name_by_nid(name, nid) -> Optional[bytes]:
    """X509_NAME_get_text_by_NID: the first entry's value, or None."""
    n = _name(name, "x509_name_by_nid")
    indices = n.entry_indices(_a.check_int(nid, "x509_name_by_nid", 2))
    if not indices:
        return None
    return n.entry_data(indices[0]).data()


@_entry_point("m2crypto.m2.x509_name_get_index_by_nid")
def x509_name_get_index_by_nid(name, nid, lastpos) -> int:
    """The next entry with `nid` after `lastpos`; -1 when none, -2 when the
    nid is not a known object."""
    n = _name(name, "x509_name_get_index_by_nid")
    nid = _a.check_int(nid, "x509_name_get_index_by_nid", 2)
    last = _a.check_int(lastpos, "x509_name_get_index_by_nid", 3)
    if _ext._obj_nid2oid(nid) is None:
        return -2
    for index in n.entry_indices(nid):
        if index > last:
            return index
    return -1


@_entry_point("m2crypto.m2.x509_name_add_entry_by_txt")
def x509_name_add_entry_by_txt(name, field, type, value, length, loc, set) -> int:
    """X509_NAME_add_entry_by_txt: 1, or 0 when OpenSSL refuses the field or
    the value."""
    func = "x509_name_add_entry_by_txt"
    n = _name(name, func)
    text = _a.check_str(field, func, 2)
    kind = _a.check_int(type, func, 3)
    data = _a.check_str(value, func, 4).encode("utf8")
    size = _a.check_int(length, func, 5)
    where, rdn = _a.check_int(loc, func, 6), _a.check_int(set, func, 7)
    if size >= 0:
        data = data[:size]
    try:
        n.add_entry_by_txt(text, kind, data, where, rdn)
    except _c.Error:
        return 0
    return 1


def _unconvertible(func: str, name, nid_or_obj, type) -> None:
    _name(name, func)
    _a.check_int(type, func, 3)
    raise _a.type_error(func, 4, "unsigned char *")


@_entry_point("m2crypto.m2.x509_name_add_entry_by_nid")
def x509_name_add_entry_by_nid(name, nid, type, bytes, len, loc, set) -> int:
    _a.check_int(nid, "x509_name_add_entry_by_nid", 2)
    _unconvertible("x509_name_add_entry_by_nid", name, nid, type)
    return 0  # not reached


@_entry_point("m2crypto.m2.x509_name_add_entry_by_obj")
def x509_name_add_entry_by_obj(name, obj, type, bytes, len, loc, set) -> int:
    _unconvertible("x509_name_add_entry_by_obj", name, obj, type)
    return 0  # not reached


@_entry_point("m2crypto.m2.x509_name_entry_create_by_nid")
def x509_name_entry_create_by_nid(ne, nid, type, bytes, len):
    _a.check_int(nid, "x509_name_entry_create_by_nid", 2)
    _a.check_int(type, "x509_name_entry_create_by_nid", 3)
    raise _a.type_error("x509_name_entry_create_by_nid", 4, "unsigned char *")


@_entry_point("m2crypto.m2.x509_name_delete_entry")
def x509_name_delete_entry(name, loc):
    """X509_NAME_delete_entry: the removed entry (now on its own), or None
    when `loc` is out of range."""
    from M2Crypto import X509
    n = _name(name, "x509_name_delete_entry")
    index = _a.check_int(loc, "x509_name_delete_entry", 2)
    if not 0 <= index < n.entry_count():
        return None
    removed = _c.X509Name()
    removed.add_entry_from(n, index, -1, 0)
    n.delete_entry(index)
    return X509._EntryRef(removed, 0)


@_entry_point("m2crypto.m2.x509_name_get_der")
def x509_name_get_der(name) -> bytes:
    return _name(name, "x509_name_get_der").der()


@_entry_point("m2crypto.m2.x509_name_hash")
def x509_name_hash(name) -> int:
    return _name(name, "x509_name_hash").hash()


@_entry_point("m2crypto.m2.x509_name_hash_old")
def x509_name_hash_old(name) -> int:
    """X509_NAME_hash_old: MD5 of the DER name, first four bytes little-endian
    (a file-name index for old c_rehash directories, not a security use)."""
    der = _name(name, "x509_name_hash_old").der()
    return int.from_bytes(_md5()(der, usedforsecurity=False).digest()[:4], "little")


@_entry_point("m2crypto.m2.x509_name_oneline")
def x509_name_oneline(name) -> str:
    return _name(name, "x509_name_oneline").oneline().decode("utf8", "replace")


@_entry_point("m2crypto.m2.x509_name_print")
def x509_name_print(bio, name, obase) -> int:
    out = _a.bio(bio, "x509_name_print")
    n = _name(name, "x509_name_print", 2)
    indent = _a.check_int(obase, "x509_name_print", 3)
    return _a.write(out, n.print_ex(indent, 0))


@_entry_point("m2crypto.m2.x509_name_print_ex")
def x509_name_print_ex(bio, name, indent, flags) -> int:
    """X509_NAME_print_ex: 1 with XN_FLAG_COMPAT, else the length written."""
    out = _a.bio(bio, "x509_name_print_ex")
    n = _name(name, "x509_name_print_ex", 2)
    margin = _a.check_int(indent, "x509_name_print_ex", 3)
    mode = _a.check_int(flags, "x509_name_print_ex", 4, "unsigned long")
    try:
        text = n.print_ex(margin, mode)
    except _c.Error:
        return -1  # X509_NAME_print_ex refuses the flags: -1, nothing written
    out.write(text)
    return 1 if mode == 0 else len(text)


@_entry_point("m2crypto.m2.x509_name_entry_new")
def x509_name_entry_new():
    """An empty entry: its object and data are set with
    x509_name_entry_set_object / set_data."""
    from M2Crypto import X509
    return X509._EntryRef(_c.X509Name(), 0)


@_entry_point("m2crypto.m2.x509_name_entry_free")
def x509_name_entry_free(entry) -> None:
    _entry_ref(entry, "x509_name_entry_free")


@_entry_point("m2crypto.m2.x509_name_entry_set_data")
def x509_name_entry_set_data(entry, type, data) -> int:
    ref = _entry_ref(entry, "x509_name_entry_set_data")
    kind = _a.check_int(type, "x509_name_entry_set_data", 2)
    value = _a.check_bytes(data, "expected a readable buffer object (bytes, bytearray, etc.)")
    try:
        if ref.name.entry_count() == 0:  # a new entry: the object comes later
            ref.name.add_entry_by_txt("CN", kind, value, -1, 0)
        else:
            ref.name.set_entry_data(ref.index, kind, value)
    except _c.Error:
        return 0
    return 1


@_entry_point("m2crypto.m2.x509_name_entry_set_object")
def x509_name_entry_set_object(entry, obj) -> int:
    ref = _entry_ref(entry, "x509_name_entry_set_object")
    if obj is None:
        raise ValueError(_a.NULL_POINTER)
    nid = getattr(obj, "nid", None)
    if not isinstance(nid, int):
        raise _a.type_error("x509_name_entry_set_object", 2, "ASN1_OBJECT *")
    try:
        if ref.name.entry_count() == 0:
            ref.name.add_entry(nid, b"")
        else:
            ref.name.set_entry_object(ref.index, nid)
    except _c.Error:
        return 0
    return 1
