"""Modern hashing, HMAC and randomness on the core."""

from __future__ import annotations

from cryptoshim import _core

Digest = _core.Digest


def digest(name: str, data: bytes) -> bytes:
    return _core.digest(name, data)


def hmac(hash_name: str, key: bytes, data: bytes) -> bytes:
    return _core.hmac(hash_name, key, data)


def hmac_verify(hash_name: str, key: bytes, tag: bytes, data: bytes) -> None:
    """Raises cryptoshim._core.Error (code 'verify_failed') on mismatch;
    the comparison is constant-time."""
    _core.hmac_verify(hash_name, key, tag, data)


def random_bytes(n: int) -> bytes:
    return _core.random_bytes(n)
