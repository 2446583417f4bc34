"""PRNG management routines (pyOpenSSL's OpenSSL.rand), on the core's DRBG."""
from cryptoshim import _core
from cryptoshim.legacy import entry_point

__all__ = ["add", "status"]


@entry_point("pyopenssl.rand.add")
def add(buffer: bytes, entropy: int) -> None:
    """Mix *buffer* into the PRNG state; *entropy* is its estimated entropy in
    bytes. OpenSSL 3 seeds itself from the OS, so this never weakens it."""
    if not isinstance(buffer, bytes):
        raise TypeError("buffer must be a byte string")
    if not isinstance(entropy, int):
        raise TypeError("entropy must be an integer")
    _core.random_add(buffer, float(entropy))


@entry_point("pyopenssl.rand.status")
def status() -> int:
    """1 if the PRNG is seeded enough, else 0."""
    return 1 if _core.random_status() else 0
