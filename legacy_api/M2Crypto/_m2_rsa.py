"""m2.rsa_*: M2Crypto's flat RSA functions on RSA handles.

An RSA* here is what RSA.RSA holds (`rsa.rsa`, a handle owning a core
key), which m2.rsa_generate_key / rsa_read_key return, so that
`RSA.RSA(m2.rsa_read_key(bio._ptr(), cb), 1)` works; a holder from
m2.rsa_new() is accepted too once n and e are set. Failures raise the
class M2Crypto registers with m2.rsa_init (RSA.RSAError) with OpenSSL's
reason; the decrypt functions return None on failure, as M2Crypto's do
from 0.45.1 on (0.38.0 raised: _release.DECRYPT_FAILURE_RAISES).
Raw RSA (no_padding) and small or e=3 keys are reported as unsafe."""
from __future__ import annotations

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point
from cryptoshim.legacy import unsafe_operation as _unsafe
from cryptoshim.policy import MIN_RSA_BITS, is_weak_digest
from M2Crypto import _m2 as _ext
from M2Crypto import _release
from M2Crypto._common import joined_message, swig_bytes
from M2Crypto._m2_bio import _bio, _buffer, _int

__all__ = [
    "rsa_size", "rsa_check_key", "rsa_check_pub_key", "rsa_type_check", "rsa_generate_key",
    "rsa_read_key", "rsa_read_pub_key", "rsa_write_key", "rsa_write_key_no_cipher",
    "rsa_write_pub_key", "rsa_write_key_der", "rsa_public_encrypt", "rsa_public_decrypt",
    "rsa_private_encrypt", "rsa_private_decrypt", "rsa_sign", "rsa_verify",
    "rsa_padding_add_pkcs1_pss", "rsa_verify_pkcs1_pss", "rsa_set_en_bin", "rsa_set_ex_data",
    "rsa_get_ex_data", "rsa_free",
]

_m2c = _c.m2crypto
_TYPE_RSA, _TYPE_RSA_PSS = 6, 912


def _rsa_mod():
    from M2Crypto import RSA  # M2Crypto.RSA imports m2
    return RSA


def _error(exc_or_text) -> Exception:
    from M2Crypto._common import message
    text = exc_or_text if isinstance(exc_or_text, str) else message(exc_or_text)
    return _rsa_mod().RSAError(text)


def handle(key):
    """An RSA* handle for a core key (what RSA.RSA(handle) wraps)."""
    return _rsa_mod()._RsaHandle(key)


def rsa_key(rsa, fn: str, argnum: int = 1):
    """The core key behind an RSA* handle."""
    if rsa is None:
        raise ValueError("Received a NULL pointer.")
    key = getattr(rsa, "key", None)
    if isinstance(key, _c.Key) and type(rsa).__name__ == "_RsaHandle":
        return key
    if type(rsa).__name__ == "SwigPyObject":
        from M2Crypto._m2_components import rsa_holder_key
        try:
            if _holder_has_key(rsa):
                return rsa_holder_key(rsa)
        except (TypeError, _rsa_mod().RSAError):
            pass
        raise _error(f"{fn}: the RSA key has no n and e")
    raise TypeError(f"in method '{fn}', argument {argnum} of type 'RSA *'")


def _holder_has_key(holder) -> bool:
    """Whether n and e of a holder from m2.rsa_new() are set (non-zero)."""
    try:
        n, e = _ext.rsa_get_n(holder), _ext.rsa_get_e(holder)
    except (TypeError, ValueError):
        return False
    return any(_m2c.bytes_from_mpi(n)) and any(_m2c.bytes_from_mpi(e))


def _callable(pyfunc):
    if not callable(pyfunc):
        raise TypeError("expected PyCallable")
    return pyfunc


@_entry_point("m2crypto.m2.rsa_free")
def rsa_free(rsa) -> None:
    """RSA_free: releases a holder from m2.rsa_new(); an RSA object's handle
    (`rsa.rsa`) is released with its last reference, so this is a no-op."""
    if type(rsa).__name__ == "SwigPyObject":
        _ext.rsa_free(rsa)
        return
    rsa_key(rsa, "rsa_free")


@_entry_point("m2crypto.m2.rsa_size")
def rsa_size(rsa) -> int:
    return (rsa_key(rsa, "rsa_size").bits + 7) // 8


@_entry_point("m2crypto.m2.rsa_check_key")
def rsa_check_key(rsa) -> int:
    key = rsa_key(rsa, "rsa_check_key")
    if not key.has_private:
        return 0
    try:
        key.check()
    except _c.Error:
        return 0
    return 1


@_entry_point("m2crypto.m2.rsa_check_pub_key")
def rsa_check_pub_key(rsa) -> int:
    if type(rsa).__name__ == "SwigPyObject":
        return 1 if _holder_has_key(rsa) else 0
    rsa_key(rsa, "rsa_check_pub_key")
    return 1


@_entry_point("m2crypto.m2.rsa_type_check")
def rsa_type_check(rsa) -> int:
    rsa_key(rsa, "rsa_type_check")
    return 1


@_entry_point("m2crypto.m2.rsa_generate_key")
def rsa_generate_key(bits: int, e: int, pyfunc):
    _callable(pyfunc)
    bits, e = _int(bits, "rsa_generate_key"), _int(e, "rsa_generate_key")
    if bits < 512:
        raise _error("key size too small")
    if e < 3 or e % 2 == 0:
        raise _error("pub exponent out of range")
    if bits < MIN_RSA_BITS or e == 3:
        _unsafe("m2crypto.m2.rsa_generate_key", f"RSA-{bits} with e={e}")
    try:
        return handle(_c.generate_rsa_key(bits, e))
    except _c.Error as exc:
        raise _error(exc) from None


def _as_rsa(key):
    if key.type_id == _TYPE_RSA_PSS:
        key = _m2c.rsa_without_pss_restrictions(key)
    return key if key.type_id == _TYPE_RSA else None


@_entry_point("m2crypto.m2.rsa_read_key")
def rsa_read_key(bio, pyfunc):
    """PEM_read_bio_RSAPrivateKey: the key, or None when the BIO holds no
    readable RSA private key (bad passphrase included)."""
    from M2Crypto._keyio import passphrase
    b = _bio(bio, "rsa_read_key")
    _callable(pyfunc)
    data = b._read(None) or b""
    try:
        key = _as_rsa(_c.load_private_key(bytes(data), False, passphrase(pyfunc)))
    except _c.Error:
        return None
    return handle(key) if key is not None else None


@_entry_point("m2crypto.m2.rsa_read_pub_key")
def rsa_read_pub_key(bio):
    """PEM_read_bio_RSA_PUBKEY (a SubjectPublicKeyInfo); None otherwise."""
    b = _bio(bio, "rsa_read_pub_key")
    data = b._read(None) or b""
    try:
        key = _as_rsa(_c.load_public_key(bytes(data), False, "spki"))
    except _c.Error:
        return None
    return handle(key) if key is not None else None


def _cipher_name(cipher) -> str:
    if cipher is None:
        raise ValueError("Received a NULL pointer.")
    try:
        return _m2c.cipher_name(_ext.cipher_name(cipher))
    except TypeError:
        raise TypeError("expected an EVP_CIPHER from m2.aes_128_cbc() and friends") from None


def _write(bio, fn: str, data: bytes) -> int:
    _bio(bio, fn, 2)._write(data)
    return 1


@_entry_point("m2crypto.m2.rsa_write_key")
def rsa_write_key(rsa, bio, cipher, pyfunc) -> int:
    from M2Crypto._keyio import passphrase
    key = rsa_key(rsa, "rsa_write_key")
    _bio(bio, "rsa_write_key", 2)
    name = _cipher_name(cipher)
    _callable(pyfunc)
    if not key.has_private:
        return 0
    try:
        pem = key.private_bytes(der=False, format="traditional", cipher=name,
                                passphrase=passphrase(pyfunc))
    except _c.Error as exc:
        raise _error(exc) from None
    return _write(bio, "rsa_write_key", pem)


@_entry_point("m2crypto.m2.rsa_write_key_no_cipher")
def rsa_write_key_no_cipher(rsa, bio, pyfunc) -> int:
    key = rsa_key(rsa, "rsa_write_key_no_cipher")
    _bio(bio, "rsa_write_key_no_cipher", 2)
    _callable(pyfunc)
    if not key.has_private:
        return 0
    return _write(
        bio, "rsa_write_key_no_cipher", key.private_bytes(der=False, format="traditional")
    )


@_entry_point("m2crypto.m2.rsa_write_pub_key")
def rsa_write_pub_key(rsa, bio) -> int:
    key = rsa_key(rsa, "rsa_write_pub_key")
    _bio(bio, "rsa_write_pub_key", 2)
    return _write(bio, "rsa_write_pub_key", key.public_bytes(der=False))


@_entry_point("m2crypto.m2.rsa_write_key_der")
def rsa_write_key_der(rsa, bio) -> int:
    key = rsa_key(rsa, "rsa_write_key_der")
    _bio(bio, "rsa_write_key_der", 2)
    if not key.has_private:
        return 0
    return _write(bio, "rsa_write_key_der", key.private_bytes(der=True, format="traditional"))


def _padding(api_id: str, padding) -> int:
    padding = _int(padding, api_id.rsplit(".", 1)[1])
    if _m2c.is_unsafe_rsa_padding(padding):
        _unsafe(api_id, "raw RSA (no_padding)" if padding == 3 else "X9.31 padding")
    return padding


def _crypt(fn: str, rsa, data, padding, decrypt: bool) -> bytes | None:
    none_on_failure = decrypt and not _release.DECRYPT_FAILURE_RAISES
    key = rsa_key(rsa, fn)
    data = _buffer(data)
    padding = _padding("m2crypto.m2." + fn, padding)
    if fn.startswith("rsa_private") and not key.has_private:
        if none_on_failure:
            return None
        raise _error("missing private key")
    try:
        return getattr(_m2c, fn)(key, data, padding)
    except _c.Error as exc:
        if none_on_failure:
            return None
        raise _error(exc) from None


@_entry_point("m2crypto.m2.rsa_public_encrypt")
def rsa_public_encrypt(rsa, data, padding: int) -> bytes | None:
    return _crypt("rsa_public_encrypt", rsa, data, padding, False)


@_entry_point("m2crypto.m2.rsa_private_decrypt")
def rsa_private_decrypt(rsa, data, padding: int) -> bytes | None:
    return _crypt("rsa_private_decrypt", rsa, data, padding, True)


@_entry_point("m2crypto.m2.rsa_private_encrypt")
def rsa_private_encrypt(rsa, data, padding: int) -> bytes | None:
    return _crypt("rsa_private_encrypt", rsa, data, padding, False)


@_entry_point("m2crypto.m2.rsa_public_decrypt")
def rsa_public_decrypt(rsa, data, padding: int) -> bytes | None:
    return _crypt("rsa_public_decrypt", rsa, data, padding, True)


def _digest_of_nid(nid) -> str:
    name = _ext.obj_nid2sn(_int(nid, "rsa_sign"))
    if not name:
        raise _error("the asn1 object identifier is not known for this md")
    return name.lower()


@_entry_point("m2crypto.m2.rsa_sign")
def rsa_sign(rsa, digest, method_type: int) -> bytes:
    """RSA_sign: PKCS#1 v1.5 over an already computed digest."""
    key = rsa_key(rsa, "rsa_sign")
    digest = swig_bytes(digest)
    name = _digest_of_nid(method_type)
    if is_weak_digest(name) or key.bits < MIN_RSA_BITS:
        _unsafe("m2crypto.m2.rsa_sign", f"RSA-{key.bits} PKCS#1 v1.5 over {name}")
    try:  # the core makes RSA_sign's checks ("missing private key", ...)
        return _m2c.rsa_sign(key, digest, name)
    except _c.Error as exc:
        raise _error(joined_message(exc)) from None


@_entry_point("m2crypto.m2.rsa_verify")
def rsa_verify(rsa, data, signature, method_type: int) -> int:
    key = rsa_key(rsa, "rsa_verify")
    data, signature = swig_bytes(data), swig_bytes(signature)
    name = _digest_of_nid(method_type)
    try:
        _m2c.rsa_verify(key, data, signature, name)
    except _c.Error as exc:
        raise _error(joined_message(exc)) from None
    return 1


def _md_name(md) -> str:
    if md is None:
        raise ValueError("Received a NULL pointer.")
    try:
        return _ext.md_name(md).lower()
    except TypeError:
        raise TypeError("expected an EVP_MD from m2.sha256() and friends") from None


@_entry_point("m2crypto.m2.rsa_padding_add_pkcs1_pss")
def rsa_padding_add_pkcs1_pss(rsa, digest, hash, salt_length: int) -> bytes:
    """RSA_padding_add_PKCS1_PSS: the EMSA-PSS encoded block (to be
    raw-RSA signed with no_padding)."""
    from M2Crypto._pss import emsa_pss_encode
    key = rsa_key(rsa, "rsa_padding_add_pkcs1_pss")
    digest = _buffer(digest)
    name = _md_name(hash)
    try:
        return emsa_pss_encode(
            digest, name, _int(salt_length, "rsa_padding_add_pkcs1_pss"), key.bits
        )
    except ValueError as exc:
        raise _error(str(exc)) from None


@_entry_point("m2crypto.m2.rsa_verify_pkcs1_pss")
def rsa_verify_pkcs1_pss(rsa, digest, signature, hash, salt_length: int) -> int:
    """RSA_verify_PKCS1_PSS: 1 when `signature` (an encoded block, as
    rsa_padding_add_pkcs1_pss makes) is EMSA-PSS of `digest`, else 0."""
    from M2Crypto._pss import emsa_pss_verify
    key = rsa_key(rsa, "rsa_verify_pkcs1_pss")
    digest, signature = _buffer(digest), _buffer(signature)
    name = _md_name(hash)
    return 1 if emsa_pss_verify(digest, signature, name, _int(salt_length, "rsa_verify_pkcs1_pss"),
                                key.bits) else 0


@_entry_point("m2crypto.m2.rsa_set_en_bin")
def rsa_set_en_bin(rsa, eval, nval) -> None:
    """M2Crypto's rsa_set_en_bin passes its arguments to RSA_set0_key as
    (n=eval, e=nval); callers depend on that order, so it is kept."""
    n_bin, e_bin = _buffer(eval), _buffer(nval)
    n_mpi, e_mpi = _m2c.mpi_from_bytes(n_bin), _m2c.mpi_from_bytes(e_bin)
    if type(rsa).__name__ == "SwigPyObject":
        _ext.rsa_set_n(rsa, n_mpi)
        _ext.rsa_set_e(rsa, e_mpi)
        return
    rsa_key(rsa, "rsa_set_en_bin")
    if rsa.key.has_private:
        raise _error("cannot replace (e, n) under a private key")
    try:
        rsa.key = _m2c.rsa_public_key_from_mpi(e_mpi, n_mpi)
    except _c.Error as exc:
        raise _error(exc) from None


_EX_DATA: dict[int, dict[int, int]] = {}


@_entry_point("m2crypto.m2.rsa_set_ex_data")
def rsa_set_ex_data(rsa, index: int, data: int) -> int:
    rsa_key(rsa, "rsa_set_ex_data")
    if isinstance(data, bool) or not isinstance(data, int):
        raise TypeError("in method 'rsa_set_ex_data', argument 3 of type 'long'")
    _ex_data(rsa)[_int(index, "rsa_set_ex_data")] = data
    return 1


@_entry_point("m2crypto.m2.rsa_get_ex_data")
def rsa_get_ex_data(rsa, index: int) -> int:
    rsa_key(rsa, "rsa_get_ex_data")
    try:
        return _ex_data(rsa)[_int(index, "rsa_get_ex_data")]
    except KeyError:
        raise _error(f"no ex_data at index {index}") from None


def _ex_data(rsa) -> dict:
    # Held by the handle when it can carry it (RSA.RSA's), else by id.
    try:
        return rsa.ex_data
    except AttributeError:
        pass
    try:
        rsa.ex_data = {}
        return rsa.ex_data
    except AttributeError:
        return _EX_DATA.setdefault(id(rsa), {})
