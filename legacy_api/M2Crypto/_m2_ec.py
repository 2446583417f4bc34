"""m2.ec_key_*, ec_*, ecdsa_* and ecdh_compute_key on handles, as M2Crypto's
EC module calls them (EC.EC(m2.ec_key_new_by_curve_name(nid), 1),
m2.ec_key_gen_key(ec.ec), m2.ecdsa_sign(ec.ec, digest)).

An EC_KEY* is a KeyHandle (EC.EC's .ec / _ptr()): a core key and its curve
name; from ec_key_new_by_curve_name it has the curve and no key until
ec_key_gen_key. Failures raise the class registered with m2.ec_init
(EC.ECError); where M2Crypto's reader returns NULL, None is returned."""
from __future__ import annotations

import re
from typing import Callable, Dict, List, Optional, Tuple, Union

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point
from M2Crypto import _m2_pki_args as _a
from M2Crypto._common import m2c
from M2Crypto._keyio import passphrase as _passphrase
from M2Crypto._m2_keyhandle import KeyHandle
from M2Crypto._m2_pkey_io import cipher_name, der_signature_size, read_private, read_public

__all__ = ["ec_init", "ec_get_builtin_curves", "ec_key_new", "ec_key_new_by_curve_name",
           "ec_key_free", "ec_key_type_check", "ec_key_keylen", "ec_key_size",
           "ec_key_gen_key", "ec_key_check_key", "ec_key_get_public_key",
           "ec_key_get_public_der", "ec_key_from_pubkey_der", "ec_key_from_pubkey_params",
           "ec_key_read_bio", "ec_key_read_pubkey", "ec_key_write_bio",
           "ec_key_write_bio_no_cipher", "ec_key_write_pubkey", "ecdsa_sign", "ecdsa_verify",
           "ecdsa_sign_asn1", "ecdsa_verify_asn1", "ecdsa_sig_get_r", "ecdsa_sig_get_s",
           "ecdh_compute_key"]

_TYPE_EC = 408


def _error(exc) -> BaseException:
    return _a.error("ec", str(exc))


def _handle(key, func: str, argno: int = 1) -> KeyHandle:
    if isinstance(key, _c.Key) and key.type_id == _TYPE_EC:
        return KeyHandle(key)
    handle = _a.check(key, KeyHandle, func, argno, "EC_KEY *")
    if handle.key is not None and handle.key.type_id != _TYPE_EC:
        raise _a.type_error(func, argno, "EC_KEY *")
    return handle


def _key(key, func: str, argno: int = 1) -> _c.Key:
    handle = _handle(key, func, argno)
    if handle.key is None:
        raise _a.error("ec", "the EC key has no key pair (call ec_key_gen_key)")
    return handle.key


def _curve_of(handle: KeyHandle) -> Optional[str]:
    """The handle's curve name; for a loaded key, the OID name OpenSSL prints."""
    if handle.curve is None and handle.key is not None:
        found = re.search(rb"ASN1 OID: (\S+)", handle.key.text())
        if found:
            handle.curve = found.group(1).decode()
    return handle.curve


@_entry_point("m2crypto.m2.ec_init")
def ec_init(ec_err) -> None:
    _a.register_error("ec", ec_err)


@_entry_point("m2crypto.m2.ec_get_builtin_curves")
def ec_get_builtin_curves() -> List[Dict[str, Union[int, str]]]:
    return m2c.ec_builtin_curves()


@_entry_point("m2crypto.m2.ec_key_new")
def ec_key_new() -> KeyHandle:
    """An EC_KEY with neither curve nor key (only freeing it is useful)."""
    return KeyHandle()


@_entry_point("m2crypto.m2.ec_key_new_by_curve_name", errors=_error)
def ec_key_new_by_curve_name(nid) -> KeyHandle:
    """The curve alone: ec_key_gen_key makes the key pair."""
    curve = _a.check_int(nid, "ec_key_new_by_curve_name", 1)
    return KeyHandle(None, m2c.curve_name_from_nid(curve))


@_entry_point("m2crypto.m2.ec_key_free")
def ec_key_free(key) -> None:
    _handle(key, "ec_key_free")


@_entry_point("m2crypto.m2.ec_key_type_check")
def ec_key_type_check(key) -> int:
    _handle(key, "ec_key_type_check")
    return 1


def _order_bits(handle: KeyHandle, func: str) -> int:
    if handle.key is not None:
        return int(handle.key.bits)
    if _curve_of(handle) is None:
        raise _a.error("ec", f"{func}: the EC key has no curve")
    return int(_c.generate_ec_key(handle.curve).bits)  # type: ignore[arg-type]  # _curve_of checked it


@_entry_point("m2crypto.m2.ec_key_keylen", errors=_error)
def ec_key_keylen(key) -> int:
    return _order_bits(_handle(key, "ec_key_keylen"), "ec_key_keylen")


@_entry_point("m2crypto.m2.ec_key_size", errors=_error)
def ec_key_size(key) -> int:
    """ECDSA_size: the largest DER signature for the curve."""
    return der_signature_size(_order_bits(_handle(key, "ec_key_size"), "ec_key_size"))


@_entry_point("m2crypto.m2.ec_key_gen_key", errors=_error)
def ec_key_gen_key(key) -> int:
    handle = _handle(key, "ec_key_gen_key")
    curve = _curve_of(handle)
    if curve is None:
        raise _a.error("ec", "the EC key has no curve")
    handle.key = _c.generate_ec_key(curve)
    return 1


@_entry_point("m2crypto.m2.ec_key_check_key")
def ec_key_check_key(key) -> int:
    handle = _handle(key, "ec_key_check_key")
    if handle.key is None:
        return 0
    try:
        handle.key.check()
    except _c.Error:
        return 0
    return 1


@_entry_point("m2crypto.m2.ec_key_get_public_key", errors=_error)
def ec_key_get_public_key(key) -> bytes:
    """The public point (uncompressed), b"" before a key is generated."""
    handle = _handle(key, "ec_key_get_public_key")
    return b"" if handle.key is None else m2c.ec_public_point(handle.key)


@_entry_point("m2crypto.m2.ec_key_get_public_der", errors=_error)
def ec_key_get_public_der(key) -> bytes:
    return _key(key, "ec_key_get_public_der").public_bytes(der=True)


@_entry_point("m2crypto.m2.ec_key_from_pubkey_der", errors=_error)
def ec_key_from_pubkey_der(pubkey) -> KeyHandle:
    k = _c.load_public_key(_a.check_bytes(pubkey), True, "spki")
    if k.type_id != _TYPE_EC:
        raise _a.error("ec", "not an EC key")
    return KeyHandle(k)


@_entry_point("m2crypto.m2.ec_key_from_pubkey_params", errors=_error)
def ec_key_from_pubkey_params(nid, pubkey) -> KeyHandle:
    curve = _a.check_int(nid, "ec_key_from_pubkey_params", 1)
    k = m2c.ec_public_key_from_point(curve, _a.check_bytes(pubkey))
    return KeyHandle(k, m2c.curve_name_from_nid(curve))


@_entry_point("m2crypto.m2.ec_key_read_bio")
def ec_key_read_bio(bio, pyfunc: Optional[Callable]) -> Optional[KeyHandle]:
    """The next PEM EC private key in the BIO, or None (NULL)."""
    try:
        return KeyHandle(read_private(bio, pyfunc, _TYPE_EC, "ec", "ec_key_read_bio"))
    except (ValueError, TypeError):
        raise
    except Exception:  # M2Crypto returns NULL for every read failure
        return None


@_entry_point("m2crypto.m2.ec_key_read_pubkey")
def ec_key_read_pubkey(bio) -> Optional[KeyHandle]:
    try:
        return KeyHandle(read_public(bio, _TYPE_EC, "ec", "ec_key_read_pubkey"))
    except (ValueError, TypeError):
        raise
    except Exception:  # M2Crypto returns NULL for every read failure
        return None


@_entry_point("m2crypto.m2.ec_key_write_bio", errors=_error)
def ec_key_write_bio(key, bio, cipher, pyfunc: Callable) -> int:
    func = "ec_key_write_bio"
    k = _key(key, func)
    out = _a.bio(bio, func, 2)
    name = cipher_name(cipher, func, 3)
    return _a.write(out, k.private_bytes(der=False, format="traditional", cipher=name,
                                         passphrase=_passphrase(pyfunc)))


@_entry_point("m2crypto.m2.ec_key_write_bio_no_cipher", errors=_error)
def ec_key_write_bio_no_cipher(key, bio, pyfunc: Optional[Callable]) -> int:
    k = _key(key, "ec_key_write_bio_no_cipher")
    out = _a.bio(bio, "ec_key_write_bio_no_cipher", 2)
    return _a.write(out, k.private_bytes(der=False, format="traditional"))


@_entry_point("m2crypto.m2.ec_key_write_pubkey", errors=_error)
def ec_key_write_pubkey(key, bio) -> int:
    k = _key(key, "ec_key_write_pubkey")
    return _a.write(_a.bio(bio, "ec_key_write_pubkey", 2), k.public_bytes(der=False))


def _verify(k: _c.Key, digest: bytes, der: bytes) -> int:
    try:
        m2c.ecdsa_verify(k, digest, der)
    except _c.Error as exc:
        if getattr(exc, "code", "") == "verify_failed":
            return 0
        raise
    return 1


@_entry_point("m2crypto.m2.ecdsa_sign", errors=_error)
def ecdsa_sign(key, data) -> Tuple[bytes, bytes]:
    k = _key(key, "ecdsa_sign")
    return m2c.ecdsa_der_to_mpis(m2c.ecdsa_sign(k, _a.check_bytes(data)))


@_entry_point("m2crypto.m2.ecdsa_verify", errors=_error)
def ecdsa_verify(key, data, r, s) -> int:
    k = _key(key, "ecdsa_verify")
    der = m2c.ecdsa_mpis_to_der(_a.check_bytes(r), _a.check_bytes(s))
    return _verify(k, _a.check_bytes(data), der)


@_entry_point("m2crypto.m2.ecdsa_sign_asn1", errors=_error)
def ecdsa_sign_asn1(key, data) -> bytes:
    return m2c.ecdsa_sign(_key(key, "ecdsa_sign_asn1"), _a.check_bytes(data))


@_entry_point("m2crypto.m2.ecdsa_verify_asn1", errors=_error)
def ecdsa_verify_asn1(key, data, sig) -> int:
    k = _key(key, "ecdsa_verify_asn1")
    digest, der = _a.check_bytes(data), _a.check_bytes(sig)
    try:
        m2c.ecdsa_der_to_mpis(der)
    except _c.Error:
        raise _a.error("ec", "Unknown error in function ecdsa_verify_asn1.") from None
    return _verify(k, digest, der)


def _no_ecdsa_sig(sig, func: str):
    """M2Crypto takes an ECDSA_SIG*, which no m2 function hands out: every
    call fails in argument conversion, as there."""
    if sig is None:
        raise ValueError(_a.NULL_POINTER)
    raise _a.type_error(func, 1, "ECDSA_SIG *")


@_entry_point("m2crypto.m2.ecdsa_sig_get_r")
def ecdsa_sig_get_r(sig) -> bytes:
    _no_ecdsa_sig(sig, "ecdsa_sig_get_r")
    return b""  # not reached


@_entry_point("m2crypto.m2.ecdsa_sig_get_s")
def ecdsa_sig_get_s(sig) -> bytes:
    _no_ecdsa_sig(sig, "ecdsa_sig_get_s")
    return b""  # not reached


@_entry_point("m2crypto.m2.ecdh_compute_key", errors=_error)
def ecdh_compute_key(keypairA, pubkeyB) -> bytes:
    return m2c.ecdh_derive(_key(keypairA, "ecdh_compute_key"),
                           _key(pubkeyB, "ecdh_compute_key", 2))
