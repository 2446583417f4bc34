"""Socket timeouts as struct timeval, for SO_RCVTIMEO / SO_SNDTIMEO
(M2Crypto/SSL/timeout.py). The width of time_t decides the packing."""
import struct
import sys

from cryptoshim.legacy import entry_point, legacy_class
from M2Crypto import m2

__all__ = ["DEFAULT_TIMEOUT", "timeout", "struct_to_timeout", "struct_size"]

DEFAULT_TIMEOUT: int = 600


def _format() -> str:
    bits = m2.time_t_bits()
    if bits == 32:
        return "ii"
    if bits == 64:
        return "qq"
    raise ValueError(f"Unsupported time_t_bits: {bits}")


@legacy_class("m2crypto.SSL.timeout")
class timeout:
    def __init__(self, sec: int = DEFAULT_TIMEOUT, microsec: int = 0) -> None:
        self.sec = sec
        self.microsec = microsec

    @entry_point("m2crypto.SSL.timeout.pack")
    def pack(self) -> bytes:
        if sys.platform == "win32":
            millisec = int(self.sec * 1000 + round(float(self.microsec) / 1000))
            return struct.pack("l", millisec)
        return struct.pack(_format(), self.sec, self.microsec)


@entry_point("m2crypto.SSL.struct_to_timeout")
def struct_to_timeout(binstr: bytes) -> timeout:
    if sys.platform == "win32":
        millisec = struct.unpack("l", binstr)[0]
        return timeout(int(millisec / 1000), millisec % 1000 * 1000)
    sec, microsec = struct.unpack(_format(), binstr)
    return timeout(sec, microsec)


@entry_point("m2crypto.SSL.struct_size")
def struct_size() -> int:
    if sys.platform == "win32":
        return struct.calcsize("l")
    return struct.calcsize(_format())
