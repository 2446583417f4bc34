"""M2Crypto.EVP over the core: digests, HMAC, streaming ciphers, PBKDF2 and
the PKey envelope. Default digests follow the release chosen in _release.py
(0.51.0: sha256; 0.45.1 and older: sha1, the catalog's old_default)."""
from __future__ import annotations

import logging
from typing import Any, Callable, Optional

from cryptoshim.lazy_import import lazy_attr
from cryptoshim.legacy import unsafe_operation
from cryptoshim.policy import is_weak_digest, is_weak_mac_digest
from M2Crypto import BIO, _release, m2, util
from M2Crypto import _m2_pki_args as _a
from M2Crypto._common import OwnHandle, core, entry, handle_call, klass, m2c, mapper, to_bytes
from M2Crypto._common import exception_api as _exception_api
from M2Crypto._common import native_free as _native_free
from M2Crypto._keyio import open_key_file as _open
from M2Crypto._keyio import passphrase as _passphrase
from M2Crypto._m2_bio import _buffer

_pkey_holder = lazy_attr("M2Crypto._m2_pkey", "PKeyHolder")

log = logging.getLogger("EVP")

__all__ = ["EVPError", "pbkdf2", "MessageDigest", "HMAC", "hmac", "Cipher", "PKey",
           "load_key", "load_key_pubkey", "load_key_bio", "load_key_bio_pubkey",
           "load_key_string", "load_key_string_pubkey"]


@_exception_api("m2crypto.EVP.EVPError")
class EVPError(ValueError):
    pass


m2.evp_init(EVPError)  # type: ignore[misc]  # m2's SWIG functions are untyped
_ep = entry(EVPError)
_class = klass(EVPError)
_err = mapper(EVPError)



def _digest_name(algo: str) -> str:
    """Validates a digest name as M2Crypto does (m2 getter or
    get_digestbyname), returning OpenSSL's name for it."""
    if not isinstance(algo, str):
        raise TypeError("algo must be str")
    try:
        core.Digest(algo)
    except core.Error:
        raise ValueError("unknown message digest", algo) from None
    return algo


@_ep("m2crypto.EVP.pbkdf2")
def pbkdf2(password: bytes, salt: bytes, iter: int, keylen: int) -> bytes:
    if iter < 100000:
        unsafe_operation("m2crypto.EVP.pbkdf2", f"PBKDF2-HMAC-SHA1 with {iter} iterations")
    return m2c.pbkdf2(to_bytes(password, "password"), to_bytes(salt, "salt"), iter, keylen)


# Per-object answers that are fixed for a name, asked of the core once per
# name: whether a digest is unsafe (legacy provider or weak), and a cipher
# choice's unsafe reason ("" if none) once its name and KDF digest passed
# M2Crypto's checks. Asking every time cost ~5k instructions per object, a
# third of what M2Crypto spends on a whole small digest. Only str names that
# passed enter, and only _MAX_REMEMBERED of them (aliases and case variants
# could otherwise grow the tables without end).
_UNSAFE_DIGEST: dict = {}
_WEAK_MAC_DIGEST: dict = {}
_CIPHER_REASON: dict = {}
_MAX_REMEMBERED = 64


def _update_data(data) -> bytes:
    """update()'s data, through M2Crypto's buffer typemap (_m2_bio._buffer),
    exact bytes passed on without its copy (the 1 MiB bench rows)."""
    return data if data.__class__ is bytes else _buffer(data, sized=True)


def _bytes_arg(data, what: str = "data") -> bytes:
    # to_bytes without its Python call for the common case (exact bytes,
    # which to_bytes returns unchanged).
    return data if data.__class__ is bytes else to_bytes(data, what)


@_class("m2crypto.EVP.MessageDigest")
class MessageDigest:
    """Message digest (EVP_MD_CTX)."""
    ctx = OwnHandle()
    m2_md_ctx_free = _native_free("m2crypto.EVP.MessageDigest.m2_md_ctx_free")

    def __init__(self, algo: str) -> None:
        try:
            # allow_legacy positionally: pybind11's keyword matching cost ~2.6k
            # instructions a call.
            self._md = core.Digest(algo, True)
        except core.Error:
            # M2Crypto falls back to get_digestbyname, which raises EVPError.
            raise EVPError("unknown message digest", algo) from None
        unsafe = _UNSAFE_DIGEST.get(algo) if algo.__class__ is str else None
        if unsafe is None:
            unsafe = bool(self._md.legacy or is_weak_digest(algo))
            if algo.__class__ is str and len(_UNSAFE_DIGEST) < _MAX_REMEMBERED:
                _UNSAFE_DIGEST[algo] = unsafe
        if unsafe:
            unsafe_operation("m2crypto.EVP.MessageDigest", f"digest {algo}")
        self.md = algo

    def __int__(self) -> int:
        # The object is its own `ctx` handle; int() identifies it, as int()
        # of M2Crypto's SWIG pointer does.
        return id(self)

    def update(self, data: bytes) -> int:
        self._md.update(_update_data(data))
        return 1

    def final(self) -> bytes:
        return self._md.finalize()

    # C from the caller to OpenSSL (m2_handle_call.cc) for bytes data, what
    # hashing loops pass: the Python frame and pybind11's dispatcher cost
    # more than M2Crypto's whole digest_update of a short message. Anything
    # else runs the methods above.
    update = handle_call(_ep("m2crypto.EVP.MessageDigest.update"), "_md", m2c.digest_update,
                         update, exact=(bytes,))
    final = handle_call(_ep("m2crypto.EVP.MessageDigest.final"), "_md", m2c.digest_final, final)

    # Deprecated (M2Crypto keeps it as an alias).
    digest = final


def _weak_mac_digest(algo) -> bool:
    """Whether HMAC over digest `algo` is unsafe, as MessageDigest's check:
    any str is asked of the core, and exact str names are remembered."""
    weak = _WEAK_MAC_DIGEST.get(algo) if algo.__class__ is str else None
    if weak is None:
        weak = isinstance(algo, str) and is_weak_mac_digest(algo)
        if algo.__class__ is str and len(_WEAK_MAC_DIGEST) < _MAX_REMEMBERED:
            _WEAK_MAC_DIGEST[algo] = weak
    return weak


@_class("m2crypto.EVP.HMAC")
class HMAC:
    ctx = OwnHandle()
    m2_hmac_ctx_free = _native_free("m2crypto.EVP.HMAC.m2_hmac_ctx_free")
    def __init__(self, key: bytes, algo: str = _release.DIGEST) -> None:
        self._algo = algo
        if _weak_mac_digest(algo):
            unsafe_operation("m2crypto.EVP.HMAC", f"HMAC-{algo}")
        # As M2Crypto's __init__ (hmac_ctx_new + hmac_init): no call of the
        # counted reset(), which the program did not make.
        self._key_stream(key)

    def __int__(self) -> int:
        # The object is its own `ctx` handle; int() identifies it, as int()
        # of M2Crypto's SWIG pointer does.
        return id(self)

    def _key_stream(self, key: bytes) -> None:
        try:
            self._h = m2c.HmacStream(self._algo, to_bytes(key, "key"))
        except core.Error:
            raise ValueError("unknown algorithm", self._algo) from None

    @_ep("m2crypto.EVP.HMAC.reset")
    def reset(self, key: bytes) -> None:
        self._key_stream(key)

    def update(self, data: bytes) -> None:
        self._h.update(_update_data(data))

    def final(self) -> bytes:
        return self._h.finalize()

    # C from the caller to OpenSSL for bytes data, as MessageDigest's.
    update = handle_call(_ep("m2crypto.EVP.HMAC.update"), "_h", m2c.hmac_update, update,
                         exact=(bytes,))
    final = handle_call(_ep("m2crypto.EVP.HMAC.final"), "_h", m2c.hmac_final, final)

    digest = final


@_ep("m2crypto.EVP.hmac")
def hmac(key: bytes, data: bytes, algo: str = _release.DIGEST) -> bytes:
    if _weak_mac_digest(algo):
        unsafe_operation("m2crypto.EVP.hmac", f"HMAC-{algo}")
    try:
        # SWIG's buffer typemaps for anything but exact bytes (key: AsReadBufferInt).
        return core.hmac(algo, key if key.__class__ is bytes else _buffer(key),
                         data if data.__class__ is bytes else _buffer(data, sized=True))
    except core.Error:
        raise ValueError("unknown algorithm", algo) from None


def _cipher_reason(alg: str, key_as_bytes: int, d: str) -> str:
    """M2Crypto's checks of a cipher choice, then why it is unsafe ("")."""
    # M2Crypto looks the name up as an m2 getter first: a name in a known
    # family that OpenSSL lacks ("aes_999_cbc") is its ValueError too.
    if getattr(m2, alg, None) is None:
        raise ValueError("unknown cipher", alg)
    try:
        m2c.cipher_name(alg)
    except core.Error:
        raise ValueError("unknown cipher", alg) from None
    if key_as_bytes and getattr(m2, d, None) is None:
        raise ValueError("unknown message digest", d)
    return m2c.cipher_unsafe_reason(alg, bool(key_as_bytes), d)


@_class("m2crypto.EVP.Cipher")
class Cipher:
    """A streaming cipher. Legacy algorithms (bf, cast5, des, rc2, rc4) come
    from OpenSSL 3's legacy provider in a private library context."""
    ctx = OwnHandle()
    m2_cipher_ctx_free = _native_free("m2crypto.EVP.Cipher.m2_cipher_ctx_free")

    def __init__(self, alg: str, key: bytes, iv: bytes, op: int, key_as_bytes: int = 0,
                 d: str = "md5", salt: bytes = b"12345678", i: int = 1, padding: int = 1) -> None:
        choice = ((alg, bool(key_as_bytes), d)
                  if alg.__class__ is str and d.__class__ is str else None)
        reason = _CIPHER_REASON.get(choice) if choice else None
        if reason is None:
            reason = _cipher_reason(alg, key_as_bytes, d)
            if choice and len(_CIPHER_REASON) < _MAX_REMEMBERED:
                _CIPHER_REASON[choice] = reason
        if reason:
            unsafe_operation("m2crypto.EVP.Cipher", reason)
        # Exact types go straight to the core, which takes truth values for
        # the flags; anything else is converted first, with M2Crypto's errors.
        # M2Crypto reads i (m2.bytes_to_key's argument 6) only with key_as_bytes.
        op = _a.check_int(op, "cipher_init", 5)
        self._ctx = m2c.Cipher(alg, key if key.__class__ is bytes else to_bytes(key, "key"),
                               iv if iv.__class__ is bytes else _bytes_arg(iv or b"", "iv"),
                               op, key_as_bytes, d, _bytes_arg(salt, "salt"),
                               _a.check_int(i, "bytes_to_key", 6) if key_as_bytes else 1,
                               padding)
        self.cipher = alg

    def __int__(self) -> int:
        # The object is its own `ctx` handle; int() identifies it, as int()
        # of M2Crypto's SWIG pointer does.
        return id(self)

    def update(self, data: bytes) -> bytes:
        return self._ctx.update(_update_data(data))

    # C from the caller to OpenSSL for bytes data, as MessageDigest's.
    update = handle_call(_ep("m2crypto.EVP.Cipher.update"), "_ctx", m2c.Cipher.update, update,
                         exact=(bytes,))

    @_ep("m2crypto.EVP.Cipher.update_aad")
    def update_aad(self, data: bytes) -> None:
        self._ctx.update_aad(to_bytes(data))

    @_ep("m2crypto.EVP.Cipher.set_iv_len")
    def set_iv_len(self, length: int) -> int:
        # The iv length is taken from the iv given to the constructor.
        return 1

    @_ep("m2crypto.EVP.Cipher.set_tag")
    def set_tag(self, tag: bytes) -> int:
        self._ctx.set_tag(to_bytes(tag, "tag"))
        return 1

    @_ep("m2crypto.EVP.Cipher.get_tag")
    def get_tag(self, length: int = 16) -> bytes:
        return self._ctx.get_tag(length)

    def final(self) -> bytes:
        return self._ctx.final()

    final = handle_call(_ep("m2crypto.EVP.Cipher.final"), "_ctx", m2c.Cipher.final, final)

    @_ep("m2crypto.EVP.Cipher.set_padding")
    def set_padding(self, padding: int = 1) -> int:
        self._ctx.set_padding(bool(padding))
        return 1



_TYPE_RSA = 6
_TYPE_EC = 408
# Key types whose i2d_PublicKey is the SPKI BIT STRING (RSA, DSA, EC).
_RAW_PUBLIC_KEY_TYPES = frozenset({6, 116, 408})


@_class("m2crypto.EVP.PKey")
class PKey:
    """An asymmetric key plus a digest context for sign/verify."""
    m2_pkey_free = _native_free("m2crypto.EVP.PKey.m2_pkey_free")
    m2_md_ctx_free = _native_free("m2crypto.EVP.PKey.m2_md_ctx_free")
    _provider_owner: Any  # the Provider a key was generated through (Provider.py)

    def __init__(self, pkey=None, _pyfree: int = 0, md: Optional[str] = _release.DIGEST) -> None:
        if isinstance(pkey, _pkey_holder()):  # what m2.pkey_new() returns
            pkey = pkey.key
        self._key = pkey if isinstance(pkey, core.Key) else None
        self._pyfree = _pyfree
        self._set_context(md)

    @classmethod
    def _from_core(cls, key, md: Optional[str] = _release.DIGEST) -> PKey:
        self = cls.__new__(cls)
        self._key = key
        self._pyfree = 1
        self._set_context(md)
        return self

    @property
    def pkey(self):
        return self._key

    def _ptr(self):
        return self._key

    def _set_context(self, md: Optional[str]) -> None:
        self.md = _digest_name(md) if md else None
        self._data = bytearray()

    def _require_key(self):
        if self._key is None:
            raise EVPError("PKey is not initialized")
        return self._key

    @_ep("m2crypto.EVP.PKey.reset_context")
    def reset_context(self, md: Optional[str] = _release.DIGEST) -> None:
        self._set_context(md)

    @_ep("m2crypto.EVP.PKey.sign_init")
    def sign_init(self) -> None:
        self._data = bytearray()

    @_ep("m2crypto.EVP.PKey.sign_update")
    def sign_update(self, data: bytes) -> None:
        self._data += to_bytes(data)

    @_ep("m2crypto.EVP.PKey.sign_final")
    def sign_final(self) -> bytes:
        key = self._require_key()
        if self.md and is_weak_digest(self.md):
            unsafe_operation("m2crypto.EVP.PKey.sign_final", f"signature with {self.md}")
        data, self._data = bytes(self._data), bytearray()
        return key.sign(data, self.md)

    # Deprecated aliases M2Crypto keeps (counted under the sign_* records).
    update = sign_update
    final = sign_final

    @_ep("m2crypto.EVP.PKey.verify_init")
    def verify_init(self) -> None:
        self._data = bytearray()

    @_ep("m2crypto.EVP.PKey.verify_update")
    def verify_update(self, data: bytes) -> int:
        self._data += to_bytes(data)
        return 1

    @_ep("m2crypto.EVP.PKey.verify_final")
    def verify_final(self, sign: bytes) -> int:
        key = self._require_key()
        data, self._data = bytes(self._data), bytearray()
        return self._verify(key, to_bytes(sign, "sign"), data)

    def _verify(self, key, sig: bytes, data: bytes) -> int:
        try:
            key.verify(sig, data, self.md)
        except core.Error as exc:
            if getattr(exc, "code", "") == "verify_failed":
                return 0
            raise
        return 1

    @_ep("m2crypto.EVP.PKey.digest_sign_init")
    def digest_sign_init(self) -> None:
        self._data = bytearray()

    @_ep("m2crypto.EVP.PKey.digest_sign_update")
    def digest_sign_update(self, data: bytes) -> None:
        self._data += to_bytes(data)

    @_ep("m2crypto.EVP.PKey.digest_sign_final")
    def digest_sign_final(self) -> bytes:
        return self.sign_final()

    @_ep("m2crypto.EVP.PKey.digest_sign")
    def digest_sign(self, data: bytes) -> bytes:
        return self._require_key().sign(to_bytes(data), self.md)

    @_ep("m2crypto.EVP.PKey.digest_verify_init")
    def digest_verify_init(self) -> None:
        self._data = bytearray()

    @_ep("m2crypto.EVP.PKey.digest_verify_update")
    def digest_verify_update(self, data: bytes) -> int:
        self._data += to_bytes(data)
        return 1

    @_ep("m2crypto.EVP.PKey.digest_verify_final")
    def digest_verify_final(self, sign: bytes) -> int:
        return self.verify_final(sign)

    @_ep("m2crypto.EVP.PKey.digest_verify")
    def digest_verify(self, sign: bytes, data: bytes) -> int:
        return self._verify(self._require_key(), to_bytes(sign, "sign"), to_bytes(data))

    @_ep("m2crypto.EVP.PKey.assign_rsa")
    def assign_rsa(self, rsa, capture: int = 1) -> int:
        self._key = rsa._key
        # In M2Crypto this is a legacy (non-provider) RSA EVP_PKEY, which
        # OpenSSL 3 prints as "RSA Public-Key"; X509 text follows that.
        self._legacy_rsa_text = True
        return 1

    @_ep("m2crypto.EVP.PKey.get_rsa")
    def get_rsa(self):
        from M2Crypto import RSA
        if self._key is None or self._key.type_id != _TYPE_RSA:
            raise ValueError("PKey instance is not holding a RSA key")
        return RSA.RSA_pub._from_core(self._key)

    @_ep("m2crypto.EVP.PKey.assign_ec")
    def assign_ec(self, ec, capture: int = 1) -> int:
        self._key = ec._key
        return 1

    @_ep("m2crypto.EVP.PKey.get_ec")
    def get_ec(self):
        from M2Crypto import EC
        if self._key is None or self._key.type_id != _TYPE_EC:
            raise ValueError("PKey instance is not holding a EC key")
        return EC.EC_pub._from_core(self._key)

    @_ep("m2crypto.EVP.PKey.save_key")
    def save_key(self, file, cipher: Optional[str] = "aes_128_cbc",
                 callback: Callable = util.passphrase_callback) -> int:
        with BIO.openfile(file, "wb") as bio:
            return self.save_key_bio(bio, cipher, callback)

    @_ep("m2crypto.EVP.PKey.save_key_bio")
    def save_key_bio(self, bio, cipher: Optional[str] = "aes_128_cbc",
                     callback: Callable = util.passphrase_callback) -> int:
        bio.write(self.as_pem(cipher, callback))
        return 1

    @_ep("m2crypto.EVP.PKey.as_pem")
    def as_pem(self, cipher: Optional[str] = "aes_128_cbc",
               callback: Callable = util.passphrase_callback) -> bytes:
        key = self._require_key()
        if cipher is None:
            return key.private_bytes(der=False, format="pkcs8")
        try:
            name = m2c.cipher_name(cipher)
        except core.Error:
            raise ValueError(f"cipher {cipher} not available") from None
        if not core.is_known_cipher(name):
            raise ValueError(f"cipher {cipher} not available")
        return key.private_bytes(
            der=False, format="pkcs8", cipher=name, passphrase=_passphrase(callback)
        )

    @_ep("m2crypto.EVP.PKey.as_der")
    def as_der(self) -> bytes:
        return self._require_key().public_bytes(der=True)

    @_ep("m2crypto.EVP.PKey.size")
    def size(self) -> int:
        key = self._require_key()
        # EVP_PKEY_get_size: the largest signature, in bytes.
        if key.type_id == _TYPE_RSA:
            return (key.bits + 7) // 8
        return len(key.sign(b"", self.md)) if key.has_private else (key.bits + 7) // 8

    @_ep("m2crypto.EVP.PKey.get_modulus")
    def get_modulus(self) -> Optional[bytes]:
        if self._key is None or self._key.type_id != _TYPE_RSA:
            raise ValueError("unsupported key type")
        n = m2c.bytes_from_mpi(m2c.rsa_n_mpi(self._key))
        return n.hex().upper().encode()


    @_ep("m2crypto.EVP.PKey.get_key_identifier")
    def get_key_identifier(self) -> bytes:
        """SHA-1 of the raw public key (the subjectPublicKey BIT STRING's
        contents, what i2d_PublicKey writes): RFC 5280 4.2.1.2 method 1."""
        key = self._require_key()
        if key.type_id not in _RAW_PUBLIC_KEY_TYPES:
            raise EVPError("unsupported key type for i2d_PublicKey")
        import hashlib

        return hashlib.sha1(_spki_bit_string(key.public_bytes(der=True))).digest()


def _der_item(der: bytes, at: int) -> tuple:
    """(tag, start of contents, end of contents) of the DER item at `at`."""
    tag, length, at = der[at], der[at + 1], at + 2
    if length & 0x80:
        count = length & 0x7F
        length, at = int.from_bytes(der[at:at + count], "big"), at + count
    return tag, at, at + length


def _spki_bit_string(spki: bytes) -> bytes:
    """subjectPublicKey of a SubjectPublicKeyInfo, without the unused-bits byte."""
    _, body, _ = _der_item(spki, 0)
    _, _, after_algorithm = _der_item(spki, body)
    tag, start, end = _der_item(spki, after_algorithm)
    if tag != 0x03:
        raise EVPError("malformed SubjectPublicKeyInfo")
    return spki[start + 1:end]


def _load_private(data: bytes, callback):
    return PKey._from_core(core.load_private_key(data, False, _passphrase(callback)))


def _load_public(data: bytes):
    return PKey._from_core(core.load_public_key(data, False, "spki"))



@_ep("m2crypto.EVP.load_key")
def load_key(file, callback: Callable = util.passphrase_callback) -> PKey:
    return _load_private(_open(file), callback)


@_ep("m2crypto.EVP.load_key_pubkey")
def load_key_pubkey(file, callback: Callable = util.passphrase_callback) -> PKey:
    return _load_public(_open(file))


@_ep("m2crypto.EVP.load_key_bio")
def load_key_bio(bio, callback: Callable = util.passphrase_callback) -> PKey:
    return _load_private(BIO._bio_bytes(bio), callback)


@_ep("m2crypto.EVP.load_key_bio_pubkey")
def load_key_bio_pubkey(bio, callback: Callable = util.passphrase_callback) -> PKey:
    return _load_public(BIO._bio_bytes(bio))


@_ep("m2crypto.EVP.load_key_string")
def load_key_string(string, callback: Callable = util.passphrase_callback) -> PKey:
    return _load_private(util.py3bytes(string), callback)


@_ep("m2crypto.EVP.load_key_string_pubkey")
def load_key_string_pubkey(string, callback: Callable = util.passphrase_callback) -> PKey:
    return _load_public(util.py3bytes(string))
