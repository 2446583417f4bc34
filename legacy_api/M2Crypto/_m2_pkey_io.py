"""Reading and writing the keys of m2.dsa_* / dh_* / ec_key_* through BIO
handles, and the cipher and signature-size helpers they share."""
from __future__ import annotations

from typing import Callable, Optional

from cryptoshim import _core as _c
from cryptoshim.legacy import unsafe_operation
from M2Crypto import _m2 as _ext
from M2Crypto import _m2_pki_args as _a
from M2Crypto._common import m2c
from M2Crypto._keyio import passphrase as _passphrase

__all__ = ["cipher_name", "der_signature_size", "read_private", "read_public"]


def cipher_name(cipher, func: str, argno: int) -> str:
    """OpenSSL's name for an EVP_CIPHER handle (m2.aes_256_cbc()) or an
    SMIME.Cipher; legacy ciphers are reported as unsafe."""
    if cipher is None:
        raise ValueError(_a.NULL_POINTER)
    algo = getattr(cipher, "algo", None)
    if not isinstance(algo, str):
        try:
            algo = _ext.cipher_name(cipher)
        except TypeError:
            raise _a.type_error(func, argno, "EVP_CIPHER *") from None
    reason = m2c.cipher_unsafe_reason(algo, False, "")
    if reason:
        unsafe_operation("m2crypto.m2." + func, reason)
    return m2c.cipher_name(algo)


def _der_integer_size(bits: int) -> int:
    # A positive INTEGER of `bits` bits whose top bit may be set: one more
    # octet when the bit length is a multiple of 8.
    content = bits // 8 + 1
    return 1 + _der_length_size(content) + content


def _der_length_size(n: int) -> int:
    return 1 if n < 0x80 else 1 + (n.bit_length() + 7) // 8


def der_signature_size(order_bits: int) -> int:
    """DSA_size / ECDSA_size: a DER SEQUENCE of two INTEGERs as large as the
    group order."""
    body = 2 * _der_integer_size(order_bits)
    return 1 + _der_length_size(body) + body


def read_private(bio, pyfunc: Optional[Callable], type_id: int, kind: str,
                 func: str) -> _c.Key:
    """The next PEM private key in the BIO, which must be of `type_id`."""
    block = _a.read_pem_block(_a.bio(bio, func))
    if not block:
        raise _a.error(kind, "unsupported (No supported data to decode. Input type: PEM)")
    try:
        key = _c.load_private_key(block, False, _passphrase(pyfunc))
    except _c.Error as exc:
        raise _a.error(kind, str(exc)) from None
    if key.type_id != type_id:
        raise _a.error(kind, f"the key is a {key.type_name} key")
    return key


def read_public(bio, type_id: int, kind: str, func: str) -> _c.Key:
    """The next PEM SubjectPublicKeyInfo in the BIO, of `type_id`."""
    block = _a.read_pem_block(_a.bio(bio, func))
    if not block:
        raise _a.error(kind, "no start line (Expecting: PUBLIC KEY)")
    try:
        key = _c.load_public_key(block, False, "spki")
    except _c.Error as exc:
        raise _a.error(kind, str(exc)) from None
    if key.type_id != type_id:
        raise _a.error(kind, f"the key is a {key.type_name} key")
    return key
