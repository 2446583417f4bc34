"""OpenSSL.crypto keys: PKey, key load/dump, sign/verify and elliptic curves.

Every entry point is a thin shim over cryptoshim._core.Key and the _core key
functions; this module only reproduces pyOpenSSL 23.0.0's argument checks,
exception types and passphrase semantics.
"""
from __future__ import annotations

import warnings
from typing import Any, Callable, Optional, Set, Union

from cryptoshim.legacy import legacy_class, unsafe_operation
from cryptoshim.policy import is_weak_digest
from OpenSSL._cffi_ints import c_int
from OpenSSL._crypto.common import (
    FILETYPE_ASN1,
    FILETYPE_PEM,
    FILETYPE_TEXT,
    TYPE_DSA,
    TYPE_RSA,
    Error,
    PassphraseCallableT,
    core,
    entry_point,
    error_from_core,
)
from OpenSSL._util import cdata_property

__all__ = [
    "PKey",
    "dump_privatekey",
    "dump_publickey",
    "get_elliptic_curve",
    "get_elliptic_curves",
    "load_privatekey",
    "load_publickey",
    "sign",
    "verify",
]

_core = core()

# Below this size RSA/DSA keys are reported to the safety policy.
_MIN_SAFE_BITS = 2048
_TYPE_ERROR_MSG = "type argument must be FILETYPE_PEM or FILETYPE_ASN1"


def __getattr__(name: str) -> Any:
    """pyOpenSSL 26's private typing aliases (_Key, _PrivateKey, _PublicKey),
    built on first access so cryptography is only imported when needed."""
    if name in ("_Key", "_PrivateKey", "_PublicKey"):
        from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

        private = Union[dsa.DSAPrivateKey, ec.EllipticCurvePrivateKey,
                        ed25519.Ed25519PrivateKey, ed448.Ed448PrivateKey, rsa.RSAPrivateKey]
        public = Union[dsa.DSAPublicKey, ec.EllipticCurvePublicKey,
                       ed25519.Ed25519PublicKey, ed448.Ed448PublicKey, rsa.RSAPublicKey]
        aliases = {"_PrivateKey": private, "_PublicKey": public, "_Key": Union[private, public]}
        globals().update(aliases)
        return aliases[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@legacy_class("pyopenssl.crypto.PKey", errors=error_from_core)
class PKey:
    """A class representing an DSA or RSA public key or key pair."""

    _only_public = False
    _initialized = True
    # pyOpenSSL's EVP_PKEY * (never NULL there, even before generate_key).
    _pkey = cdata_property("EVP_PKEY *", "OpenSSL.crypto.PKey._pkey", "PKey.to_cryptography_key()")

    def __init__(self) -> None:
        self._key = None
        self._initialized = False

    @classmethod
    def _from_core(cls, key: Any) -> PKey:
        """Wraps a _core.Key without counting a PKey() construction."""
        pkey = cls.__new__(cls)
        pkey._key = key
        pkey._only_public = not key.has_private
        pkey._initialized = True
        return pkey

    def _core_key(self) -> Any:
        if getattr(self, "_key", None) is None:
            # pyOpenSSL's empty EVP_PKEY fails inside OpenSSL; keep its Error.
            raise Error([("", "", "key is not initialized")])
        return self._key

    @entry_point("pyopenssl.crypto.PKey.to_cryptography_key")
    def to_cryptography_key(self) -> Any:
        from cryptography.hazmat.primitives.serialization import (
            load_der_private_key,
            load_der_public_key,
        )

        key = self._core_key()
        if self._only_public:
            return load_der_public_key(key.public_bytes(der=True))
        return load_der_private_key(key.private_bytes(der=True, format="pkcs8"), None)

    @classmethod
    @entry_point("pyopenssl.crypto.PKey.from_cryptography_key")
    def from_cryptography_key(cls, crypto_key: Any) -> PKey:
        from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
        from cryptography.hazmat.primitives.serialization import (
            Encoding,
            NoEncryption,
            PrivateFormat,
            PublicFormat,
        )

        # pyOpenSSL 26 added EC and EdDSA public keys to 23.0.0's set; the
        # superset keeps 23.0.0 callers working.
        public_types = (rsa.RSAPublicKey, dsa.DSAPublicKey, ec.EllipticCurvePublicKey,
                        ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)
        private_types = (rsa.RSAPrivateKey, dsa.DSAPrivateKey, ec.EllipticCurvePrivateKey,
                         ed25519.Ed25519PrivateKey, ed448.Ed448PrivateKey)
        if not isinstance(crypto_key, public_types + private_types):
            raise TypeError("Unsupported key type")

        if isinstance(crypto_key, public_types):
            der = crypto_key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
            return cls._from_core(_core.load_public_key(der, der=True))
        der = crypto_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        return cls._from_core(_core.load_private_key(der, der=True))

    @entry_point("pyopenssl.crypto.PKey.generate_key")
    def generate_key(self, type: int, bits: int) -> None:
        if not isinstance(type, int):
            raise TypeError("type must be an integer")
        if not isinstance(bits, int):
            raise TypeError("bits must be an integer")

        if type == TYPE_RSA:
            if bits <= 0:
                raise ValueError("Invalid number of bits")
            if bits < _MIN_SAFE_BITS:
                unsafe_operation("pyopenssl.crypto.PKey.generate_key",
                                 f"{bits}-bit RSA key (below {_MIN_SAFE_BITS} bits)")
            key = _core.generate_rsa_key(c_int(bits))
        elif type == TYPE_DSA:
            if 0 < bits < _MIN_SAFE_BITS:
                unsafe_operation("pyopenssl.crypto.PKey.generate_key",
                                 f"{bits}-bit DSA key (below {_MIN_SAFE_BITS} bits)")
            key = _core.generate_dsa_key(c_int(bits))
        else:
            raise Error("No such key type")

        self._key = key
        self._only_public = False
        self._initialized = True

    @entry_point("pyopenssl.crypto.PKey.check")
    def check(self) -> bool:
        if self._only_public:
            raise TypeError("public key only")
        if self._key is None or self._key.type_id != TYPE_RSA:
            raise TypeError("Only RSA keys can currently be checked.")
        self._key.check()
        return True

    @entry_point("pyopenssl.crypto.PKey.type")
    def type(self) -> int:
        return 0 if self._key is None else self._key.type_id

    @entry_point("pyopenssl.crypto.PKey.bits")
    def bits(self) -> int:
        return 0 if self._key is None else self._key.bits


PKey.__module__ = "OpenSSL.crypto"


class _EllipticCurve:
    """A supported elliptic curve, identified by its OpenSSL short name.

    Curves are cached, so get_elliptic_curve returns the same object for the
    same name; equality and hashing go by name as well."""

    _curves: Optional[Set[_EllipticCurve]] = None

    def __init__(self, name: str) -> None:
        self.name = name

    @classmethod
    def _get_elliptic_curves(cls) -> Set[_EllipticCurve]:
        if cls._curves is None:
            cls._curves = {cls(name) for name in _core.builtin_curve_names()}
        return cls._curves

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, _EllipticCurve):
            return self.name == other.name
        return NotImplemented

    def __ne__(self, other: Any) -> bool:
        if isinstance(other, _EllipticCurve):
            return self.name != other.name
        return NotImplemented

    def __hash__(self) -> int:
        return hash(("_EllipticCurve", self.name))

    def __repr__(self) -> str:
        return f"<Curve {self.name!r}>"

    def _to_EC_KEY(self) -> Any:
        """pyOpenSSL returned a cffi EC_KEY*; there is no such handle here, so
        this returns a fresh _core.Key on the curve (None if the curve cannot
        generate keys)."""
        try:
            return _core.generate_ec_key(self.name)
        except _core.Error:
            return None


_EllipticCurve.__module__ = "OpenSSL.crypto"


@entry_point("pyopenssl.crypto.get_elliptic_curves")
def get_elliptic_curves() -> Set[_EllipticCurve]:
    return _EllipticCurve._get_elliptic_curves()


@entry_point("pyopenssl.crypto.get_elliptic_curve")
def get_elliptic_curve(name: str) -> _EllipticCurve:
    for curve in _EllipticCurve._get_elliptic_curves():
        if curve.name == name:
            return curve
    raise ValueError("unknown curve name", name)


class _Passphrase:
    """pyOpenSSL's _PassphraseHelper checks, ahead of the core call. The core
    invokes the wrapped callable at most once; exceptions it raises reach the
    caller unchanged (the binding re-raises them)."""

    def __init__(self, type: int, passphrase: Optional[PassphraseCallableT]) -> None:
        if type != FILETYPE_PEM and passphrase is not None:
            raise ValueError("only FILETYPE_PEM key format supports encryption")
        self._passphrase = passphrase

    def callback(self) -> Optional[Callable[[bool], bytes]]:
        passphrase = self._passphrase
        if passphrase is None:
            return None
        if not (isinstance(passphrase, bytes) or callable(passphrase)):
            raise TypeError("Last argument must be a byte string or a callable.")
        limit = _core.MAX_PASSPHRASE_LENGTH

        def read(for_writing: bool) -> bytes:
            # pyOpenSSL hands the callback OpenSSL's int rwflag.
            result = passphrase(int(for_writing)) if callable(passphrase) else passphrase
            if not isinstance(result, bytes):
                raise ValueError("Bytes expected")
            if len(result) > limit:
                raise ValueError("passphrase returned by callback is too long")
            return result

        return read


def _buffer_bytes(buffer: Any) -> Any:
    if isinstance(buffer, str):
        return buffer.encode("ascii")
    return buffer


@entry_point("pyopenssl.crypto.load_privatekey")
def load_privatekey(type: int, buffer: Union[str, bytes],
                    passphrase: Optional[PassphraseCallableT] = None) -> PKey:
    buffer = _buffer_bytes(buffer)
    helper = _Passphrase(type, passphrase)
    if type == FILETYPE_PEM:
        key = _core.load_private_key(buffer, der=False, passphrase=helper.callback())
    elif type == FILETYPE_ASN1:
        key = _core.load_private_key(buffer, der=True)
    else:
        raise ValueError(_TYPE_ERROR_MSG)
    return PKey._from_core(key)


@entry_point("pyopenssl.crypto.dump_privatekey")
def dump_privatekey(type: int, pkey: PKey, cipher: Optional[str] = None,
                    passphrase: Optional[PassphraseCallableT] = None) -> bytes:
    if not isinstance(pkey, PKey):
        raise TypeError("pkey must be a PKey")
    if cipher is not None:
        if passphrase is None:
            raise TypeError("if a value is given for cipher one must also be given for passphrase")
        # pyOpenSSL encodes the name, so non-str names fail the same way.
        cipher = cipher.encode("charmap").decode("charmap")
        if not _core.is_known_cipher(cipher):
            raise ValueError("Invalid cipher name")

    helper = _Passphrase(type, passphrase)
    if type == FILETYPE_PEM:
        callback = helper.callback()
        key = pkey._core_key()
        if cipher is None:
            return key.private_bytes(der=False, format="pkcs8")
        return key.private_bytes(der=False, format="pkcs8", cipher=cipher, passphrase=callback)
    if type == FILETYPE_ASN1:
        return pkey._core_key().private_bytes(der=True, format="traditional")
    if type == FILETYPE_TEXT:
        if pkey.type() != TYPE_RSA:
            raise TypeError("Only RSA keys are supported for FILETYPE_TEXT")
        text = pkey._core_key().text()
        # RSA_print, which pyOpenSSL called, names the algorithm.
        if text.startswith(b"Private-Key:"):
            text = b"RSA " + text
        return text
    raise ValueError("type argument must be FILETYPE_PEM, FILETYPE_ASN1, or FILETYPE_TEXT")


@entry_point("pyopenssl.crypto.load_publickey")
def load_publickey(type: int, buffer: Union[str, bytes]) -> PKey:
    buffer = _buffer_bytes(buffer)
    if type == FILETYPE_PEM:
        key = _core.load_public_key(buffer, der=False)
    elif type == FILETYPE_ASN1:
        key = _core.load_public_key(buffer, der=True)
    else:
        raise ValueError(_TYPE_ERROR_MSG)
    return PKey._from_core(key)


@entry_point("pyopenssl.crypto.dump_publickey")
def dump_publickey(type: int, pkey: PKey) -> bytes:
    if type == FILETYPE_PEM:
        der = False
    elif type == FILETYPE_ASN1:
        der = True
    else:
        raise ValueError(_TYPE_ERROR_MSG)
    return pkey._core_key().public_bytes(der=der)


def _data_bytes(data: Any) -> Any:
    if isinstance(data, str):
        # stacklevel 3: this helper, the shim, the caller (the entry-point
        # wrapper is C: no frame of its own).
        warnings.warn("str for data is no longer accepted, use bytes",
                      category=DeprecationWarning, stacklevel=3)
        return data.encode("utf-8")
    return data


# Names OpenSSL resolved before: resolving again (an EVP_MD fetch) cost 1.1 us
# on every sign/verify. Only valid names enter, so the set stays small.
_KNOWN_DIGESTS: Set[str] = set()


def _check_digest(digest: Any) -> str:
    if not isinstance(digest, str):
        raise TypeError("digest must be a str")
    if digest not in _KNOWN_DIGESTS:
        try:
            _core.Digest(digest)
        except _core.Error:
            raise ValueError("No such digest method") from None
        _KNOWN_DIGESTS.add(digest)
    return digest


def _report_weak_digest(api_id: str, digest: str) -> None:
    if is_weak_digest(digest):
        unsafe_operation(api_id, f"{digest} signature digest")


@entry_point("pyopenssl.crypto.sign")
def sign(pkey: PKey, data: Union[str, bytes], digest: str) -> bytes:
    # Policy warnings first, so the DeprecationWarning about str data stays
    # the last warning of the call, as it is in pyOpenSSL.
    _report_weak_digest("pyopenssl.crypto.sign", digest if isinstance(digest, str) else "")
    key = pkey._core_key()
    if key.type_id == TYPE_RSA and 0 < key.bits < _MIN_SAFE_BITS:
        unsafe_operation("pyopenssl.crypto.sign", f"{key.bits}-bit RSA signing key")
    data = _data_bytes(data)
    digest = _check_digest(digest)
    return key.sign(data, digest)


@entry_point("pyopenssl.crypto.verify")
def verify(cert: Any, signature: bytes, data: Union[str, bytes], digest: str) -> None:
    _report_weak_digest("pyopenssl.crypto.verify", digest if isinstance(digest, str) else "")
    data = _data_bytes(data)
    digest = _check_digest(digest)
    # pyOpenSSL takes an X509; anything with get_pubkey() (or a PKey) works.
    pkey = cert if isinstance(cert, PKey) else cert.get_pubkey()
    pkey._core_key().verify(signature, data, digest)
