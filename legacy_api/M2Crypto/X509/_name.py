"""Distinguished names: X509_Name, its entries X509_Name_Entry, and _EntryRef,
the handle of one entry (an index into a core name, so a view as in M2Crypto;
M2Crypto.m2's X509_NAME_ENTRY* is this too)."""
from __future__ import annotations

from typing import ClassVar, Dict, Iterator, List, Optional, Union

from M2Crypto import ASN1, _release, m2
from M2Crypto import _m2_pki_args as _a
from M2Crypto._common import core, m2c
from M2Crypto._common import native_free as _native_free
from M2Crypto.X509._common import X509Error, _class, _ep, _text

_entry_text = m2c.name_entry_text


class _EntryRef:
    """Where a name entry lives: an index into a core name (a view)."""

    __slots__ = ("name", "index")

    def __init__(self, name, index: int) -> None:
        self.name = name
        self.index = index


@_class("m2crypto.X509.X509_Name_Entry")
class X509_Name_Entry:
    """One attribute of a distinguished name (e.g. CN=...)."""
    m2_x509_name_entry_free = _native_free("m2crypto.X509.X509_Name_Entry.m2_x509_name_entry_free")

    def __init__(self, x509_name_entry: Optional[_EntryRef] = None, _pyfree: int = 0) -> None:
        if x509_name_entry is not None and not isinstance(x509_name_entry, _EntryRef):
            raise X509Error(
                f"x509_name_entry must be a name entry, not {type(x509_name_entry).__name__}"
            )
        self.x509_name_entry = x509_name_entry
        self._pyfree = _pyfree

    def _ptr(self) -> Optional[_EntryRef]:
        return self.x509_name_entry

    def _require(self) -> _EntryRef:
        if self.x509_name_entry is None:
            raise X509Error("name entry not initialized")
        return self.x509_name_entry

    @_ep("m2crypto.X509.X509_Name_Entry.set_object")
    def set_object(self, asn1obj: ASN1.ASN1_Object) -> int:
        ref = self._require()
        if not isinstance(asn1obj, ASN1.ASN1_Object):
            raise TypeError("asn1obj must be an ASN1.ASN1_Object")
        ref.name.set_entry_object(ref.index, asn1obj._ptr().nid)
        return 1

    @_ep("m2crypto.X509.X509_Name_Entry.set_data")
    def set_data(self, data: bytes, type: int = ASN1.MBSTRING_ASC) -> int:
        ref = self._require()
        ref.name.set_entry_data(ref.index, type, _text(data))
        return 1

    @_ep("m2crypto.X509.X509_Name_Entry.get_object")
    def get_object(self) -> ASN1.ASN1_Object:
        ref = self._require()
        return ASN1.ASN1_Object(ASN1._ObjectRef(*ref.name.entry_object(ref.index)))

    @_ep("m2crypto.X509.X509_Name_Entry.get_data")
    def get_data(self) -> ASN1.ASN1_String:
        ref = self._require()
        ref.name.entry_object(ref.index)  # raises for a vanished entry
        return ASN1.ASN1_String(ref.name.entry_data(ref.index))

    @_ep("m2crypto.X509.X509_Name_Entry.create_by_txt")
    def create_by_txt(self, field: str, type: int, entry: bytes, length: int) -> X509_Name_Entry:
        # A free-standing entry is the only entry of a private name.
        name = core.X509Name()
        value = _text(entry)
        if length is not None and length >= 0:
            value = value[:length]
        name.add_entry_by_txt(field, type, value, -1, 0)
        return X509_Name_Entry(_EntryRef(name, 0), _pyfree=1)


@_class("m2crypto.X509.X509_Name")
class X509_Name:
    """A distinguished name; attribute access reads/appends entries by nid."""
    m2_x509_name_free = _native_free("m2crypto.X509.X509_Name.m2_x509_name_free")
    # Set with object.__setattr__ (__setattr__ appends entries); declared so
    # the type checker does not read them through __getattr__.
    x509_name: core.X509Name
    _pyfree: int

    nid: ClassVar[Dict[str, int]] = {"C": m2.NID_countryName,
           "SP": m2.NID_stateOrProvinceName,
           "ST": m2.NID_stateOrProvinceName,
           "stateOrProvinceName": m2.NID_stateOrProvinceName,
           "L": m2.NID_localityName,
           "localityName": m2.NID_localityName,
           "O": m2.NID_organizationName,
           "organizationName": m2.NID_organizationName,
           "OU": m2.NID_organizationalUnitName,
           "organizationUnitName": m2.NID_organizationalUnitName,
           "CN": m2.NID_commonName,
           "commonName": m2.NID_commonName,
           "Email": m2.NID_pkcs9_emailAddress,
           "emailAddress": m2.NID_pkcs9_emailAddress,
           "serialNumber": m2.NID_serialNumber,
           "SN": m2.NID_surname,
           "surname": m2.NID_surname,
           "GN": m2.NID_givenName,
           "givenName": m2.NID_givenName}

    _alias_map: ClassVar[Dict[str, str]] = {"SP": "ST", "Email": "emailAddress"}

    def __init__(self, x509_name=None, _pyfree: int = 0) -> None:
        if x509_name is None:
            x509_name, _pyfree = core.X509Name(), 1
        elif not isinstance(x509_name, core.X509Name):
            raise X509Error("'x509_name' type error")
        object.__setattr__(self, "x509_name", x509_name)
        object.__setattr__(self, "_pyfree", _pyfree)

    def __str__(self) -> str:
        return self.x509_name.oneline().decode()

    def __getattr__(self, attr: str) -> str:
        nid = self.nid.get(attr)
        if nid is not None:
            # One C call (m2_handle_view.cc) for what was get_entry + decode.
            value = _entry_text(self.x509_name, nid)
            if value is None:
                raise AttributeError(attr)
            return value
        raise AttributeError(attr)

    def __setattr__(self, attr: str, value) -> None:
        if attr in self.nid:
            self.add_entry_by_txt(attr, ASN1.MBSTRING_ASC, value, -1, -1, 0)
        else:
            object.__setattr__(self, attr, value)

    def __len__(self) -> int:
        return self.x509_name.entry_count()

    def __getitem__(self, idx: int) -> X509_Name_Entry:
        if not isinstance(idx, int) or not 0 <= idx < len(self):
            raise IndexError("index out of range")
        return X509_Name_Entry(_EntryRef(self.x509_name, idx), _pyfree=0)

    def __iter__(self) -> Iterator[X509_Name_Entry]:
        for i in range(len(self)):
            yield self[i]

    def _ptr(self):
        return self.x509_name

    @_ep("m2crypto.X509.X509_Name.add_entry_by_txt")
    def add_entry_by_txt(self, field: str, type: int, entry: Union[str, bytes], len: int,
                         loc: int, set: int) -> int:
        if not isinstance(field, str):
            raise TypeError("field must be str")
        func = "x509_name_add_entry_by_txt"
        type = _a.check_int(type, func, 3)
        value = _text(entry)
        len = _a.check_int(len, func, 5)
        if len >= 0:
            value = value[:len]
        loc, set = _a.check_int(loc, func, 6), _a.check_int(set, func, 7)
        canonical = self._alias_map.get(field, field)
        try:
            self.x509_name.add_entry_by_txt(canonical, type, value, loc, set)
        except core.Error as exc:
            raise X509Error(f"Failed to set attribute '{field}'. OpenSSL error: {exc}") from None
        return 1

    @_ep("m2crypto.X509.X509_Name.entry_count")
    def entry_count(self) -> int:
        return self.x509_name.entry_count()

    @_ep("m2crypto.X509.X509_Name.get_entries_by_nid")
    def get_entries_by_nid(self, nid: int) -> List[X509_Name_Entry]:
        nid = _a.check_int(nid, "x509_name_get_index_by_nid", 2)
        return [self[i] for i in self.x509_name.entry_indices(nid)]

    @_ep("m2crypto.X509.X509_Name.as_text")
    def as_text(self, indent: int = 0, flags: int = m2.XN_FLAG_COMPAT) -> str:
        return self.x509_name.print_ex(indent, flags).decode()

    @_ep("m2crypto.X509.X509_Name.as_der")
    def as_der(self) -> bytes:
        return self.x509_name.der()

    @_ep("m2crypto.X509.X509_Name.as_hash")
    def as_hash(self) -> int:
        if _release.NAME_HASH_OLD:
            # X509_NAME_hash_old (M2Crypto <= 0.45.1): the first four bytes of
            # the MD5 of the name's DER, little-endian. An index, not a MAC.
            import hashlib
            return int.from_bytes(hashlib.md5(self.x509_name.der()).digest()[:4], "little")
        return self.x509_name.hash()


def _core_name(name) -> core.X509Name:
    if not isinstance(name, X509_Name):
        raise TypeError("name must be an X509.X509_Name")
    return name.x509_name
