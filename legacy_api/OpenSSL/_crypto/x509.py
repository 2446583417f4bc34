"""X509, X509Name, X509Extension, load_certificate and dump_certificate: the
pyOpenSSL 23.0.0 certificate API over _core.Certificate / _core.X509Name /
_core.X509Extension. Messages and exception types follow pyOpenSSL."""
from __future__ import annotations

import datetime
import functools
from base64 import b16encode
from typing import Any, Dict, Iterable, List, Optional, Tuple

from cryptoshim import _core
from cryptoshim.legacy import core_call, legacy_class, unsafe_operation
from cryptoshim.policy import is_weak_digest
from OpenSSL._cffi_ints import c_int, c_long
from OpenSSL._crypto.common import (
    Error,
    core_method,
    dump_as,
    entry_point,
    error_from_core,
    is_pem,
)
from OpenSSL._crypto.common import pkey_class as _pkey_class
from OpenSSL._util import cdata_property

__all__ = [
    "X509",
    "X509Extension",
    "X509Name",
    "dump_certificate",
    "load_certificate",
]



def _wrap_pkey(core_key: Any) -> Any:
    pkey = _pkey_class()._from_core(core_key)
    pkey._only_public = True
    return pkey


# What OpenSSL reports when pyOpenSSL hands it the empty EVP_PKEY of an
# uninitialised PKey(); the drop-in has no such handle, so it raises the same.
_EMPTY_KEY_SET_ERRORS = [("x509 certificate routines", "", "unsupported algorithm")]
_EMPTY_KEY_VERIFY_ERRORS = [
    ("digital envelope routines", "", "unsupported"),
    ("asn1 encoding routines", "", "malloc failure"),
]


def core_key(pkey: Any, empty_errors: List[Tuple[str, str, str]]) -> Any:
    """pkey._key, or pyOpenSSL's Error for an uninitialised PKey()."""
    key = pkey._key
    if key is None:
        raise Error(list(empty_errors))
    return key


def _byte_string(s: Any) -> bytes:
    # pyOpenSSL encodes digest names with str.encode("charmap"); bytes has no
    # encode() and so fails the same way (AttributeError).
    return s.encode("charmap")


def sign_with(api_id: str, obj: Any, pkey: Any, digest: Any) -> None:
    """Shared X509/X509Req/NetscapeSPKI signing: checks the digest name as
    pyOpenSSL does (ValueError), reports weak digests, then signs."""
    name = _byte_string(digest).decode("latin-1")
    if is_weak_digest(name):
        unsafe_operation(api_id, f"signature with {name}")
    try:
        obj.sign(pkey._key, name)
    except _core.Error as exc:
        if getattr(exc, "code", None) == "unsupported":
            raise ValueError("No such digest method") from None
        raise


def buffer_bytes(buffer: Any) -> bytes:
    """load_* input as pyOpenSSL's _new_mem_buf accepts it."""
    if isinstance(buffer, str):
        return buffer.encode("ascii")
    if buffer is None:
        return b""
    if isinstance(buffer, (bytes, bytearray, memoryview)):
        return bytes(buffer)
    # pyOpenSSL's _new_mem_buf calls len() on anything else.
    raise TypeError(f"object of type '{type(buffer).__name__}' has no len()")


class _X509NameInvalidator:
    """Names handed out by get_subject()/get_issuer() stop working once the
    field is replaced, exactly as in pyOpenSSL (there to prevent a
    use-after-free; the core's views are safe, the behaviour is kept)."""

    __slots__ = ("_names",)

    def __init__(self) -> None:
        self._names: List[X509Name] = []

    def add(self, name: X509Name) -> None:
        self._names.append(name)

    def clear(self) -> None:
        for name in self._names:
            del name._name


class _LazyInvalidator:
    """An X509's name invalidator, made on first use and then kept in the
    instance: most certificates never hand out a name, and 100,000 loaded
    certificates would otherwise carry 200,000 empty ones (the RSS row of
    bench/run_bench.py)."""

    def __set_name__(self, owner: Any, name: str) -> None:
        self._attr = name

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        invalidator = obj.__dict__[self._attr] = _X509NameInvalidator()
        return invalidator


# Attribute name -> NID, for names OpenSSL knows: X509Name.CN and friends are
# read in loops, and OBJ_txt2nid is a table search. Only found names are kept
# (a NID, once assigned, never changes; an unknown name may be created later).
_NIDS: Dict[str, int] = {}


@functools.total_ordering
@legacy_class("pyopenssl.crypto.X509Name", errors=error_from_core)
class X509Name:
    """An X.509 Distinguished Name; attributes such as ``CN``/``commonName``
    read and replace the first entry of that type."""

    _name: _core.X509Name

    def __init__(self, name: X509Name) -> None:
        self._name = name._name.copy()

    @classmethod
    def _from_core(cls, core_name: Any) -> X509Name:
        name = cls.__new__(cls)
        object.__setattr__(name, "_name", core_name)  # past our __setattr__: a private name
        return name

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            return super().__setattr__(name, value)
        if type(name) is not str:
            raise TypeError(
                f"attribute name must be string, not '{type(value).__name__:.200}'")
        nid = _core.X509Name.nid_from_text(name)
        if nid is None:
            raise AttributeError("No such attribute")
        if isinstance(value, str):
            value = value.encode("utf-8")
        if not isinstance(value, bytes):
            raise TypeError("initializer for ctype 'unsigned char *' must be a cdata pointer, not "
                            + type(value).__name__)
        # pyOpenSSL 23 passed length -1 and silently cut the value at the
        # first NUL; 26.x keeps it whole. Keeping it is the fixed behaviour
        # (truncation would store a different name than asked for).
        core_call(self._name.set_entry, nid, value, errors=error_from_core)

    def __getattr__(self, name: str) -> Optional[str]:
        nid = _NIDS.get(name)
        if nid is None:
            nid = _core.X509Name.nid_from_text(name)
            if nid is None:
                raise AttributeError("No such attribute")
            _NIDS[name] = nid
        try:
            value = self._name.get_entry(nid)
        except _core.Error as exc:
            raise error_from_core(exc) from None
        if value is None:
            return None
        return value.decode("utf-8")

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, X509Name):
            return NotImplemented
        return self._name.compare(other._name) == 0

    def __lt__(self, other: Any) -> bool:
        if not isinstance(other, X509Name):
            return NotImplemented
        return self._name.compare(other._name) < 0

    def __repr__(self) -> str:
        return "<X509Name object '{}'>".format(self._name.oneline().decode("utf-8"))

    @entry_point("pyopenssl.crypto.X509Name.hash")
    def hash(self) -> int:
        return self._name.hash()

    @entry_point("pyopenssl.crypto.X509Name.der")
    def der(self) -> bytes:
        return self._name.der()

    @entry_point("pyopenssl.crypto.X509Name.get_components")
    def get_components(self) -> List[Tuple[bytes, bytes]]:
        return self._name.components()


@legacy_class("pyopenssl.crypto.X509Extension", errors=error_from_core)
class X509Extension:
    """An X.509 v3 extension built from OpenSSL's configuration syntax."""

    def __init__(
        self,
        type_name: bytes,
        critical: bool,
        value: bytes,
        subject: Optional[X509] = None,
        issuer: Optional[X509] = None,
    ) -> None:
        if issuer is not None and not isinstance(issuer, X509):
            raise TypeError("issuer must be an X509 instance")
        if subject is not None and not isinstance(subject, X509):
            raise TypeError("subject must be an X509 instance")
        for arg in (type_name, value):
            if not isinstance(arg, bytes):
                raise TypeError("initializer for ctype 'char *' must be a bytes or list "
                                "or tuple, not " + type(arg).__name__)
        self._extension = _core.X509Extension(
            type_name, bool(critical), value,
            subject._cert if subject is not None else None,
            issuer._cert if issuer is not None else None)

    @classmethod
    def _from_core(cls, core_ext: Any) -> X509Extension:
        ext = cls.__new__(cls)
        ext._extension = core_ext
        return ext

    @property
    def _nid(self) -> int:
        return self._extension.nid

    def __str__(self) -> str:
        return core_call(self._extension.text, errors=error_from_core).decode("utf-8")

    @entry_point("pyopenssl.crypto.X509Extension.get_critical")
    def get_critical(self) -> bool:
        # X509_EXTENSION_get_critical returns an int; pyOpenSSL passes it on.
        return int(self._extension.critical)  # type: ignore[return-value]

    @entry_point("pyopenssl.crypto.X509Extension.get_short_name")
    def get_short_name(self) -> bytes:
        return self._extension.short_name()

    @entry_point("pyopenssl.crypto.X509Extension.get_data")
    def get_data(self) -> bytes:
        return self._extension.data()


@legacy_class("pyopenssl.crypto.X509", errors=error_from_core)
class X509:
    """An X.509 certificate."""

    # pyOpenSSL's X509 * (urllib3 will not inject pyOpenSSL unless it is not None).
    _x509 = cdata_property("X509 *", "OpenSSL.crypto.X509._x509", "X509.to_cryptography()")

    _issuer_invalidator = _LazyInvalidator()
    _subject_invalidator = _LazyInvalidator()

    def __init__(self) -> None:
        self._cert = _core.Certificate()

    @classmethod
    def _from_core(cls, core_cert: Any) -> X509:
        cert = cls.__new__(cls)
        cert._cert = core_cert
        return cert

    @entry_point("pyopenssl.crypto.X509.to_cryptography")
    def to_cryptography(self) -> Any:
        from cryptography.x509 import load_der_x509_certificate
        return load_der_x509_certificate(self._cert.to_der())

    @classmethod
    @entry_point("pyopenssl.crypto.X509.from_cryptography")
    def from_cryptography(cls, crypto_cert: Any) -> X509:
        from cryptography import x509
        from cryptography.hazmat.primitives.serialization import Encoding
        if not isinstance(crypto_cert, x509.Certificate):
            raise TypeError("Must be a certificate")
        der = crypto_cert.public_bytes(Encoding.DER)
        return cls._from_core(_core.Certificate.parse(der, pem=False))

    @entry_point("pyopenssl.crypto.X509.set_version")
    def set_version(self, version: int) -> None:
        if not isinstance(version, int):
            raise TypeError("version must be an integer")
        self._cert.set_version(c_long(version))

    # self._cert.version(), read in C: the cheapest legacy call (issue 12).
    get_version = core_method(
        "pyopenssl.crypto.X509.get_version", "_cert", "Certificate.version", "X509.get_version"
    )

    @entry_point("pyopenssl.crypto.X509.get_pubkey")
    def get_pubkey(self) -> Any:
        return _wrap_pkey(self._cert.public_key())

    @entry_point("pyopenssl.crypto.X509.set_pubkey")
    def set_pubkey(self, pkey: Any) -> None:
        if not isinstance(pkey, _pkey_class()):
            raise TypeError("pkey must be a PKey instance")
        self._cert.set_public_key(core_key(pkey, _EMPTY_KEY_SET_ERRORS))

    @entry_point("pyopenssl.crypto.X509.sign")
    def sign(self, pkey: Any, digest: str) -> None:
        if not isinstance(pkey, _pkey_class()):
            raise TypeError("pkey must be a PKey instance")
        if pkey._only_public:
            raise ValueError("Key only has public part")
        if not pkey._initialized:
            raise ValueError("Key is uninitialized")
        sign_with("pyopenssl.crypto.X509.sign", self._cert, pkey, digest)

    @entry_point("pyopenssl.crypto.X509.get_signature_algorithm")
    def get_signature_algorithm(self) -> bytes:
        try:
            return self._cert.signature_algorithm()
        except _core.Error as exc:
            if getattr(exc, "code", None) == "invalid_argument":
                raise ValueError("Undefined signature algorithm") from None
            raise

    @entry_point("pyopenssl.crypto.X509.digest")
    def digest(self, digest_name: str) -> bytes:
        name = _byte_string(digest_name).decode("latin-1")
        # A weak fingerprint digest gets the verdict M2Crypto's
        # X509.get_fingerprint gives it (test_one_digest_policy.py).
        if is_weak_digest(name):
            unsafe_operation("pyopenssl.crypto.X509.digest", f"fingerprint with {name}")
        try:
            fingerprint = self._cert.fingerprint(name)
        except _core.Error as exc:
            if getattr(exc, "code", None) == "unsupported":
                raise ValueError("No such digest method") from None
            raise
        return b":".join(b16encode(bytes([ch])).upper() for ch in fingerprint)

    @entry_point("pyopenssl.crypto.X509.subject_name_hash")
    def subject_name_hash(self) -> int:
        return self._cert.subject_name_hash()

    @entry_point("pyopenssl.crypto.X509.set_serial_number")
    def set_serial_number(self, serial: int) -> None:
        if not isinstance(serial, int):
            raise TypeError("serial must be an integer")
        if serial < 0:
            # pyOpenSSL feeds hex(serial)[2:] ("x..") to BN_hex2bn, which
            # parses nothing; it then stores 0 and reports an empty error.
            self._cert.set_serial_hex("0")
            raise Error([])
        self._cert.set_serial_hex(hex(serial)[2:])

    @entry_point("pyopenssl.crypto.X509.get_serial_number")
    def get_serial_number(self) -> int:
        return int(self._cert.serial_hex(), 16)

    @entry_point("pyopenssl.crypto.X509.gmtime_adj_notAfter")
    def gmtime_adj_notAfter(self, amount: int) -> None:
        if not isinstance(amount, int):
            raise TypeError("amount must be an integer")
        try:
            self._cert.adjust_not_after(c_long(amount))
        except _core.Error:
            pass  # pyOpenSSL ignores X509_gmtime_adj's result

    @entry_point("pyopenssl.crypto.X509.gmtime_adj_notBefore")
    def gmtime_adj_notBefore(self, amount: int) -> None:
        if not isinstance(amount, int):
            raise TypeError("amount must be an integer")
        try:
            self._cert.adjust_not_before(c_long(amount))
        except _core.Error:
            pass

    @entry_point("pyopenssl.crypto.X509.has_expired")
    def has_expired(self) -> bool:
        time_bytes = self.get_notAfter()
        if time_bytes is None:
            raise ValueError("Unable to determine notAfter")
        time_string = time_bytes.decode("utf-8")
        not_after = datetime.datetime.strptime(time_string, "%Y%m%d%H%M%SZ")
        now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        return not_after < now

    @entry_point("pyopenssl.crypto.X509.get_notBefore")
    def get_notBefore(self) -> Optional[bytes]:
        return self._cert.not_before()

    @entry_point("pyopenssl.crypto.X509.set_notBefore")
    def set_notBefore(self, when: bytes) -> None:
        self._set_time(self._cert.set_not_before, when)

    @entry_point("pyopenssl.crypto.X509.get_notAfter")
    def get_notAfter(self) -> Optional[bytes]:
        return self._cert.not_after()

    @entry_point("pyopenssl.crypto.X509.set_notAfter")
    def set_notAfter(self, when: bytes) -> None:
        self._set_time(self._cert.set_not_after, when)

    @staticmethod
    def _set_time(setter: Any, when: Any) -> None:
        if not isinstance(when, bytes):
            raise TypeError("when must be a byte string")
        try:
            setter(when)
        except _core.Error as exc:
            if getattr(exc, "code", None) == "invalid_argument":
                raise ValueError("Invalid string") from None
            raise

    def _get_name(self, core_name: Any) -> X509Name:
        name = X509Name._from_core(core_name)
        # Kept for parity with pyOpenSSL; the core view already holds the
        # certificate alive.
        object.__setattr__(name, "_owner", self)
        return name

    @entry_point("pyopenssl.crypto.X509.get_issuer")
    def get_issuer(self) -> X509Name:
        name = self._get_name(self._cert.issuer())
        self._issuer_invalidator.add(name)
        return name

    @entry_point("pyopenssl.crypto.X509.set_issuer")
    def set_issuer(self, issuer: X509Name) -> None:
        if not isinstance(issuer, X509Name):
            raise TypeError("name must be an X509Name")
        self._cert.set_issuer(issuer._name)
        self._issuer_invalidator.clear()

    @entry_point("pyopenssl.crypto.X509.get_subject")
    def get_subject(self) -> X509Name:
        name = self._get_name(self._cert.subject())
        self._subject_invalidator.add(name)
        return name

    @entry_point("pyopenssl.crypto.X509.set_subject")
    def set_subject(self, subject: X509Name) -> None:
        if not isinstance(subject, X509Name):
            raise TypeError("name must be an X509Name")
        self._cert.set_subject(subject._name)
        self._subject_invalidator.clear()

    @entry_point("pyopenssl.crypto.X509.get_extension_count")
    def get_extension_count(self) -> int:
        return self._cert.extension_count()

    @entry_point("pyopenssl.crypto.X509.add_extensions")
    def add_extensions(self, extensions: Iterable[X509Extension]) -> None:
        for ext in extensions:
            if not isinstance(ext, X509Extension):
                raise ValueError("One of the elements is not an X509Extension")
            self._cert.add_extension(ext._extension)

    @entry_point("pyopenssl.crypto.X509.get_extension")
    def get_extension(self, index: int) -> X509Extension:
        if not isinstance(index, int):
            raise TypeError("an integer is required")
        if not (0 <= c_int(index) < self._cert.extension_count()):
            raise IndexError("extension index out of bounds")
        return X509Extension._from_core(self._cert.extension(index))


@entry_point("pyopenssl.crypto.load_certificate")
def load_certificate(type: int, buffer: bytes) -> X509:
    data = buffer_bytes(buffer)
    return X509._from_core(_core.Certificate.parse(data, pem=is_pem(type)))


@entry_point("pyopenssl.crypto.dump_certificate")
def dump_certificate(type: int, cert: X509) -> bytes:
    return dump_as(type, cert._cert)


for _cls in (X509, X509Name, X509Extension):
    _cls.__module__ = "OpenSSL.crypto"
del _cls
