"""M2Crypto.X509 over the core: certificates, names, extensions, stacks,
stores and verification contexts, requests and CRLs.

Objects keep core objects where M2Crypto keeps SWIG pointers: X509._cert
(also .x509 and _ptr()), X509_Name.x509_name, X509_Extension.x509_ext,
X509_Store._store, Request.req, CRL.crl. Names and validity times handed out
by a certificate are live views into it, as in M2Crypto.
"""
from __future__ import annotations

import binascii
import logging
from typing import Callable, Iterator, List, Optional, Union

from cryptoshim.legacy import unsafe_operation
from cryptoshim.policy import is_weak_digest
from cryptoshim.x509_verification import X509_V_ERR_APPLICATION_VERIFICATION, legacy_chain_policy
from M2Crypto import ASN1, BIO, EVP, _release, m2
from M2Crypto._common import core, entry, klass, m2c
from M2Crypto._common import handle_call as _handle_call
from M2Crypto._common import read_file as _read_file
from M2Crypto._common import exception_api as _exception_api
from M2Crypto._common import native_free as _native_free

FORMAT_DER = 0
FORMAT_PEM = 1

for _name in dir(m2):
    if _name.startswith(("X509_V_ERR", "XN_FLAG_", "X509_PURPOSE_")):
        globals()[_name] = getattr(m2, _name)
    elif _name.startswith("VERIFY_"):
        globals()[_name.lower()] = getattr(m2, _name)
del _name


log = logging.getLogger(__name__)


@_exception_api("m2crypto.X509.X509Error")
class X509Error(ValueError):
    pass


V_OK = m2.X509_V_OK
_ep = entry(X509Error)
_class = klass(X509Error)



def _check_format(format: int) -> None:
    if format not in (FORMAT_PEM, FORMAT_DER):
        raise ValueError("Unknown format. Must be either FORMAT_DER or FORMAT_PEM")


def _text(data) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError("expected str or bytes, not %s" % type(data).__name__)


def _read_path(file) -> bytes:
    try:
        return _read_file(file.decode() if isinstance(file, bytes) else file)
    except OSError as ex:
        raise BIO.BIOError(ex.args) from None


def _write_path(filename, data: bytes) -> int:
    with BIO.openfile(filename, "wb") as bio:
        bio.write(data)
    return 1


def _core_key(pkey) -> "core.Key":
    key = getattr(pkey, "pkey", None)
    if not isinstance(key, core.Key):
        raise X509Error("pkey must be an initialised EVP.PKey")
    return key


def _legacy_rsa_text(pkey) -> bool:
    return bool(getattr(pkey, "_legacy_rsa_text", False))


def _pubkey_with_origin(key, legacy_rsa_text: bool) -> EVP.PKey:
    pk = EVP.PKey._from_core(key)
    if legacy_rsa_text:
        pk._legacy_rsa_text = True
    return pk


def _key_text(text: str, legacy_rsa_text: bool) -> str:
    """OpenSSL 3 prints a key set from a legacy RSA structure (M2Crypto's
    RSA + assign_rsa) as "RSA Public-Key", one decoded from DER/PEM as
    "Public-Key"; M2Crypto users see the former until they reload."""
    if legacy_rsa_text:
        return text.replace(" Public-Key: (", " RSA Public-Key: (", 1)
    return text


def _digest(md, api_id: str) -> str:
    """Validates a digest name the way M2Crypto does (getattr(m2, md))."""
    if not isinstance(md, str) or not md or md.startswith("_"):
        raise ValueError("unknown message digest", md)
    try:
        core.Digest(md)
    except (core.Error, ValueError):
        raise ValueError("unknown message digest", md) from None
    if is_weak_digest(md):
        unsafe_operation(api_id, f"signature with {md}")
    return md


# --- extensions -------------------------------------------------------------

@_class("m2crypto.X509.X509_Extension")
class X509_Extension(object):
    """An X.509v3 extension."""
    m2_x509_extension_free = _native_free("m2crypto.X509.X509_Extension.m2_x509_extension_free")

    def __init__(self, x509_ext_ptr=None, _pyfree: int = 1) -> None:
        if x509_ext_ptr is not None and not isinstance(x509_ext_ptr, core.X509Extension):
            raise X509Error("x509_ext_ptr must be an extension, not %s"
                            % type(x509_ext_ptr).__name__)
        self.x509_ext = x509_ext_ptr
        self._pyfree = _pyfree

    def _ptr(self):
        return self.x509_ext

    def _require(self):
        if self.x509_ext is None:
            raise X509Error("Extension not initialized")
        return self.x509_ext

    @_ep("m2crypto.X509.X509_Extension.set_critical")
    def set_critical(self, critical: int = 1) -> int:
        self._require().set_critical(bool(critical))
        return 1

    @_ep("m2crypto.X509.X509_Extension.get_critical")
    def get_critical(self) -> int:
        return int(self._require().critical)

    @_ep("m2crypto.X509.X509_Extension.get_name")
    def get_name(self) -> str:
        return self._require().short_name().decode()

    @_ep("m2crypto.X509.X509_Extension.get_value")
    def get_value(self, flag: int = 0, indent: int = 0) -> str:
        return self._require().print(flag, indent).decode()


@_class("m2crypto.X509.AuthorityKeyIdentifier")
class AuthorityKeyIdentifier(object):
    """authorityKeyIdentifier with only the keyIdentifier field."""

    def __init__(self, key_identifier: Union[bytes, str]) -> None:
        self.key_identifier = self._coerce_key_identifier(key_identifier)

    @staticmethod
    def _coerce_key_identifier(key_identifier: Union[bytes, str]) -> bytes:
        if isinstance(key_identifier, bytes):
            if not key_identifier:
                raise X509Error("AuthorityKeyIdentifier key_identifier must not be empty")
            return key_identifier
        if isinstance(key_identifier, str):
            value = key_identifier
            if value.startswith("keyid:"):
                value = value[len("keyid:"):]
            value = value.replace(":", "")
            try:
                keyid = binascii.unhexlify(value)
            except (binascii.Error, ValueError) as exc:
                raise X509Error("AuthorityKeyIdentifier key_identifier must be bytes, plain "
                                "hex, or colon-separated hex") from exc
            if not keyid:
                raise X509Error("AuthorityKeyIdentifier key_identifier must not be empty")
            return keyid
        raise TypeError("key_identifier must be bytes or str")

    @_ep("m2crypto.X509.AuthorityKeyIdentifier.as_extension")
    def as_extension(self, critical: int = 0, _pyfree: int = 1) -> X509_Extension:
        ext = core.X509Extension.authority_key_identifier(self.key_identifier, bool(critical))
        return X509_Extension(ext, _pyfree)


@_ep("m2crypto.X509.new_extension")
def new_extension(name: str, value: str, critical: int = 0, _pyfree: int = 1,
                  pkey: Optional[EVP.PKey] = None) -> X509_Extension:
    if not isinstance(name, str) or not isinstance(value, str):
        raise TypeError("extension name and value must be str")
    if name == "subjectKeyIdentifier" and value == "hash" and pkey is None:
        raise X509Error("Cannot create 'subjectKeyIdentifier:hash' without a public key "
                        "(pkey) context.")
    if name == "authorityKeyIdentifier" and value.startswith("keyid:"):
        return AuthorityKeyIdentifier(value).as_extension(critical, _pyfree)
    processed = value.replace(":", "") if name == "subjectKeyIdentifier" else value
    subject = None
    if pkey is not None:
        # The hash method reads the key from the context's subject certificate.
        subject = core.Certificate()
        subject.set_public_key(_core_key(pkey))
    try:
        ext = core.X509Extension.create_with_empty_config(name.encode(), processed.encode(),
                                                          subject)
    except core.Error:
        raise X509Error("Cannot create X509_Extension with name '%s' and value '%s'"
                        % (name, processed)) from None
    x509_ext = X509_Extension(ext, _pyfree)
    x509_ext.set_critical(critical)
    return x509_ext


@_class("m2crypto.X509.X509_Extension_Stack")
class X509_Extension_Stack(object):
    """A list of extensions (for Request.add_extensions)."""
    m2_sk_x509_extension_free = _native_free("m2crypto.X509.X509_Extension_Stack.m2_sk_x509_extension_free")

    def __init__(self, stack=None, _pyfree: int = 0) -> None:
        self.pystack: List[X509_Extension] = [
            X509_Extension(e, _pyfree) for e in (stack or [])]
        self._pyfree = 1

    def __len__(self) -> int:
        return len(self.pystack)

    def __getitem__(self, idx: int) -> X509_Extension:
        return self.pystack[idx]

    def __iter__(self) -> Iterator[X509_Extension]:
        return iter(self.pystack)

    def _ptr(self):
        return [e._ptr() for e in self.pystack]

    @property
    def stack(self):
        """The STACK_OF(X509_EXTENSION) handle m2.sk_x509_extension_* take."""
        from M2Crypto._m2_stack import ExtensionStack, StackView
        return StackView(self, ExtensionStack, lambda e: X509_Extension(e, 1))

    @_ep("m2crypto.X509.X509_Extension_Stack.push")
    def push(self, x509_ext: X509_Extension) -> int:
        if not isinstance(x509_ext, X509_Extension) or x509_ext._ptr() is None:
            raise X509Error("Cannot push an uninitialized extension")
        self.pystack.append(x509_ext)
        return len(self.pystack)

    @_ep("m2crypto.X509.X509_Extension_Stack.pop")
    def pop(self) -> Optional[X509_Extension]:
        return self.pystack.pop() if self.pystack else None


# --- names ------------------------------------------------------------------

class _EntryRef(object):
    """Where a name entry lives: an index into a core name (a view)."""

    __slots__ = ("name", "index")

    def __init__(self, name, index: int) -> None:
        self.name = name
        self.index = index


@_class("m2crypto.X509.X509_Name_Entry")
class X509_Name_Entry(object):
    """One attribute of a distinguished name (e.g. CN=...)."""
    m2_x509_name_entry_free = _native_free("m2crypto.X509.X509_Name_Entry.m2_x509_name_entry_free")

    def __init__(self, x509_name_entry: Optional[_EntryRef] = None, _pyfree: int = 0) -> None:
        if x509_name_entry is not None and not isinstance(x509_name_entry, _EntryRef):
            raise X509Error("x509_name_entry must be a name entry, not %s"
                            % type(x509_name_entry).__name__)
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
    def create_by_txt(self, field: str, type: int, entry: bytes, length: int) -> "X509_Name_Entry":
        # A free-standing entry is the only entry of a private name.
        name = core.X509Name()
        value = _text(entry)
        if length is not None and length >= 0:
            value = value[:length]
        name.add_entry_by_txt(field, type, value, -1, 0)
        return X509_Name_Entry(_EntryRef(name, 0), _pyfree=1)


@_class("m2crypto.X509.X509_Name")
class X509_Name(object):
    """A distinguished name; attribute access reads/appends entries by nid."""
    m2_x509_name_free = _native_free("m2crypto.X509.X509_Name.m2_x509_name_free")

    nid = {"C": m2.NID_countryName,
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

    _alias_map = {"SP": "ST", "Email": "emailAddress"}

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
        if attr in self.nid:
            value = self.x509_name.get_entry(self.nid[attr])
            if value is None:
                raise AttributeError(attr)
            return value.decode() if isinstance(value, bytes) else value
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
        value = _text(entry)
        if len is not None and len >= 0:
            value = value[:len]
        canonical = self._alias_map.get(field, field)
        try:
            self.x509_name.add_entry_by_txt(canonical, type, value, loc, set)
        except core.Error as exc:
            raise X509Error("Failed to set attribute '%s'. OpenSSL error: %s"
                            % (field, exc)) from None
        return 1

    @_ep("m2crypto.X509.X509_Name.entry_count")
    def entry_count(self) -> int:
        return self.x509_name.entry_count()

    @_ep("m2crypto.X509.X509_Name.get_entries_by_nid")
    def get_entries_by_nid(self, nid: int) -> List[X509_Name_Entry]:
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


def _core_name(name) -> "core.X509Name":
    if not isinstance(name, X509_Name):
        raise TypeError("name must be an X509.X509_Name")
    return name.x509_name


def _core_time(asn1_time) -> "core.Asn1Time":
    if not isinstance(asn1_time, (ASN1.ASN1_TIME, ASN1.ASN1_UTCTIME)):
        raise TypeError("time must be an ASN1.ASN1_TIME or ASN1.ASN1_UTCTIME")
    return asn1_time._ptr()


# --- certificates -----------------------------------------------------------

@_class("m2crypto.X509.X509")
class X509(object):
    """An X.509 certificate."""
    m2_x509_free = _native_free("m2crypto.X509.X509.m2_x509_free")

    def __init__(self, x509=None, _pyfree: int = 0) -> None:
        if x509 is None:
            x509, _pyfree = core.Certificate(), 1
        elif not isinstance(x509, core.Certificate):
            raise X509Error("'x509' type error")
        self._cert = x509
        self._pyfree = _pyfree
        self._legacy_rsa_text = False

    @classmethod
    def _from_core(cls, cert) -> "X509":
        self = cls.__new__(cls)
        self._cert = cert
        self._pyfree = 1
        self._legacy_rsa_text = False
        return self

    @property
    def x509(self):
        return self._cert

    def _ptr(self):
        return self._cert

    @_ep("m2crypto.X509.X509.as_text")
    def as_text(self) -> str:
        return _key_text(self._cert.to_text().decode(), self._legacy_rsa_text)

    @_ep("m2crypto.X509.X509.as_der")
    def as_der(self) -> bytes:
        return self._cert.to_der()

    @_ep("m2crypto.X509.X509.as_pem")
    def as_pem(self) -> bytes:
        return self._cert.to_pem()

    @_ep("m2crypto.X509.X509.save_pem")
    def save_pem(self, filename: str) -> int:
        return _write_path(filename, self._cert.to_pem())

    @_ep("m2crypto.X509.X509.save")
    def save(self, filename: str, format: int = FORMAT_PEM) -> int:
        if format not in (FORMAT_PEM, FORMAT_DER):
            raise ValueError("Unknown filetype. Must be either FORMAT_PEM or FORMAT_DER")
        data = self._cert.to_pem() if format == FORMAT_PEM else self._cert.to_der()
        return _write_path(filename, data)

    @_ep("m2crypto.X509.X509.set_version")
    def set_version(self, version: int) -> int:
        self._cert.set_version(version)
        return 1

    def get_version(self) -> int:
        return self._cert.version()

    # C from the counting wrapper to OpenSSL (m2_handle_call.cc): the Python
    # method cost more than M2Crypto's whole call.
    get_version = _handle_call(_ep("m2crypto.X509.X509.get_version"), "_cert",
                               m2c.certificate_version, get_version)

    @_ep("m2crypto.X509.X509.set_not_before")
    def set_not_before(self, asn1_time) -> int:
        self._cert.set_not_before_time(_core_time(asn1_time))
        return 1

    @_ep("m2crypto.X509.X509.set_not_after")
    def set_not_after(self, asn1_time) -> int:
        self._cert.set_not_after_time(_core_time(asn1_time))
        return 1

    @_ep("m2crypto.X509.X509.get_not_before")
    def get_not_before(self) -> ASN1.ASN1_TIME:
        t = ASN1.ASN1_TIME(self._cert.not_before_time(), _pyfree=0)
        t.owner = self
        return t

    @_ep("m2crypto.X509.X509.get_not_after")
    def get_not_after(self) -> ASN1.ASN1_TIME:
        t = ASN1.ASN1_TIME(self._cert.not_after_time(), _pyfree=0)
        t.owner = self
        return t

    @_ep("m2crypto.X509.X509.get_serial_number")
    def get_serial_number(self) -> int:
        return int(self._cert.serial_hex(), 16)

    @_ep("m2crypto.X509.X509.set_serial_number")
    def set_serial_number(self, serial: int) -> int:
        if isinstance(serial, bool) or not isinstance(serial, int):
            raise TypeError("serial must be an int")
        hexed = "%X" % serial if serial >= 0 else "-%X" % -serial
        self._cert.set_serial_hex(hexed)
        return 1

    @_ep("m2crypto.X509.X509.get_pubkey")
    def get_pubkey(self) -> EVP.PKey:
        return _pubkey_with_origin(self._cert.public_key(), self._legacy_rsa_text)

    @_ep("m2crypto.X509.X509.set_pubkey")
    def set_pubkey(self, pkey: EVP.PKey) -> int:
        self._cert.set_public_key(_core_key(pkey))
        self._legacy_rsa_text = _legacy_rsa_text(pkey)
        return 1

    @_ep("m2crypto.X509.X509.get_issuer")
    def get_issuer(self) -> X509_Name:
        return X509_Name(self._cert.issuer(), _pyfree=0)

    @_ep("m2crypto.X509.X509.set_issuer")
    def set_issuer(self, name: X509_Name) -> int:
        self._cert.set_issuer(_core_name(name))
        return 1

    set_issuer_name = set_issuer

    @_ep("m2crypto.X509.X509.get_subject")
    def get_subject(self) -> X509_Name:
        return X509_Name(self._cert.subject(), _pyfree=0)

    @_ep("m2crypto.X509.X509.set_subject_name")
    def set_subject_name(self, name: X509_Name) -> int:
        self._cert.set_subject(_core_name(name))
        return 1

    # The alias dependents use (survey); its own record so the warning names it.
    set_subject = _ep("m2crypto.X509.X509.set_subject")(set_subject_name.__wrapped__)

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
        if not isinstance(index, int) or not 0 <= index < self._cert.extension_count():
            raise IndexError("index out of range")
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

    @_ep("m2crypto.X509.X509.sign")
    def sign(self, pkey: EVP.PKey, md: str) -> int:
        md = _digest(md, "m2crypto.X509.X509.sign")
        self._cert.sign(_core_key(pkey), md)
        return 1

    @_ep("m2crypto.X509.X509.verify")
    def verify(self, pkey: Optional[EVP.PKey] = None) -> int:
        key = _core_key(pkey) if pkey else self._cert.public_key()
        return self._cert.verify_signature(key)

    @_ep("m2crypto.X509.X509.check_ca")
    def check_ca(self) -> int:
        return self._cert.check_ca()

    @_ep("m2crypto.X509.X509.check_purpose")
    def check_purpose(self, id: int, ca: int) -> int:
        return self._cert.check_purpose(id, bool(ca))

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


def _parse_cert(data: bytes, format: int) -> X509:
    _check_format(format)
    try:
        return X509._from_core(core.Certificate.parse(data, format == FORMAT_PEM))
    except core.Error:
        raise X509Error("Failed to load certificate") from None


@_ep("m2crypto.X509.load_cert")
def load_cert(file: Union[str, bytes], format: int = FORMAT_PEM) -> X509:
    _check_format(format)
    return _parse_cert(_read_path(file), format)


@_ep("m2crypto.X509.load_cert_bio")
def load_cert_bio(bio, format: int = FORMAT_PEM) -> X509:
    _check_format(format)
    return _parse_cert(BIO._bio_bytes(bio), format)


@_ep("m2crypto.X509.load_cert_string")
def load_cert_string(string, format: int = FORMAT_PEM) -> X509:
    return _parse_cert(_text(string), format)


@_ep("m2crypto.X509.load_cert_der_string")
def load_cert_der_string(string) -> X509:
    return _parse_cert(_text(string), FORMAT_DER)


# --- stacks -----------------------------------------------------------------

@_class("m2crypto.X509.X509_Stack")
class X509_Stack(object):
    """A list of certificates."""
    m2_sk_x509_free = _native_free("m2crypto.X509.X509_Stack.m2_sk_x509_free")

    def __init__(self, stack=None, _pyfree: int = 0, _pyfree_x509: int = 0) -> None:
        self.pystack: List[X509] = []
        for cert in stack or []:
            if not isinstance(cert, core.Certificate):
                raise X509Error("stack must hold certificates")
            self.pystack.append(X509(cert, _pyfree=_pyfree_x509))
        self._pyfree = 1

    def __len__(self) -> int:
        return len(self.pystack)

    def __getitem__(self, idx: int) -> X509:
        return self.pystack[idx]

    def __iter__(self) -> Iterator[X509]:
        return iter(self.pystack)

    def _ptr(self):
        return [c._ptr() for c in self.pystack]

    @property
    def stack(self):
        """The STACK_OF(X509) handle m2.sk_x509_* and m2.pkcs7_* take."""
        from M2Crypto._m2_stack import CertStack, StackView
        return StackView(self, CertStack, X509._from_core)

    @_ep("m2crypto.X509.X509_Stack.push")
    def push(self, x509: X509) -> int:
        if not isinstance(x509, X509):
            raise X509Error("only X509 objects can be pushed")
        self.pystack.append(x509)
        return len(self.pystack)

    @_ep("m2crypto.X509.X509_Stack.pop")
    def pop(self) -> Optional[X509]:
        return self.pystack.pop() if self.pystack else None

    @_ep("m2crypto.X509.X509_Stack.as_der")
    def as_der(self) -> bytes:
        return core.encode_certificate_sequence(self._ptr())

    @_ep("m2crypto.X509.X509_Stack.create_degenerate")
    def create_degenerate(self, bio: BIO.BIO) -> int:
        if not isinstance(bio, BIO.BIO):
            raise X509Error("bio must be a BIO.BIO")
        if len(self) == 0:
            raise X509Error("Cannot create degenerate PKCS7 from empty stack")
        bio.write(core.pkcs7_degenerate(self._ptr()).to_der())
        return 1

    @_ep("m2crypto.X509.X509_Stack.save_degenerate")
    def save_degenerate(self, filename: Union[str, bytes]) -> int:
        if isinstance(filename, bytes):
            filename = filename.decode("utf-8")
        if len(self) == 0:
            raise X509Error("Cannot create degenerate PKCS7 from empty stack")
        with BIO.openfile(filename, "wb") as bio:
            return self.create_degenerate(bio)


@_ep("m2crypto.X509.new_stack_from_der")
def new_stack_from_der(der_string: bytes) -> X509_Stack:
    try:
        certs = core.decode_certificate_sequence(_text(der_string))
    except core.Error:
        raise X509Error("Failed to create stack from DER sequence") from None
    return X509_Stack(certs, 1, 1)


# --- CRLs -------------------------------------------------------------------

@_class("m2crypto.X509.CRL")
class CRL(object):
    """A certificate revocation list."""
    m2_x509_crl_free = _native_free("m2crypto.X509.CRL.m2_x509_crl_free")

    def __init__(self, crl=None, _pyfree: int = 0) -> None:
        if crl is None:
            crl, _pyfree = core.Crl(), 1
        elif not isinstance(crl, core.Crl):
            raise X509Error("'crl' type error")
        self.crl = crl
        self._pyfree = _pyfree

    def _ptr(self):
        return self.crl

    @_ep("m2crypto.X509.CRL.as_text")
    def as_text(self) -> str:
        return self.crl.serialize(core.CrlFormat.TEXT).decode()

    @_ep("m2crypto.X509.CRL.get_issuer")
    def get_issuer(self) -> X509_Name:
        return X509_Name(self.crl.issuer(), _pyfree=1)

    @_ep("m2crypto.X509.CRL.get_lastUpdate")
    def get_lastUpdate(self) -> ASN1.ASN1_TIME:
        t = ASN1.ASN1_TIME(self.crl.last_update_time())
        t.owner = self
        return t

    @_ep("m2crypto.X509.CRL.get_nextUpdate")
    def get_nextUpdate(self) -> ASN1.ASN1_TIME:
        t = ASN1.ASN1_TIME(self.crl.next_update_time())
        t.owner = self
        return t

    @_ep("m2crypto.X509.CRL.verify")
    def verify(self, pkey: EVP.PKey) -> int:
        return self.crl.verify_signature(_core_key(pkey))


@_class("m2crypto.X509.CRL_Stack")
class CRL_Stack(object):
    """A list of CRLs (for X509_Store_Context.add_crls)."""
    m2_sk_x509_crl_free = _native_free("m2crypto.X509.CRL_Stack.m2_sk_x509_crl_free")

    def __init__(self, stack=None, _pyfree: int = 0, _pyfree_x509_crl: int = 0) -> None:
        self.pystack: List[CRL] = [CRL(c, _pyfree_x509_crl) for c in (stack or [])]
        self._pyfree = 1

    def __len__(self) -> int:
        return len(self.pystack)

    def __getitem__(self, idx: int) -> CRL:
        return self.pystack[idx]

    def __iter__(self) -> Iterator[CRL]:
        return iter(self.pystack)

    def _ptr(self):
        return [c._ptr() for c in self.pystack]

    @property
    def stack(self):
        """The STACK_OF(X509_CRL) handle m2.sk_x509_crl_* take."""
        from M2Crypto._m2_stack import CrlStack, StackView
        return StackView(self, CrlStack, lambda c: CRL(c, 1))

    @_ep("m2crypto.X509.CRL_Stack.push")
    def push(self, crl: CRL) -> int:
        if not isinstance(crl, CRL):
            raise X509Error("only CRL objects can be pushed")
        self.pystack.append(crl)
        return len(self.pystack)

    @_ep("m2crypto.X509.CRL_Stack.pop")
    def pop(self) -> Optional[CRL]:
        return self.pystack.pop() if self.pystack else None


def _parse_crl(data: bytes) -> CRL:
    try:
        return CRL(core.Crl.parse(data, False), 1)  # PEM (der=False)
    except core.Error:
        raise X509Error("Failed to load CRL") from None


@_ep("m2crypto.X509.load_crl")
def load_crl(file: str) -> CRL:
    return _parse_crl(_read_path(file))


@_ep("m2crypto.X509.load_crl_string")
def load_crl_string(crl_string: Union[str, bytes]) -> CRL:
    return _parse_crl(_text(crl_string))


# --- stores and verification --------------------------------------------------

@_ep("m2crypto.X509.x509_store_default_cb")
def x509_store_default_cb(ok: int, ctx) -> int:
    return ok


@_class("m2crypto.X509.X509_Store")
class X509_Store(object):
    """Trusted certificates and CRLs for verification."""
    m2_x509_store_free = _native_free("m2crypto.X509.X509_Store.m2_x509_store_free")

    def __init__(self, store=None, _pyfree: int = 0) -> None:
        if store is None:
            store, _pyfree = core.Store(), 1
        elif not isinstance(store, core.Store):
            raise X509Error("'store' type error")
        self._store = store
        self._pyfree = _pyfree
        self._verify_cb: Optional[Callable] = None

    @property
    def store(self):
        return self._store

    def _ptr(self):
        return self._store

    @_ep("m2crypto.X509.X509_Store.load_info")
    def load_info(self, file: str) -> int:
        if isinstance(file, bytes):
            file = file.decode()
        if not isinstance(file, str):
            raise TypeError("file must be a path")
        self._store.load_locations(file, None)
        return 1

    load_locations = load_info

    @_ep("m2crypto.X509.X509_Store.add_x509")
    def add_x509(self, x509: X509) -> int:
        if not isinstance(x509, X509):
            raise X509Error("x509 must be an X509.X509")
        self._store.add_cert(x509._ptr())
        return 1

    add_cert = add_x509

    @_ep("m2crypto.X509.X509_Store.add_crl")
    def add_crl(self, crl: CRL) -> int:
        if not isinstance(crl, CRL):
            raise X509Error("crl must be an X509.CRL")
        self._store.add_crl(crl._ptr())
        return 1

    @_ep("m2crypto.X509.X509_Store.set_verify_cb")
    def set_verify_cb(self, callback: Optional[Callable] = None) -> None:
        """The callback is told of a failed verification (ok=0) and may not
        override it: verification here fails closed."""
        if callback is None:
            callback = x509_store_default_cb
        if not callable(callback):
            raise X509Error("set_verify(): callback is not callable")
        self._verify_cb = callback

    @_ep("m2crypto.X509.X509_Store.set_flags")
    def set_flags(self, flags: int) -> int:
        self._store.set_flags(flags)
        return 1


@_class("m2crypto.X509.X509_Store_Context")
class X509_Store_Context(object):
    """One verification of a certificate against a store."""
    m2_x509_store_ctx_free = _native_free("m2crypto.X509.X509_Store_Context.m2_x509_store_ctx_free")

    def __init__(self, x509_store_ctx=None, _pyfree: int = 0) -> None:
        if x509_store_ctx is not None:
            raise X509Error("X509_Store_Context cannot wrap a foreign context")
        self.ctx = self
        self._pyfree = 1
        self._store: Optional[X509_Store] = None
        self._cert: Optional[X509] = None
        self._untrusted: List = []
        self._crls: List = []
        self._error = V_OK
        self._depth = 0
        self._current: Optional[X509] = None
        self._chain: List = []
        #: The WebPKI rule a chain broke under CRYPTOSHIM_POLICY=strict.
        self.policy_error: Optional[str] = None

    def _ptr(self):
        return self

    @_ep("m2crypto.X509.X509_Store_Context.get_current_cert")
    def get_current_cert(self) -> Optional[X509]:
        return self._current

    @_ep("m2crypto.X509.X509_Store_Context.get_error")
    def get_error(self) -> int:
        return self._error

    @_ep("m2crypto.X509.X509_Store_Context.get_error_depth")
    def get_error_depth(self) -> int:
        return self._depth

    @_ep("m2crypto.X509.X509_Store_Context.get1_chain")
    def get1_chain(self) -> X509_Stack:
        return X509_Stack(self._chain, 1, 1)

    @_ep("m2crypto.X509.X509_Store_Context.init")
    def init(self, store: X509_Store, cert: X509, untrusted: Optional[X509_Stack] = None) -> None:
        if not isinstance(store, X509_Store):
            raise X509Error("store must be an X509.X509_Store")
        if not isinstance(cert, X509):
            raise X509Error("cert must be an X509.X509")
        if untrusted is not None and not isinstance(untrusted, X509_Stack):
            raise X509Error("untrusted must be an X509.X509_Stack")
        self._store, self._cert = store, cert
        self._untrusted = untrusted._ptr() if untrusted else []

    @_ep("m2crypto.X509.X509_Store_Context.add_crls")
    def add_crls(self, crls: CRL_Stack) -> None:
        if not isinstance(crls, CRL_Stack):
            raise X509Error("crls must be an X509.CRL_Stack")
        self._crls = crls._ptr()

    @_ep("m2crypto.X509.X509_Store_Context.verify_cert")
    def verify_cert(self) -> int:
        if self._store is None or self._cert is None:
            raise X509Error("X509_Store_Context is not initialised (call init first)")
        error, depth, current, chain = core.verify_certificate_with_crls(
            self._store._ptr(), self._cert._ptr(), self._untrusted, self._crls)
        self._error, self._depth, self._chain = error, depth, chain
        self._current = X509._from_core(current) if current is not None else None
        self.policy_error = None
        if error == V_OK:
            # CRYPTOSHIM_POLICY=strict adds the WebPKI profile to OpenSSL's
            # verdict; a violation fails like any verification error, with
            # X509_V_ERR_APPLICATION_VERIFICATION at depth 0 and the rule in
            # ``policy_error``. compat warns on weak cryptography only.
            problem = legacy_chain_policy(chain, "m2crypto.X509.X509_Store_Context.verify_cert",
                                          validation_time=self._store._ptr().time)
            if problem is None:
                return 1
            self.policy_error = f"WebPKI policy: {problem}"
            self._error, self._depth = X509_V_ERR_APPLICATION_VERIFICATION, 0
            self._current = self._cert
        callback = self._store._verify_cb
        if callback is not None:
            callback(0, self)  # informational: fails closed whatever it returns
        return 0


# --- requests ---------------------------------------------------------------

@_class("m2crypto.X509.Request")
class Request(object):
    """A PKCS#10 certificate signing request."""
    m2_x509_req_free = _native_free("m2crypto.X509.Request.m2_x509_req_free")

    def __init__(self, req=None, _pyfree: int = 0) -> None:
        if req is None:
            req, _pyfree = core.CertificateRequest(), 1
            req.set_version(0)
        elif not isinstance(req, core.CertificateRequest):
            raise X509Error("'req' type error")
        self.req = req
        self._pyfree = _pyfree
        self._legacy_rsa_text = False

    def _ptr(self):
        return self.req

    @_ep("m2crypto.X509.Request.as_text")
    def as_text(self) -> str:
        return _key_text(self.req.to_text().decode(), self._legacy_rsa_text)

    @_ep("m2crypto.X509.Request.as_pem")
    def as_pem(self) -> bytes:
        return self.req.to_pem()

    @_ep("m2crypto.X509.Request.as_der")
    def as_der(self) -> bytes:
        return self.req.to_der()

    @_ep("m2crypto.X509.Request.save_pem")
    def save_pem(self, filename: str) -> int:
        return _write_path(filename, self.req.to_pem())

    @_ep("m2crypto.X509.Request.save")
    def save(self, filename: str, format: int = FORMAT_PEM) -> int:
        if format not in (FORMAT_PEM, FORMAT_DER):
            raise ValueError("Unknown filetype. Must be either FORMAT_DER or FORMAT_PEM")
        data = self.req.to_pem() if format == FORMAT_PEM else self.req.to_der()
        return _write_path(filename, data)

    @_ep("m2crypto.X509.Request.get_pubkey")
    def get_pubkey(self) -> EVP.PKey:
        try:
            key = self.req.public_key()
        except core.Error:
            raise X509Error("Could not get public key from request") from None
        return _pubkey_with_origin(key, self._legacy_rsa_text)

    @_ep("m2crypto.X509.Request.set_pubkey")
    def set_pubkey(self, pkey: EVP.PKey) -> int:
        self.req.set_public_key(_core_key(pkey))
        self._legacy_rsa_text = _legacy_rsa_text(pkey)
        return 1

    @_ep("m2crypto.X509.Request.get_subject")
    def get_subject(self) -> X509_Name:
        return X509_Name(self.req.subject(), _pyfree=0)

    @_ep("m2crypto.X509.Request.set_subject_name")
    def set_subject_name(self, name: X509_Name) -> int:
        self.req.set_subject(_core_name(name))
        return 1

    set_subject = set_subject_name

    @_ep("m2crypto.X509.Request.add_extensions")
    def add_extensions(self, ext_stack: X509_Extension_Stack) -> int:
        if not isinstance(ext_stack, X509_Extension_Stack):
            raise X509Error("ext_stack must be an X509.X509_Extension_Stack")
        self.req.add_extensions(ext_stack._ptr())
        return 1

    @_ep("m2crypto.X509.Request.verify")
    def verify(self, pkey: EVP.PKey) -> int:
        key = _core_key(pkey)
        try:
            self.req.verify(key)
        except core.Error:
            return 0
        return 1

    @_ep("m2crypto.X509.Request.sign")
    def sign(self, pkey: EVP.PKey, md: str) -> int:
        md = _digest(md, "m2crypto.X509.Request.sign")
        self.req.sign(_core_key(pkey), md)
        return 1

    @_ep("m2crypto.X509.Request.get_version")
    def get_version(self) -> int:
        return self.req.version()

    @_ep("m2crypto.X509.Request.set_version")
    def set_version(self, ver: int) -> int:
        self.req.set_version(ver)
        return 1


def _parse_request(data: bytes, format: int) -> Request:
    _check_format(format)
    try:
        return Request(core.CertificateRequest.parse(data, format == FORMAT_PEM), 1)
    except core.Error:
        raise X509Error("Failed to load request") from None


@_ep("m2crypto.X509.load_request")
def load_request(file: Union[str, bytes], format: int = FORMAT_PEM) -> Request:
    _check_format(format)
    return _parse_request(_read_path(file), format)


@_ep("m2crypto.X509.load_request_bio")
def load_request_bio(bio, format: int = FORMAT_PEM) -> Request:
    _check_format(format)
    return _parse_request(BIO._bio_bytes(bio), format)


@_ep("m2crypto.X509.load_request_string")
def load_request_string(string: Union[str, bytes], format: int = FORMAT_PEM) -> Request:
    return _parse_request(_text(string), format)


@_ep("m2crypto.X509.load_request_der_string")
def load_request_der_string(string: Union[str, bytes]) -> Request:
    return _parse_request(_text(string), FORMAT_DER)
