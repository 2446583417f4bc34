"""m2.pkey_*: M2Crypto's flat EVP_PKEY functions.

An EVP_PKEY* is a core key, which is what EVP.PKey holds (`pkey.pkey`,
`pkey._ptr()`) and what the read functions return, or the mutable holder
m2.pkey_new() returns, which m2.pkey_assign_rsa / set1_rsa / assign_ec
fill (EVP.PKey(holder) wraps either). Failures raise the class registered
with m2.evp_init (EVP.EVPError) with M2Crypto's messages."""
from __future__ import annotations

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point
from M2Crypto._m2_bio import _bio, _int
from M2Crypto._m2_keyhandle import KeyHandle
from M2Crypto._m2_rsa import _as_rsa, _callable, _cipher_name, rsa_key
from M2Crypto._m2_rsa import handle as _rsa_handle

__all__ = [
    "pkey_new", "pkey_free", "pkey_assign", "pkey_assign_rsa", "pkey_set1_rsa", "pkey_get1_rsa",
    "pkey_assign_ec", "pkey_set1_ec", "pkey_get1_ec", "pkey_size", "pkey_as_der",
    "pkey_get_modulus", "pkey_get_raw_pub_key_sha1", "pkey_read_pem", "pkey_read_pem_pubkey",
    "pkey_write_pem", "pkey_write_pem_no_cipher",
]

_m2c = _c.m2crypto
_TYPE_RSA, _TYPE_DSA, _TYPE_EC = 6, 116, 408


def _evp_error(text: str) -> Exception:
    from M2Crypto import EVP  # EVP imports m2
    return EVP.EVPError(text)


class PKeyHolder:
    """What m2.pkey_new() returns: an EVP_PKEY that may still be empty."""

    __slots__ = ("key",)

    def __init__(self) -> None:
        self.key: _c.Key | None = None

    def __int__(self) -> int:
        return id(self)


def core_key(pkey, fn: str, argnum: int = 1) -> _c.Key | None:
    """The core key behind an EVP_PKEY* handle (None while empty)."""
    if pkey is None:
        raise ValueError("Received a NULL pointer.")
    if isinstance(pkey, PKeyHolder):
        return pkey.key
    if isinstance(pkey, _c.Key):
        return pkey
    raise TypeError(f"in method '{fn}', argument {argnum} of type 'EVP_PKEY *'")


def _holder(pkey, fn: str) -> PKeyHolder:
    core_key(pkey, fn)
    if not isinstance(pkey, PKeyHolder):
        raise TypeError(f"in method '{fn}': this EVP_PKEY belongs to an EVP.PKey and cannot be "
                        "replaced; use a handle from m2.pkey_new()")
    return pkey


def _ec_key(ec, fn: str) -> _c.Key:
    if ec is None:
        raise ValueError("Received a NULL pointer.")
    if isinstance(ec, KeyHandle):  # what m2.ec_key_new_by_curve_name / EC.EC.ec hold
        ec = ec.key
    if not isinstance(ec, _c.Key) or ec.type_id != _TYPE_EC:
        raise TypeError(f"in method '{fn}', argument 2 of type 'EC_KEY *'")
    return ec


@_entry_point("m2crypto.m2.pkey_new")
def pkey_new() -> PKeyHolder:
    return PKeyHolder()


@_entry_point("m2crypto.m2.pkey_free")
def pkey_free(pkey) -> None:
    core_key(pkey, "pkey_free")


@_entry_point("m2crypto.m2.pkey_assign")
def pkey_assign(pkey, type: int, key) -> int:
    """EVP_PKEY_assign: 1 when `key` (an RSA* or EC_KEY*) of `type` was put in."""
    holder = _holder(pkey, "pkey_assign")
    type = _int(type, "pkey_assign")
    if key is None:
        return 0
    if type == _TYPE_RSA:
        holder.key = rsa_key(key, "pkey_assign", 3)
        return 1
    if type == _TYPE_EC and isinstance(key, _c.Key) and key.type_id == _TYPE_EC:
        holder.key = key
        return 1
    return 0


@_entry_point("m2crypto.m2.pkey_assign_rsa")
def pkey_assign_rsa(pkey, rsa) -> int:
    _holder(pkey, "pkey_assign_rsa").key = rsa_key(rsa, "pkey_assign_rsa", 2)
    return 1


@_entry_point("m2crypto.m2.pkey_set1_rsa")
def pkey_set1_rsa(pkey, rsa) -> int:
    _holder(pkey, "pkey_set1_rsa").key = rsa_key(rsa, "pkey_set1_rsa", 2)
    return 1


@_entry_point("m2crypto.m2.pkey_get1_rsa")
def pkey_get1_rsa(pkey):
    key = core_key(pkey, "pkey_get1_rsa")
    rsa = _as_rsa(key) if key is not None else None
    if rsa is None:
        raise _evp_error("Invalid key in function pkey_get1_rsa.")
    return _rsa_handle(rsa)


@_entry_point("m2crypto.m2.pkey_assign_ec")
def pkey_assign_ec(pkey, ec) -> int:
    _holder(pkey, "pkey_assign_ec").key = _ec_key(ec, "pkey_assign_ec")
    return 1


@_entry_point("m2crypto.m2.pkey_set1_ec")
def pkey_set1_ec(pkey, ec) -> int:
    _holder(pkey, "pkey_set1_ec").key = _ec_key(ec, "pkey_set1_ec")
    return 1


@_entry_point("m2crypto.m2.pkey_get1_ec")
def pkey_get1_ec(pkey):
    key = core_key(pkey, "pkey_get1_ec")
    if key is None or key.type_id != _TYPE_EC:
        raise _evp_error("Invalid key in function pkey_get1_ec.")
    return key


def _der_signature_size(int_bytes: int) -> int:
    """The largest DER SEQUENCE of two INTEGERs of int_bytes bytes (ECDSA_size)."""
    tlv = 2 + int_bytes + 1
    seq = 2 * tlv
    return seq + (2 if seq < 128 else 3)


@_entry_point("m2crypto.m2.pkey_size")
def pkey_size(pkey) -> int:
    """EVP_PKEY_get_size: the largest signature in bytes; 0 while empty."""
    key = core_key(pkey, "pkey_size")
    if key is None:
        return 0
    if key.type_id == _TYPE_EC:
        return _der_signature_size((key.bits + 7) // 8)
    if key.type_name in ("ED25519", "ED448"):
        return 64 if key.type_name == "ED25519" else 114
    if key.type_id == _TYPE_DSA:
        q_bits = 160 if key.bits <= 1024 else 256
        return _der_signature_size(q_bits // 8)
    return (key.bits + 7) // 8


@_entry_point("m2crypto.m2.pkey_as_der")
def pkey_as_der(pkey) -> bytes:
    key = core_key(pkey, "pkey_as_der")
    if key is None:
        raise _evp_error("EVP_PKEY as DER failed")
    return key.public_bytes(der=True)


@_entry_point("m2crypto.m2.pkey_get_modulus")
def pkey_get_modulus(pkey) -> bytes:
    """BN_print of an RSA modulus or a DSA public value (upper-case hex)."""
    key = core_key(pkey, "pkey_get_modulus")
    if key is not None and key.type_id == _TYPE_RSA:
        n = _m2c.bytes_from_mpi(_m2c.rsa_n_mpi(key))
    elif key is not None and key.type_id == _TYPE_DSA:
        n = _m2c.bytes_from_mpi(_m2c.dsa_component(key, "pub"))
    else:
        raise _evp_error("unsupported key type")
    return (n.hex().upper().lstrip("0") or "0").encode()


def _der_item(data: bytes, pos: int):
    """(tag, content start, content end) of the DER element at pos."""
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    return tag, pos, pos + length


@_entry_point("m2crypto.m2.pkey_get_raw_pub_key_sha1")
def pkey_get_raw_pub_key_sha1(pkey) -> bytes:
    """SHA-1 of the public key bits (the subjectPublicKey BIT STRING
    contents, as an X.509 subject key identifier is computed)."""
    key = core_key(pkey, "pkey_get_raw_pub_key_sha1")
    if key is None:
        raise _evp_error("EVP_PKEY has no public key")
    spki = key.public_bytes(der=True)
    _, start, _end = _der_item(spki, 0)
    _, _, alg_end = _der_item(spki, start)  # AlgorithmIdentifier
    _, bits_start, bits_end = _der_item(spki, alg_end)
    return _c.digest("sha1", spki[bits_start + 1:bits_end])  # skip the unused-bits octet


@_entry_point("m2crypto.m2.pkey_read_pem")
def pkey_read_pem(bio, pyfunc) -> _c.Key:
    from M2Crypto._keyio import passphrase
    b = _bio(bio, "pkey_read_pem")
    _callable(pyfunc)
    try:
        return _c.load_private_key(bytes(b._read(None) or b""), False, passphrase(pyfunc))
    except _c.Error:
        raise _evp_error("Unable to read private key in function pkey_read_pem.") from None


@_entry_point("m2crypto.m2.pkey_read_pem_pubkey")
def pkey_read_pem_pubkey(bio, pyfunc) -> _c.Key:
    b = _bio(bio, "pkey_read_pem_pubkey")
    _callable(pyfunc)
    try:
        return _c.load_public_key(bytes(b._read(None) or b""), False, "spki")
    except _c.Error:
        raise _evp_error("Unable to read public key in function pkey_read_pem_pubkey.") from None


def _write_pkcs8(fn: str, pkey, bio, cipher: str | None, pyfunc) -> int:
    from M2Crypto._keyio import passphrase
    key = core_key(pkey, fn)
    b = _bio(bio, fn, 2)
    _callable(pyfunc)
    if key is None or not key.has_private:
        return 0
    try:
        if cipher is None:
            pem = key.private_bytes(der=False, format="pkcs8")
        else:
            pem = key.private_bytes(der=False, format="pkcs8", cipher=cipher,
                                    passphrase=passphrase(pyfunc))
    except _c.Error:
        return 0
    b._write(pem)
    return 1


@_entry_point("m2crypto.m2.pkey_write_pem")
def pkey_write_pem(pkey, bio, cipher, pyfunc) -> int:
    return _write_pkcs8("pkey_write_pem", pkey, bio, _cipher_name(cipher), pyfunc)


@_entry_point("m2crypto.m2.pkey_write_pem_no_cipher")
def pkey_write_pem_no_cipher(pkey, bio, pyfunc) -> int:
    return _write_pkcs8("pkey_write_pem_no_cipher", pkey, bio, None, pyfunc)
