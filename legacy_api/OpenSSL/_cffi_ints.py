"""cffi's conversion of a Python int to a C integer argument, which pyOpenSSL
meets wherever it passes an int straight to cryptography's binding: the same
exception types and messages (measured on pyOpenSSL 23.0.0 / cryptography
39, unchanged in 26.4.0's call sites).

The core's pybind11 bindings would otherwise refuse such a value with their
own "incompatible function arguments" TypeError, or (negative -> unsigned)
wrap it silently. A bool is an int to cffi, as to Python."""
from __future__ import annotations

from typing import Any

_LLONG_MIN, _LLONG_MAX = -(2 ** 63), 2 ** 63 - 1


def _integer(value: Any) -> int:
    if not isinstance(value, int):
        raise TypeError("an integer is required")
    return int(value)


def c_long(value: Any) -> int:
    """long / int64_t."""
    v = _integer(value)
    if not _LLONG_MIN <= v <= _LLONG_MAX:
        raise OverflowError("int too big to convert")
    return v


def c_int(value: Any) -> int:
    """int: cffi reads a long long first, then checks the 32-bit range."""
    v = c_long(value)
    if not -(2 ** 31) <= v < 2 ** 31:
        raise OverflowError(f"integer {v} does not fit '32-bit int'")
    return v


def c_ulong(value: Any) -> int:
    """unsigned long / uint64_t."""
    v = _integer(value)
    if v < 0:
        raise OverflowError("can't convert negative number to unsigned")
    if v > 2 ** 64 - 1:
        raise OverflowError("int too big to convert")
    return v


def array_length(value: Any) -> int:
    """The length of ffi.new("char[]", n) (pyOpenSSL's read buffers)."""
    if not isinstance(value, int):
        raise TypeError(
            f"expected new array length or list/tuple/str, not {type(value).__name__}")
    if not _LLONG_MIN <= value <= _LLONG_MAX:
        raise OverflowError("cannot fit 'int' into an index-sized integer")
    if value < 0:
        raise ValueError("negative array length")
    return int(value)
