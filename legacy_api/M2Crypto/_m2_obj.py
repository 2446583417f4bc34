"""m2.obj_*: OpenSSL's object-identifier table (OBJ_*), as M2Crypto's
_objects.i exposes it. Where M2Crypto hands out a raw ASN1_OBJECT*, this
returns an ObjectHandle: the OID with its nid and short name. Any object with
an `oid` attribute in dotted form (the ASN1_Object handles of M2Crypto.ASN1)
is accepted where an ASN1_OBJECT is expected."""
from __future__ import annotations

from typing import Optional

from cryptoshim.legacy import entry_point as _entry_point
from M2Crypto import _m2 as _ext

__all__ = ["obj_nid2obj", "obj_nid2ln", "obj_nid2sn", "obj_obj2nid", "obj_ln2nid",
           "obj_sn2nid", "obj_txt2nid", "obj_txt2obj", "obj_obj2txt"]


class ObjectHandle:
    """Stands in for M2Crypto's ASN1_OBJECT* (int() works, as for pointers)."""

    __slots__ = ("nid", "short_name", "oid")

    def __init__(self, oid: str) -> None:
        self.oid = oid
        self.nid = _ext.obj_txt2nid(oid) if oid else 0
        self.short_name = _ext.obj_nid2sn(self.nid) or oid

    def __int__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return f"<ASN1_OBJECT {self.short_name} ({self.oid})>"


def _oid_of(obj) -> str:
    if obj is None:
        raise ValueError("Received a NULL pointer.")
    oid = getattr(obj, "oid", None)
    if not isinstance(oid, str):
        raise TypeError(f"expected an ASN1_OBJECT handle, not {type(obj).__name__}")
    return oid


def _handle(oid: Optional[bytes]) -> Optional[ObjectHandle]:
    return None if oid is None else ObjectHandle(oid.decode("ascii"))


@_entry_point("m2crypto.m2.obj_txt2obj")
def obj_txt2obj(s: str, no_name: int) -> Optional[ObjectHandle]:
    """OBJ_txt2obj: a name or dotted OID; None when unknown (M2Crypto's NULL)."""
    return _handle(_ext._obj_txt2oid(s, int(no_name)))


@_entry_point("m2crypto.m2.obj_nid2obj")
def obj_nid2obj(n: int) -> Optional[ObjectHandle]:
    return _handle(_ext._obj_nid2oid(int(n)))


@_entry_point("m2crypto.m2.obj_obj2txt")
def obj_obj2txt(obj, no_name: int) -> bytes:
    """OBJ_obj2txt: the long name (or the digits with no_name), as bytes."""
    text = _ext._obj_oid2txt(_oid_of(obj), int(no_name))
    if text is None:
        raise RuntimeError("obj_obj2txt: invalid object identifier")
    return text


@_entry_point("m2crypto.m2.obj_obj2nid")
def obj_obj2nid(o) -> int:
    oid = _oid_of(o)
    return _ext.obj_txt2nid(oid) if oid else 0


obj_nid2ln = _entry_point("m2crypto.m2.obj_nid2ln")(_ext.obj_nid2ln)
obj_nid2sn = _entry_point("m2crypto.m2.obj_nid2sn")(_ext.obj_nid2sn)
obj_ln2nid = _entry_point("m2crypto.m2.obj_ln2nid")(_ext.obj_ln2nid)
obj_sn2nid = _entry_point("m2crypto.m2.obj_sn2nid")(_ext.obj_sn2nid)
obj_txt2nid = _entry_point("m2crypto.m2.obj_txt2nid")(_ext.obj_txt2nid)
