"""EMSA-PSS encoding and verification (RFC 8017 section 9.1), for
m2.rsa_padding_add_pkcs1_pss / rsa_verify_pkcs1_pss, which work on the
encoded block rather than on a signature. Salt length -1 means the digest
length, -2 the largest that fits (and, when verifying, whatever was used)."""
from __future__ import annotations

from cryptoshim import _core as _c


def _mgf1(seed: bytes, length: int, md: str) -> bytes:
    out, counter = bytearray(), 0
    while len(out) < length:
        out += _c.digest(md, seed + counter.to_bytes(4, "big"))
        counter += 1
    return bytes(out[:length])


def _layout(mhash: bytes, md: str, bits: int):
    hlen = len(_c.digest(md, b""))
    if len(mhash) != hlen:
        raise ValueError("data too large for key size")
    embits = bits - 1
    return hlen, embits, (embits + 7) // 8


def emsa_pss_encode(mhash: bytes, md: str, salt_length: int, bits: int) -> bytes:
    hlen, embits, emlen = _layout(mhash, md, bits)
    if salt_length == -1:
        salt_length = hlen
    elif salt_length == -2:
        salt_length = emlen - hlen - 2
    if salt_length < 0 or emlen < hlen + salt_length + 2:
        raise ValueError("data too large for key size")
    salt = _c.random_bytes(salt_length)
    h = _c.digest(md, b"\0" * 8 + mhash + salt)
    db = b"\0" * (emlen - salt_length - hlen - 2) + b"\x01" + salt
    masked = bytearray(a ^ b for a, b in zip(db, _mgf1(h, emlen - hlen - 1, md)))
    masked[0] &= 0xFF >> (8 * emlen - embits)
    em = bytes(masked) + h + b"\xbc"
    # RSA_padding_add_PKCS1_PSS fills RSA_size bytes: a leading zero when
    # the modulus has 8k+1 bits (emLen is then one byte shorter).
    return em.rjust((bits + 7) // 8, b"\0")


def emsa_pss_verify(mhash: bytes, em: bytes, md: str, salt_length: int, bits: int) -> bool:
    try:
        hlen, embits, emlen = _layout(mhash, md, bits)
    except ValueError:
        return False
    if len(em) == emlen + 1 and em[0] == 0:
        em = em[1:]
    if len(em) != emlen or emlen < hlen + 2 or em[-1] != 0xBC:
        return False
    masked, h = em[:emlen - hlen - 1], em[emlen - hlen - 1:-1]
    if masked[0] & ~(0xFF >> (8 * emlen - embits)) & 0xFF:
        return False
    db = bytearray(a ^ b for a, b in zip(masked, _mgf1(h, emlen - hlen - 1, md)))
    db[0] &= 0xFF >> (8 * emlen - embits)
    try:
        one = db.index(1)
    except ValueError:
        return False
    if any(db[:one]):
        return False
    salt = bytes(db[one + 1:])
    if (salt_length == -1 and len(salt) != hlen) or (salt_length >= 0 and len(salt) != salt_length):
        return False
    return _c.digest(md, b"\0" * 8 + mhash + salt) == h
