"""m2 digest, signature, HMAC and RC4 contexts: md_ctx_new / digest_*,
sign_* / verify_* / digest_sign_* / digest_verify_*, hmac_*, rc4_*, and
bytes_to_key / pkcs5_pbkdf2_hmac_sha1.

The contexts are small Python objects over the core's streaming digest,
HMAC and cipher; digests (EVP_MD*) are the handles m2.sha256() and
m2.get_digestbyname() return. MD4/MD5/SHA-1/RIPEMD-160 digests, HMAC-MD5,
RC4 and low-iteration PBKDF2 are reported as unsafe."""
from __future__ import annotations

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point
from cryptoshim.legacy import unsafe_operation as _unsafe
from cryptoshim.policy import is_weak_digest, is_weak_mac_digest
from M2Crypto import _m2 as _ext
from M2Crypto._m2_bio import _buffer, _int
from M2Crypto._m2_pkey import _evp_error, core_key

__all__ = [
    "md_ctx_new", "md_ctx_free", "digest_init", "digest_update", "digest_final", "sign_init",
    "sign_update", "sign_final", "verify_init", "verify_update", "verify_final",
    "digest_sign_init", "digest_sign_update", "digest_sign_final", "digest_sign",
    "digest_verify_init", "digest_verify_update", "digest_verify_final", "digest_verify",
    "hmac_ctx_new", "hmac_ctx_free", "hmac_init", "hmac_update", "hmac_final", "hmac",
    "rc4_new", "rc4_free", "rc4_set_key", "rc4_update", "rc4_type_check", "bytes_to_key",
    "pkcs5_pbkdf2_hmac_sha1",
]

_m2c = _c.m2crypto


def _md_name(md, fn: str, argnum: int) -> str:
    if md is None:
        raise ValueError("Received a NULL pointer.")
    try:
        return _ext.md_name(md).lower()
    except TypeError:
        raise TypeError(f"in method '{fn}', argument {argnum} of type 'EVP_MD *'") from None


def _check(ctx, cls, fn: str):
    if ctx is None:
        raise ValueError("Received a NULL pointer.")
    if not isinstance(ctx, cls):
        raise TypeError(f"in method '{fn}', argument 1 of type '{cls.C_TYPE} *'")
    return ctx


class MdCtx:
    """An EVP_MD_CTX: a digest in progress, or the data of a signature in
    progress with its digest and (for digest_sign/verify) key."""

    C_TYPE = "EVP_MD_CTX"
    __slots__ = ("md", "digest", "data", "key")

    def __init__(self) -> None:
        self.md: str | None = None
        self.digest = None
        self.data: bytearray | None = None
        self.key = None

    def __int__(self) -> int:
        return id(self)


def _use_digest(api_id: str, name: str) -> None:
    if is_weak_digest(name):
        _unsafe(api_id, f"digest {name}")


@_entry_point("m2crypto.m2.md_ctx_new")
def md_ctx_new() -> MdCtx:
    return MdCtx()


@_entry_point("m2crypto.m2.md_ctx_free")
def md_ctx_free(ctx) -> None:
    _check(ctx, MdCtx, "md_ctx_free")


@_entry_point("m2crypto.m2.digest_init")
def digest_init(ctx, md) -> int:
    ctx = _check(ctx, MdCtx, "digest_init")
    name = _md_name(md, "digest_init", 2)
    _use_digest("m2crypto.m2.digest_init", name)
    ctx.md, ctx.digest, ctx.data, ctx.key = name, _c.Digest(name, allow_legacy=True), None, None
    return 1


@_entry_point("m2crypto.m2.digest_update")
def digest_update(ctx, blob) -> int:
    ctx = _check(ctx, MdCtx, "digest_update")
    data = _buffer(blob, sized=True)
    if ctx.digest is None:
        return 0  # EVP_DigestUpdate on a finished context fails
    ctx.digest.update(data)
    return 1


@_entry_point("m2crypto.m2.digest_final")
def digest_final(ctx) -> bytes:
    ctx = _check(ctx, MdCtx, "digest_final")
    if ctx.digest is None:
        # M2Crypto sizes its buffer by EVP_MD_CTX_size, 0 once finished.
        raise MemoryError("digest_final")
    out, ctx.digest = ctx.digest.finalize(), None
    return out


def _begin(ctx, fn: str, md=None, key=None) -> MdCtx:
    ctx = _check(ctx, MdCtx, fn)
    ctx.md = _md_name(md, fn, 2) if md is not None or key is None else None
    ctx.digest, ctx.data, ctx.key = None, bytearray(), key
    return ctx


def _feed(ctx, fn: str, blob) -> MdCtx:
    ctx = _check(ctx, MdCtx, fn)
    data = _buffer(blob)
    if ctx.data is None:
        raise _evp_error(f"{fn}: the context is not initialised for signing")
    ctx.data += data
    return ctx


def _take(ctx: MdCtx) -> bytes:
    data, ctx.data = bytes(ctx.data or b""), None
    return data


def _default_digest(key) -> str | None:
    # EVP_DigestSignInit with no digest: the key type's default (SHA-256),
    # none for Ed25519/Ed448.
    return None if key.type_name in ("ED25519", "ED448") else "sha256"


def _sign(api_id: str, key, data: bytes, md: str | None) -> bytes:
    if md is not None:
        _use_digest(api_id, md)
    if key is None or not key.has_private:
        raise _evp_error("{}: the key has no private part".format(api_id.rsplit(".", 1)[1]))
    try:
        return key.sign(data, md)
    except _c.Error as exc:
        from M2Crypto._common import message
        raise _evp_error(message(exc)) from None


def _verify(key, sig: bytes, data: bytes, md: str | None) -> int:
    if key is None:
        return -1
    try:
        key.verify(sig, data, md)
    except _c.Error:
        return 0
    return 1


@_entry_point("m2crypto.m2.sign_init")
def sign_init(ctx, md) -> int:
    if md is None:
        raise ValueError("Received a NULL pointer.")
    _begin(ctx, "sign_init", md)
    return 1


@_entry_point("m2crypto.m2.sign_update")
def sign_update(ctx, blob) -> None:
    _feed(ctx, "sign_update", blob)


@_entry_point("m2crypto.m2.sign_final")
def sign_final(ctx, pkey) -> bytes:
    ctx = _check(ctx, MdCtx, "sign_final")
    key = core_key(pkey, "sign_final", 2)
    return _sign("m2crypto.m2.sign_final", key, _take(ctx), ctx.md)


@_entry_point("m2crypto.m2.verify_init")
def verify_init(ctx, md) -> int:
    if md is None:
        raise ValueError("Received a NULL pointer.")
    _begin(ctx, "verify_init", md)
    return 1


@_entry_point("m2crypto.m2.verify_update")
def verify_update(ctx, blob) -> int:
    _feed(ctx, "verify_update", blob)
    return 1


@_entry_point("m2crypto.m2.verify_final")
def verify_final(ctx, blob, pkey) -> int:
    ctx = _check(ctx, MdCtx, "verify_final")
    sig = _buffer(blob)
    key = core_key(pkey, "verify_final", 3)
    return _verify(key, sig, _take(ctx), ctx.md)


@_entry_point("m2crypto.m2.digest_sign_init")
def digest_sign_init(ctx, pkey) -> int:
    key = core_key(pkey, "digest_sign_init", 2)
    if key is None:
        _check(ctx, MdCtx, "digest_sign_init")
        return 0
    _begin(ctx, "digest_sign_init", key=key).md = _default_digest(key)
    return 1


@_entry_point("m2crypto.m2.digest_sign_update")
def digest_sign_update(ctx, blob) -> None:
    _feed(ctx, "digest_sign_update", blob)


@_entry_point("m2crypto.m2.digest_sign_final")
def digest_sign_final(ctx) -> bytes:
    ctx = _check(ctx, MdCtx, "digest_sign_final")
    return _sign("m2crypto.m2.digest_sign_final", ctx.key, _take(ctx), ctx.md)


@_entry_point("m2crypto.m2.digest_sign")
def digest_sign(ctx, msg) -> bytes:
    ctx = _check(ctx, MdCtx, "digest_sign")
    data = _buffer(msg)
    return _sign("m2crypto.m2.digest_sign", ctx.key, data, ctx.md)


@_entry_point("m2crypto.m2.digest_verify_init")
def digest_verify_init(ctx, pkey) -> int:
    key = core_key(pkey, "digest_verify_init", 2)
    if key is None:
        _check(ctx, MdCtx, "digest_verify_init")
        return 0
    _begin(ctx, "digest_verify_init", key=key).md = _default_digest(key)
    return 1


@_entry_point("m2crypto.m2.digest_verify_update")
def digest_verify_update(ctx, blob) -> int:
    _feed(ctx, "digest_verify_update", blob)
    return 1


@_entry_point("m2crypto.m2.digest_verify_final")
def digest_verify_final(ctx, blob) -> int:
    ctx = _check(ctx, MdCtx, "digest_verify_final")
    sig = _buffer(blob)
    return _verify(ctx.key, sig, _take(ctx), ctx.md)


@_entry_point("m2crypto.m2.digest_verify")
def digest_verify(ctx, sig, msg) -> int:
    ctx = _check(ctx, MdCtx, "digest_verify")
    sig, data = _buffer(sig), _buffer(msg)
    return _verify(ctx.key, sig, data, ctx.md)


class HmacCtx:
    """An HMAC_CTX: nothing until hmac_init, then a running HMAC."""

    C_TYPE = "HMAC_CTX"
    __slots__ = ("stream",)

    def __init__(self) -> None:
        self.stream = None

    def __int__(self) -> int:
        return id(self)


def _hmac_digest(api_id: str, md, fn: str, argnum: int) -> str:
    name = _md_name(md, fn, argnum)
    if is_weak_mac_digest(name):
        _unsafe(api_id, f"HMAC-{name}")
    return name


@_entry_point("m2crypto.m2.hmac_ctx_new")
def hmac_ctx_new() -> HmacCtx:
    return HmacCtx()


@_entry_point("m2crypto.m2.hmac_ctx_free")
def hmac_ctx_free(ctx) -> None:
    _check(ctx, HmacCtx, "hmac_ctx_free").stream = None


@_entry_point("m2crypto.m2.hmac_init")
def hmac_init(ctx, key, md) -> None:
    ctx = _check(ctx, HmacCtx, "hmac_init")
    key = _buffer(key)
    name = _hmac_digest("m2crypto.m2.hmac_init", md, "hmac_init", 3)
    try:
        ctx.stream = _m2c.HmacStream(name, key)
    except _c.Error:
        raise _evp_error("HMAC_Init failed") from None


@_entry_point("m2crypto.m2.hmac_update")
def hmac_update(ctx, blob) -> None:
    ctx = _check(ctx, HmacCtx, "hmac_update")
    data = _buffer(blob, sized=True)
    if ctx.stream is None:
        raise _evp_error("HMAC_Update failed")
    ctx.stream.update(data)


@_entry_point("m2crypto.m2.hmac_final")
def hmac_final(ctx) -> bytes:
    ctx = _check(ctx, HmacCtx, "hmac_final")
    if ctx.stream is None:
        raise _evp_error("HMAC_Final failed")
    out, ctx.stream = ctx.stream.finalize(), None
    return out


@_entry_point("m2crypto.m2.hmac")
def hmac(key, data, md) -> bytes:
    key, data = _buffer(key), _buffer(data, sized=True)
    name = _hmac_digest("m2crypto.m2.hmac", md, "hmac", 3)
    try:
        return _c.hmac(name, key, data)
    except _c.Error as exc:
        raise _evp_error(f"HMAC failed: {exc}") from None


class Rc4Key:
    """An RC4_KEY: the keystream state once rc4_set_key has run."""

    C_TYPE = "RC4_KEY"
    __slots__ = ("stream",)

    def __init__(self) -> None:
        self.stream = None

    def __int__(self) -> int:
        return id(self)


_EMPTY_KEY = object()


@_entry_point("m2crypto.m2.rc4_new")
def rc4_new() -> Rc4Key:
    return Rc4Key()


@_entry_point("m2crypto.m2.rc4_free")
def rc4_free(key) -> None:
    _check(key, Rc4Key, "rc4_free").stream = None


@_entry_point("m2crypto.m2.rc4_type_check")
def rc4_type_check(key) -> int:
    _check(key, Rc4Key, "rc4_type_check")
    return 1


@_entry_point("m2crypto.m2.rc4_set_key")  # catalogued unsafe: warns / refuses on every call
def rc4_set_key(key, data) -> None:
    key = _check(key, Rc4Key, "rc4_set_key")
    data = _buffer(data, sized=True)
    if not data:
        key.stream = _EMPTY_KEY  # RC4_set_key accepts it; there is no keystream to use
        return
    try:
        key.stream = _m2c.Cipher("rc4", data, b"", 1, variable_key=True)
    except _c.Error as exc:
        from M2Crypto._common import message
        raise ValueError(f"rc4_set_key: {message(exc)}") from None


@_entry_point("m2crypto.m2.rc4_update")
def rc4_update(key, data) -> bytes:
    key = _check(key, Rc4Key, "rc4_update")
    data = _buffer(data, sized=True)
    if key.stream is None:
        raise ValueError("rc4_update: the RC4 key is not set (call m2.rc4_set_key first)")
    if key.stream is _EMPTY_KEY:
        raise ValueError("rc4_update: the RC4 key is empty")
    return key.stream.update(data)


# EVP_CIPHER_key_length of the ciphers m2 names (by prefix of their m2 name).
_KEY_LENGTHS = (("aes_128", 16), ("aes_192", 24), ("aes_256", 32), ("des_ede3", 24),
                ("des_ede", 16), ("des", 8), ("bf", 16), ("cast5", 16), ("rc4", 16),
                ("rc2_40", 5))


def _key_length(cipher) -> int:
    if cipher is None:
        raise ValueError("Received a NULL pointer.")
    try:
        name = _ext.cipher_name(cipher)
    except TypeError:
        raise TypeError("in method 'bytes_to_key', argument 1 of type 'EVP_CIPHER *'") from None
    for prefix, length in _KEY_LENGTHS:
        if name.startswith(prefix):
            return length
    raise _evp_error(f"bytes_to_key: unknown key length for {name}")


@_entry_point("m2crypto.m2.bytes_to_key")  # catalogued unsafe: warns / refuses on every call
def bytes_to_key(cipher, md, data, salt, iv, iter: int) -> bytes:
    """EVP_BytesToKey's key (the IV argument is unused, as in M2Crypto):
    D_i = md^iter(D_{i-1} || data || salt), concatenated to the key length."""
    length = _key_length(cipher)
    name = _md_name(md, "bytes_to_key", 2)
    data, salt = _buffer(data), _buffer(salt, sized=True)
    _buffer(iv)
    # OpenSSL reads PKCS5_SALT_LEN bytes from the salt pointer M2Crypto always
    # passes: an empty salt reads as eight zero bytes.
    salt8 = salt[:8].ljust(8, b"\0")
    out, block = b"", b""
    while len(out) < length:
        block = _c.digest(name, block + data + salt8)
        for _ in range(1, max(1, _int(iter, "bytes_to_key"))):
            block = _c.digest(name, block)
        out += block
    return out[:length]


@_entry_point("m2crypto.m2.pkcs5_pbkdf2_hmac_sha1")
def pkcs5_pbkdf2_hmac_sha1(password, salt, iter: int, keylen: int) -> bytes:
    password, salt = _buffer(password), _buffer(salt)
    iter, keylen = _int(iter, "pkcs5_pbkdf2_hmac_sha1"), _int(keylen, "pkcs5_pbkdf2_hmac_sha1")
    if keylen < 0:
        raise MemoryError()
    if iter < 1:
        raise ValueError("pkcs5_pbkdf2_hmac_sha1: the iteration count must be positive")
    if iter < 100000:
        _unsafe("m2crypto.m2.pkcs5_pbkdf2_hmac_sha1", f"PBKDF2-HMAC-SHA1 with {iter} iterations")
    if keylen == 0:
        return b""
    try:
        return _m2c.pbkdf2(password, salt, iter, keylen)
    except _c.Error as exc:
        raise ValueError(f"pkcs5_pbkdf2_hmac_sha1: {exc}") from None
