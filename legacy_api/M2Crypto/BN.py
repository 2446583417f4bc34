"""M2Crypto.BN: random big numbers from the core DRBG (BN_rand)."""
import warnings
from typing import Optional

from cryptoshim.legacy import entry_point
from M2Crypto import m2

__all__ = ["rand", "rand_range", "randfname"]


@entry_point("m2crypto.BN.rand")
def rand(bits: int, top: int = -1, bottom: int = 0) -> Optional[int]:
    return m2.bn_rand(bits, top, bottom)


@entry_point("m2crypto.BN.rand_range")
def rand_range(range: int) -> int:
    return m2.bn_rand_range(range)


@entry_point("m2crypto.BN.randfname")
def randfname(length: int) -> str:
    warnings.warn("Don't use BN.randfname(), use tempfile methods instead.",
                  DeprecationWarning, stacklevel=2)
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01234567890"
    return "".join(letters[m2.bn_rand_range(len(letters))] for _ in range(length))
