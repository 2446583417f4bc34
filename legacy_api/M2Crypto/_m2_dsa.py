"""m2.dsa_*: DSA parameters and keys on handles, as M2Crypto's DSA module
calls them (m2.dsa_generate_parameters, m2.dsa_gen_key(dsa.dsa), ...).

A DSA* is a KeyHandle (DSA.DSA's .dsa / _ptr()), or a holder from
m2.dsa_new() + m2.dsa_set_pqg. Numbers come back as MPIs, as in M2Crypto.
Failures raise the class registered with m2.dsa_init (DSA.DSAError).
Parameters below policy.MIN_DSA_BITS are reported as unsafe (refused under strict)."""
from __future__ import annotations

from typing import Callable, Optional, Tuple

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point
from cryptoshim.legacy import unsafe_operation
from cryptoshim.policy import MIN_DSA_BITS
from M2Crypto import _m2_pki_args as _a
from M2Crypto._common import m2c
from M2Crypto._keyio import passphrase as _passphrase
from M2Crypto._m2_components import DsaHolder
from M2Crypto._m2_keyhandle import KeyHandle
from M2Crypto._m2_pkey_io import cipher_name, der_signature_size, read_private, read_public

__all__ = ["dsa_init", "dsa_free", "dsa_type_check", "dsa_generate_parameters", "dsa_gen_key",
           "dsa_keylen", "dsa_size", "dsa_get_p", "dsa_get_q", "dsa_get_g", "dsa_get_pub",
           "dsa_get_priv", "dsa_check_key", "dsa_check_pub_key", "dsa_read_params",
           "dsa_read_key", "dsa_read_pub_key", "dsa_write_params_bio", "dsa_write_key_bio",
           "dsa_write_key_bio_no_cipher", "dsa_write_pub_key_bio", "dsa_sign", "dsa_verify",
           "dsa_sign_asn1", "dsa_verify_asn1"]

_TYPE_DSA = 116


def _error(exc) -> BaseException:
    return _a.error("dsa", str(exc))


def _handle(dsa, func: str, argno: int = 1) -> KeyHandle:
    if isinstance(dsa, DsaHolder):  # m2.dsa_new() + m2.dsa_set_*
        return KeyHandle(dsa.key())
    if isinstance(dsa, _c.Key) and dsa.type_id == _TYPE_DSA:
        return KeyHandle(dsa)
    return _a.check(dsa, KeyHandle, func, argno, "DSA *")


def _key(dsa, func: str) -> _c.Key:
    handle = _handle(dsa, func)
    if handle.key is None or handle.key.type_id != _TYPE_DSA:
        raise _a.type_error(func, 1, "DSA *")
    return handle.key


def _component(dsa, name: str, func: str) -> bytes:
    k = _key(dsa, func)
    try:
        return m2c.dsa_component(k, name)
    except _c.Error:
        raise _a.error("dsa", f"'{name}' is unset") from None


@_entry_point("m2crypto.m2.dsa_init")
def dsa_init(dsa_err) -> None:
    _a.register_error("dsa", dsa_err)


@_entry_point("m2crypto.m2.dsa_free")
def dsa_free(dsa) -> None:
    if not isinstance(dsa, DsaHolder):  # a holder may be freed before anything is set
        _handle(dsa, "dsa_free")


@_entry_point("m2crypto.m2.dsa_type_check")
def dsa_type_check(dsa) -> int:
    _handle(dsa, "dsa_type_check")
    return 1


@_entry_point("m2crypto.m2.dsa_generate_parameters", errors=_error)
def dsa_generate_parameters(bits, pyfunc: Optional[Callable]) -> KeyHandle:
    size = _a.check_int(bits, "dsa_generate_parameters", 1)
    if size < MIN_DSA_BITS:
        unsafe_operation("m2crypto.m2.dsa_generate_parameters", f"DSA-{size}")
    return KeyHandle(m2c.dsa_generate_params(max(size, 512)))


@_entry_point("m2crypto.m2.dsa_gen_key", errors=_error)
def dsa_gen_key(dsa) -> int:
    """Generates a key pair from the parameters, in the handle."""
    if isinstance(dsa, DsaHolder):
        dsa.generated = m2c.dsa_generate_key(dsa.key())
        return 1
    handle = _handle(dsa, "dsa_gen_key")
    if handle.key is None:
        raise _a.error("dsa", "DSA parameters are not set")
    handle.key = m2c.dsa_generate_key(handle.key)
    return 1


@_entry_point("m2crypto.m2.dsa_keylen")
def dsa_keylen(dsa) -> int:
    return int(_key(dsa, "dsa_keylen").bits)


@_entry_point("m2crypto.m2.dsa_size")
def dsa_size(dsa) -> int:
    """DSA_size: the largest DER signature, from the size of q."""
    q = m2c.bytes_from_mpi(_component(dsa, "q", "dsa_size"))
    return der_signature_size(int.from_bytes(q, "big").bit_length())


def _getter(name: str):
    func = "dsa_get_" + name

    @_entry_point("m2crypto.m2." + func)
    def get(dsa) -> bytes:
        return _component(dsa, name, func)
    get.__name__ = get.__qualname__ = func
    return get


dsa_get_p = _getter("p")
dsa_get_q = _getter("q")
dsa_get_g = _getter("g")
dsa_get_pub = _getter("pub")
dsa_get_priv = _getter("priv")


@_entry_point("m2crypto.m2.dsa_check_key")
def dsa_check_key(dsa) -> int:
    return 1 if m2c.dsa_has_key(_key(dsa, "dsa_check_key"), True) else 0


@_entry_point("m2crypto.m2.dsa_check_pub_key")
def dsa_check_pub_key(dsa) -> int:
    return 1 if m2c.dsa_has_key(_key(dsa, "dsa_check_pub_key"), False) else 0


@_entry_point("m2crypto.m2.dsa_read_params", errors=_error)
def dsa_read_params(bio, pyfunc: Optional[Callable]) -> KeyHandle:
    block = _a.read_pem_block(_a.bio(bio, "dsa_read_params"))
    if not block:
        raise _a.error("dsa", "no start line (Expecting: DSA PARAMETERS)")
    return KeyHandle(m2c.dsa_load_params(block))


@_entry_point("m2crypto.m2.dsa_read_key", errors=_error)
def dsa_read_key(bio, pyfunc: Optional[Callable]) -> KeyHandle:
    return KeyHandle(read_private(bio, pyfunc, _TYPE_DSA, "dsa", "dsa_read_key"))


@_entry_point("m2crypto.m2.dsa_read_pub_key", errors=_error)
def dsa_read_pub_key(bio, pyfunc: Optional[Callable]) -> KeyHandle:
    return KeyHandle(read_public(bio, _TYPE_DSA, "dsa", "dsa_read_pub_key"))


@_entry_point("m2crypto.m2.dsa_write_params_bio", errors=_error)
def dsa_write_params_bio(dsa, bio) -> int:
    k = _key(dsa, "dsa_write_params_bio")
    return _a.write(_a.bio(bio, "dsa_write_params_bio", 2), m2c.dsa_params_pem(k))


@_entry_point("m2crypto.m2.dsa_write_key_bio", errors=_error)
def dsa_write_key_bio(dsa, bio, cipher, pyfunc: Callable) -> int:
    func = "dsa_write_key_bio"
    k = _key(dsa, func)
    out = _a.bio(bio, func, 2)
    name = cipher_name(cipher, func, 3)
    return _a.write(out, k.private_bytes(der=False, format="traditional", cipher=name,
                                         passphrase=_passphrase(pyfunc)))


@_entry_point("m2crypto.m2.dsa_write_key_bio_no_cipher", errors=_error)
def dsa_write_key_bio_no_cipher(dsa, bio, pyfunc: Optional[Callable]) -> int:
    k = _key(dsa, "dsa_write_key_bio_no_cipher")
    out = _a.bio(bio, "dsa_write_key_bio_no_cipher", 2)
    return _a.write(out, k.private_bytes(der=False, format="traditional"))


@_entry_point("m2crypto.m2.dsa_write_pub_key_bio", errors=_error)
def dsa_write_pub_key_bio(dsa, bio) -> int:
    k = _key(dsa, "dsa_write_pub_key_bio")
    return _a.write(_a.bio(bio, "dsa_write_pub_key_bio", 2), k.public_bytes(der=False))


def _private(dsa, func: str) -> _c.Key:
    k = _key(dsa, func)
    if not m2c.dsa_has_key(k, True):
        raise _a.error("dsa", "missing private key")
    return k


def _verify(k: _c.Key, digest: bytes, der: bytes, func: str) -> int:
    try:
        m2c.verify_prehashed(k, digest, der)
    except _c.Error as exc:
        if getattr(exc, "code", "") == "verify_failed":
            return 0
        raise _a.error("dsa", f"Unknown error in function {func}.") from None
    return 1


@_entry_point("m2crypto.m2.dsa_sign", errors=_error)
def dsa_sign(dsa, data) -> Tuple[bytes, bytes]:
    k = _private(dsa, "dsa_sign")
    return m2c.ecdsa_der_to_mpis(m2c.sign_prehashed(k, _a.check_bytes(data)))


@_entry_point("m2crypto.m2.dsa_verify", errors=_error)
def dsa_verify(dsa, data, r, s) -> int:
    k = _key(dsa, "dsa_verify")
    digest = _a.check_bytes(data)
    der = m2c.ecdsa_mpis_to_der(_a.check_bytes(r), _a.check_bytes(s))
    return _verify(k, digest, der, "dsa_verify")


@_entry_point("m2crypto.m2.dsa_sign_asn1", errors=_error)
def dsa_sign_asn1(dsa, data) -> bytes:
    return m2c.sign_prehashed(_private(dsa, "dsa_sign_asn1"), _a.check_bytes(data))


@_entry_point("m2crypto.m2.dsa_verify_asn1", errors=_error)
def dsa_verify_asn1(dsa, data, sig) -> int:
    k = _key(dsa, "dsa_verify_asn1")
    digest, der = _a.check_bytes(data), _a.check_bytes(sig)
    try:
        m2c.ecdsa_der_to_mpis(der)  # DSA-Sig-Value and ECDSA-Sig-Value share one shape
    except _c.Error:
        raise _a.error("dsa", "Unknown error in function dsa_verify_asn1.") from None
    return _verify(k, digest, der, "dsa_verify_asn1")
