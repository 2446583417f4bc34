"""M2Crypto.RSA over the core's EVP_PKEY keys. Raw RSA (no_padding) and
X9.31 (padding 5) stay available for compatibility but are reported as
unsafe operations; default digests are sha256 (M2Crypto >= 0.45.1)."""
from __future__ import annotations

import sys
from typing import Any, Callable, Dict, Optional, Set, Tuple, TypeVar

from cryptoshim.legacy import unsafe_operation
from cryptoshim.policy import MIN_RSA_BITS, is_weak_digest
from M2Crypto import BIO, Err, _release, m2, util
from M2Crypto import _m2_pki_args as _a
from M2Crypto._common import core, entry, joined_message, klass, m2c, mapper, to_bytes
from M2Crypto._common import exception_api as _exception_api
from M2Crypto._common import native_free as _native_free
from M2Crypto._keyio import open_key_file as _open
from M2Crypto._keyio import passphrase as _passphrase

__all__ = ["RSAError", "RSA", "RSA_pub", "gen_key", "load_key", "load_key_bio",
           "load_key_string", "load_pub_key", "load_pub_key_bio", "new_pub_key",
           "rsa_error", "keygen_callback", "no_padding", "pkcs1_padding", "pkcs1_oaep_padding"]


@_exception_api("m2crypto.RSA.RSAError")
class RSAError(Exception):
    pass


m2.rsa_init(RSAError)  # type: ignore[misc]  # m2's SWIG functions are untyped
_ep = entry(RSAError)
_class = klass(RSAError)
_R = TypeVar("_R", bound="RSA")
_err = mapper(RSAError)

no_padding = m2.no_padding
pkcs1_padding = m2.pkcs1_padding
pkcs1_oaep_padding = m2.pkcs1_oaep_padding
_TYPE_RSA = 6
_TYPE_RSA_PSS = 912  # EVP_PKEY_RSA_PSS: read as a plain RSA key, as M2Crypto's RSA* is



def _check_padding(api_id: str, padding: int) -> None:
    if not isinstance(padding, int):
        raise TypeError("padding must be an int")
    if m2c.is_unsafe_rsa_padding(padding):
        unsafe_operation(
            api_id, "raw RSA (no_padding)" if padding == no_padding else "X9.31 padding"
        )


def _decrypt(decrypt: Callable[..., bytes], key: Any, data: bytes, padding: int) -> Optional[bytes]:
    """M2Crypto's m2.rsa_*_decrypt: from 0.45.1 on, an input OpenSSL refuses
    gives None (the error cleared); 0.38.0 raised RSAError (the caller's
    mapper turns the core error into it)."""
    try:
        return decrypt(key, data, padding)
    except core.Error:
        if _release.DECRYPT_FAILURE_RAISES:
            raise
        return None


_KNOWN_DIGESTS: Set[str] = set()  # algo names sign/verify accepted: each lookup is ~0.5 us


def _digest_for(algo: str) -> str:
    """M2Crypto's `getattr(m2, "NID_" + algo, None)` check, remembered per name."""
    if getattr(m2, "NID_" + algo, None) is None:
        raise ValueError("unknown algorithm", algo)
    if type(algo) is str:
        _KNOWN_DIGESTS.add(algo)
    return algo


class _RsaHandle:
    """What RSA.rsa returns: the stand-in for M2Crypto's raw RSA* that the
    m2.rsa_* helpers accept (m2.rsa_get_e(rsa.rsa), m2.rsa_set_en(...)).
    It owns the core key, so m2 calls that replace it are seen by the RSA
    object too."""

    __slots__ = ("key", "ex_data", "_pkcs1")  # ex_data: m2.rsa_set_ex_data's values

    def __init__(self, key) -> None:
        self.key = key
        self._pkcs1: Any = (None,)  # (key it was made for, RsaPkcs1Context, bits)

    def pkcs1(self):
        """(key, the core's RSA_sign/RSA_verify context, key bits) for the
        current key, made on first use and again when m2.rsa_set_en replaced
        the key: a new EVP_PKEY_CTX per call cost RSA.verify 15%."""
        cached = self._pkcs1
        if cached[0] is not self.key:
            cached = self._pkcs1 = (self.key, m2c.RsaPkcs1Context(self.key), self.key.bits)
        return cached

    def __int__(self) -> int:
        return id(self)


@_class("m2crypto.RSA.RSA")
class RSA:
    """An RSA key pair."""
    m2_rsa_free = _native_free("m2crypto.RSA.RSA.m2_rsa_free")
    _ex_data: Dict[int, Any]  # in __dict__: __getattr__ serves the key's fields

    def __init__(self, rsa, _pyfree: int = 0) -> None:
        if isinstance(rsa, _RsaHandle):
            handle = rsa
        elif isinstance(rsa, core.Key):
            handle = _RsaHandle(rsa)
        elif type(rsa).__name__ == "SwigPyObject":  # a holder from m2.rsa_new()
            from M2Crypto._m2_components import rsa_holder_key
            handle = _RsaHandle(rsa_holder_key(rsa))
        else:
            raise RSAError("RSA objects are created by gen_key() and the load_* functions")
        self.__dict__["_handle"] = handle
        self.__dict__["_pyfree"] = _pyfree
        self.__dict__["_ex_data"] = {}

    @classmethod
    def _from_core(cls: type[_R], key) -> _R:
        self = cls.__new__(cls)
        self.__dict__.update(_handle=_RsaHandle(key), _pyfree=1, _ex_data={})
        return self

    @property
    def _key(self):
        return self.__dict__["_handle"].key

    @property
    def rsa(self):
        return self.__dict__["_handle"]

    def _ptr(self):
        return self.__dict__["_handle"]

    def __len__(self) -> int:
        return int(self._key.bits)

    def __getattr__(self, name: str) -> bytes:
        if name == "e":
            return m2c.rsa_e_mpi(self._key)
        if name == "n":
            return m2c.rsa_n_mpi(self._key)
        raise AttributeError(name)

    @_ep("m2crypto.RSA.RSA.pub")
    def pub(self) -> Tuple[bytes, bytes]:
        return m2c.rsa_e_mpi(self._key), m2c.rsa_n_mpi(self._key)

    @_ep("m2crypto.RSA.RSA.public_encrypt")
    def public_encrypt(self, data: bytes, padding: int) -> bytes:
        _check_padding("m2crypto.RSA.RSA.public_encrypt", padding)
        return m2c.rsa_public_encrypt(self._key, to_bytes(data), padding)

    @_ep("m2crypto.RSA.RSA.public_decrypt")
    def public_decrypt(self, data: bytes, padding: int) -> Optional[bytes]:
        _check_padding("m2crypto.RSA.RSA.public_decrypt", padding)
        return _decrypt(m2c.rsa_public_decrypt, self._key, to_bytes(data), padding)

    @_ep("m2crypto.RSA.RSA.private_encrypt")
    def private_encrypt(self, data: bytes, padding: int) -> bytes:
        _check_padding("m2crypto.RSA.RSA.private_encrypt", padding)
        return m2c.rsa_private_encrypt(self._key, to_bytes(data), padding)

    @_ep("m2crypto.RSA.RSA.private_decrypt")
    def private_decrypt(self, data: bytes, padding: int) -> Optional[bytes]:
        _check_padding("m2crypto.RSA.RSA.private_decrypt", padding)
        return _decrypt(m2c.rsa_private_decrypt, self._key, to_bytes(data), padding)

    @_ep("m2crypto.RSA.RSA.save_key_bio")
    def save_key_bio(self, bio, cipher: Optional[str] = "aes_128_cbc",
                     callback: Callable = util.passphrase_callback) -> int:
        bio.write(self.as_pem(cipher, callback))
        return 1

    @_ep("m2crypto.RSA.RSA.save_key")
    def save_key(self, file, cipher: Optional[str] = "aes_128_cbc",
                 callback: Callable = util.passphrase_callback) -> int:
        with BIO.openfile(file, "wb") as bio:
            return self.save_key_bio(bio, cipher, callback)

    save_pem = save_key

    @_ep("m2crypto.RSA.RSA.as_pem")
    def as_pem(self, cipher: Optional[str] = "aes_128_cbc",
               callback: Callable = util.passphrase_callback) -> bytes:
        if cipher is None:
            return self._key.private_bytes(der=False, format="traditional")
        try:
            name = m2c.cipher_name(cipher)
        except core.Error:
            raise RSAError(f"not such cipher {cipher}") from None
        return self._key.private_bytes(der=False, format="traditional", cipher=name,
                                       passphrase=_passphrase(callback))

    @_ep("m2crypto.RSA.RSA.save_key_der_bio")
    def save_key_der_bio(self, bio) -> int:
        bio.write(self._key.private_bytes(der=True, format="traditional"))
        return 1

    @_ep("m2crypto.RSA.RSA.save_key_der")
    def save_key_der(self, file) -> int:
        with BIO.openfile(file, "wb") as bio:
            return self.save_key_der_bio(bio)

    @_ep("m2crypto.RSA.RSA.save_pub_key_bio")
    def save_pub_key_bio(self, bio) -> int:
        bio.write(self._key.public_bytes(der=False))
        return 1

    @_ep("m2crypto.RSA.RSA.save_pub_key")
    def save_pub_key(self, file) -> int:
        with BIO.openfile(file, "wb") as bio:
            return self.save_pub_key_bio(bio)

    @_ep("m2crypto.RSA.RSA.check_key")
    def check_key(self) -> int:
        try:
            self._key.check()
        except core.Error:
            return 0
        return 1

    @_ep("m2crypto.RSA.RSA.sign_rsassa_pss")
    def sign_rsassa_pss(
        self, digest: bytes, algo: str = _release.DIGEST, salt_length: int = 20
    ) -> bytes:
        if getattr(m2, algo, None) is None:
            raise RSAError(f"not such hash algorithm {algo}")
        return m2c.rsa_sign_pss(self._key, to_bytes(digest, "digest"), algo, salt_length)

    @_ep("m2crypto.RSA.RSA.verify_rsassa_pss")
    def verify_rsassa_pss(self, data: bytes, signature: bytes, algo: str = _release.DIGEST,
                          salt_length: int = 20) -> int:
        if getattr(m2, algo, None) is None:
            raise RSAError(f"not such hash algorithm {algo}")
        try:
            m2c.rsa_verify_pss(
                self._key, to_bytes(data), to_bytes(signature, "signature"), algo, salt_length
            )
        except core.Error:
            return 0
        return 1

    @_ep("m2crypto.RSA.RSA.sign")
    def sign(self, digest: bytes, algo: str = _release.DIGEST) -> bytes:
        # _digest_for and _RsaHandle.pkcs1 inline on their hits: a Python
        # frame each was ~1% of RSA.verify.
        name = algo if algo.__class__ is str and algo in _KNOWN_DIGESTS else _digest_for(algo)
        handle = self.__dict__["_handle"]
        cached = handle._pkcs1
        _key, context, bits = cached if cached[0] is handle.key else handle.pkcs1()
        if is_weak_digest(name) or bits < MIN_RSA_BITS:
            unsafe_operation("m2crypto.RSA.RSA.sign", f"RSA-{bits} PKCS#1 v1.5 over {algo}")
        try:  # the context checks `digest` as SWIG does ("expected bytes, str found")
            return context.sign(digest, name)
        except core.Error as exc:
            raise RSAError(joined_message(exc)) from None

    @_ep("m2crypto.RSA.RSA.verify")
    def verify(self, data: bytes, signature: bytes, algo: str = _release.DIGEST) -> int:
        name = algo if algo.__class__ is str and algo in _KNOWN_DIGESTS else _digest_for(algo)
        handle = self.__dict__["_handle"]
        cached = handle._pkcs1
        context = (cached if cached[0] is handle.key else handle.pkcs1())[1]
        try:
            context.verify(data, signature, name)
        except core.Error as exc:
            raise RSAError(joined_message(exc)) from None
        return 1

    @_ep("m2crypto.RSA.RSA.set_ex_data")
    def set_ex_data(self, index: int, data: Any) -> int:
        self._ex_data[index] = data
        return 1

    @_ep("m2crypto.RSA.RSA.get_ex_data")
    def get_ex_data(self, index: int) -> Any:
        return self._ex_data.get(index)


@_class("m2crypto.RSA.RSA_pub")
class RSA_pub(RSA):
    """An RSA public key."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ["e", "n"]:
            raise RSAError("use factory function new_pub_key() to set (e, n)")
        self.__dict__[name] = value

    @_ep("m2crypto.RSA.RSA_pub.private_encrypt")
    def private_encrypt(self, *argv: Any) -> None:  # type: ignore[override]
        raise RSAError("RSA_pub object has no private key")

    @_ep("m2crypto.RSA.RSA_pub.private_decrypt")
    def private_decrypt(self, *argv: Any) -> None:  # type: ignore[override]
        raise RSAError("RSA_pub object has no private key")

    @_ep("m2crypto.RSA.RSA_pub.save_key")
    def save_key(self, file, *args: Any, **kw: Any) -> int:
        return self.save_pub_key(file)

    @_ep("m2crypto.RSA.RSA_pub.save_key_bio")
    def save_key_bio(self, bio, *args: Any, **kw: Any) -> int:
        return self.save_pub_key_bio(bio)

    @_ep("m2crypto.RSA.RSA.as_pem")
    def as_pem(self, *args: Any, **kw: Any) -> bytes:  # type: ignore[override]
        return self._key.public_bytes(der=False)

    @_ep("m2crypto.RSA.RSA_pub.check_key")
    def check_key(self) -> int:
        try:
            self._key.check()
        except core.Error:
            return 0
        return 1


@_ep("m2crypto.RSA.rsa_error")
def rsa_error() -> None:
    raise RSAError(Err.get_error_message())


@_ep("m2crypto.RSA.keygen_callback")
def keygen_callback(p: int, n: int) -> int:
    ch = [".", "+", "*", "\n"]
    sys.stdout.write(ch[p])
    sys.stdout.flush()
    return 1


@_ep("m2crypto.RSA.gen_key")
def gen_key(bits: int, e: int, callback: Callable = keygen_callback) -> RSA:
    bits = _a.check_int(bits, "rsa_generate_key", 1)
    e = _a.check_int(e, "rsa_generate_key", 2, "unsigned long")
    if bits < MIN_RSA_BITS or e == 3:
        unsafe_operation("m2crypto.RSA.gen_key", f"RSA-{bits} with e={e}")
    return RSA._from_core(core.generate_rsa_key(bits, e))


def _load_private(data: bytes, callback) -> RSA:
    key = core.load_private_key(data, False, _passphrase(callback))
    if key.type_id == _TYPE_RSA_PSS:
        key = m2c.rsa_without_pss_restrictions(key)
    if key.type_id != _TYPE_RSA:
        raise RSAError("not an RSA key")
    return RSA._from_core(key)



@_ep("m2crypto.RSA.load_key")
def load_key(file, callback: Callable = util.passphrase_callback) -> RSA:
    return _load_private(_open(file), callback)


@_ep("m2crypto.RSA.load_key_bio")
def load_key_bio(bio, callback: Callable = util.passphrase_callback) -> RSA:
    return _load_private(BIO._bio_bytes(bio), callback)


@_ep("m2crypto.RSA.load_key_string")
def load_key_string(string, callback: Callable = util.passphrase_callback) -> RSA:
    return _load_private(util.py3bytes(string), callback)


def _load_public(data: bytes) -> RSA_pub:
    try:
        key = core.load_public_key(data, False, "spki")
    except core.Error:
        key = core.load_public_key(data, False, "pkcs1")
    if key.type_id == _TYPE_RSA_PSS:
        key = m2c.rsa_without_pss_restrictions(key)
    if key.type_id != _TYPE_RSA:
        raise RSAError("not an RSA key")
    return RSA_pub._from_core(key)


@_ep("m2crypto.RSA.load_pub_key")
def load_pub_key(file) -> RSA_pub:
    return _load_public(_open(file))


@_ep("m2crypto.RSA.load_pub_key_bio")
def load_pub_key_bio(bio) -> RSA_pub:
    return _load_public(BIO._bio_bytes(bio))


@_ep("m2crypto.RSA.new_pub_key")
def new_pub_key(e_n: Tuple[bytes, bytes]) -> RSA_pub:
    e, n = e_n
    return RSA_pub._from_core(m2c.rsa_public_key_from_mpi(to_bytes(e, "e"), to_bytes(n, "n")))
