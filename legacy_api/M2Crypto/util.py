"""M2Crypto.util: small helpers (padding, passphrase callbacks)."""
from __future__ import annotations

import binascii
import getpass
import logging
import sys
from typing import Any, Callable, Optional, TextIO, Tuple, Union

from cryptoshim.legacy import entry_point
from M2Crypto import m2  # noqa: F401  (M2Crypto.util imports m2 too)
from M2Crypto._common import exception_api as _exception_api

__all__ = ["UtilError", "is_32bit", "expectedFailureIf", "pkcs5_pad", "pkcs7_pad", "bin_to_hex",
           "octx_to_num", "genparam_callback", "quiet_genparam_callback",
           "passphrase_callback", "no_passphrase_callback", "py3bytes", "py3str"]


# Type aliases M2Crypto >= 0.45.1 defines here (SSL and the tests import them).
AddrType = Union[Tuple[str, int], str]
ModeStr = str

log = logging.getLogger("util")


@_exception_api("m2crypto.util.UtilError")
class UtilError(Exception):
    pass


@entry_point("m2crypto.util.py3bytes")
def py3bytes(x) -> bytes:
    if isinstance(x, str):
        return x.encode("utf8")
    if isinstance(x, (bytes, bytearray, memoryview)):
        return bytes(x)
    raise TypeError("No string argument provided")


@entry_point("m2crypto.util.py3str")
def py3str(x) -> str:
    if isinstance(x, bytes):
        return x.decode("utf8")
    if isinstance(x, (str,)):
        return x
    raise TypeError("No string argument provided")


@entry_point("m2crypto.util.is_32bit")
def is_32bit() -> bool:
    """M2Crypto 0.45.x: whether this interpreter has 32-bit pointers (its tests
    mark 32-bit-only failures with it)."""
    return not (sys.maxsize > 2**32)


@entry_point("m2crypto.util.expectedFailureIf")
def expectedFailureIf(condition: bool) -> Callable:
    import unittest

    def wrapper(func):
        return unittest.expectedFailure(func) if condition else func
    return wrapper


@entry_point("m2crypto.util.pkcs5_pad")
def pkcs5_pad(data: str, blklen: int = 8) -> str:
    pad = 8 - (len(data) % 8)
    return data + chr(pad) * pad


@entry_point("m2crypto.util.pkcs7_pad")
def pkcs7_pad(data: str, blklen: int) -> str:
    if blklen > 255:
        raise ValueError("illegal block size")
    pad = blklen - (len(data) % blklen)
    return data + chr(pad) * pad


@entry_point("m2crypto.util.bin_to_hex")
def bin_to_hex(b: bytes) -> str:
    return binascii.b2a_base64(b)[:-1].decode()


@entry_point("m2crypto.util.octx_to_num")
def octx_to_num(x: bytes) -> int:
    return int(binascii.hexlify(x), 16)


@entry_point("m2crypto.util.genparam_callback")
def genparam_callback(p: int, n: int, out: Optional[TextIO] = None) -> int:
    # `out` is M2Crypto 0.38.0's third parameter (default sys.stdout).
    stream = sys.stdout if out is None else out
    ch = [".", "+", "*", "\n"]
    stream.write(ch[p])
    stream.flush()
    return 1


@entry_point("m2crypto.util.quiet_genparam_callback")
def quiet_genparam_callback(p: int, n: int) -> int:
    return 1


@entry_point("m2crypto.util.passphrase_callback")
def passphrase_callback(v: bool, prompt1: str = "Enter passphrase:",
                        prompt2: str = "Verify passphrase:") -> Optional[bytes]:
    p1 = getpass.getpass(prompt1)
    if v:
        p2 = getpass.getpass(prompt2)
        while p1 != p2:
            p1 = getpass.getpass(prompt1)
            p2 = getpass.getpass(prompt2)
    return p1.encode() if isinstance(p1, str) else p1


@entry_point("m2crypto.util.no_passphrase_callback")
def no_passphrase_callback(*args: Any) -> bytes:
    return b""
