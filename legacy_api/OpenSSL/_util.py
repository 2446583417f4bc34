"""Names that pyOpenSSL's own tests and some applications import from
OpenSSL._util. cryptoshim has no cffi binding: ``lib`` and ``ffi`` exist so
that ``from OpenSSL._util import ffi, lib`` works, and any attribute access on
them raises AttributeError explaining why."""
from __future__ import annotations

import os
import sys
import warnings
from typing import Any, Callable, NoReturn, Union

from cryptoshim import _core


class _NoCffiBinding:
    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> NoReturn:
        raise AttributeError(
            f"OpenSSL._util.{self._name}.{attr}: cryptoshim does not expose pyOpenSSL's cffi "
            "binding; use the public OpenSSL.crypto/OpenSSL.SSL API or pyca/cryptography")

    def __repr__(self) -> str:
        return f"<cryptoshim stand-in for OpenSSL._util.{self._name} (no cffi binding)>"


class _NullPointer:
    """Stands for ffi.NULL, which test parametrizations read at import."""

    def __repr__(self) -> str:
        return "<cdata 'void *' NULL (cryptoshim stand-in)>"


lib = _NoCffiBinding("lib")
ffi = _NoCffiBinding("ffi")
# libssl's SSL_MODE_* flag values are plain header constants, not binding
# internals; pyOpenSSL 26.x's tests read them at collection time.
for _name, _value in getattr(_core, "TLS_CONSTANTS", {}).items():
    if _name.startswith("SSL_MODE_"):
        lib.__dict__[_name] = _value
# pyOpenSSL's feature flag for Context.set_keylog_callback, which tests and
# applications check before calling it; OpenSSL 3 always has the callback.
lib.__dict__["Cryptography_HAS_KEYLOG"] = True
ffi.__dict__["NULL"] = _NullPointer()

no_zero_allocator = None
UNSPECIFIED = object()
_TEXT_WARNING = "str for {0} is no longer accepted, use bytes"


def text(charp: Any) -> str:
    if not charp:
        return ""
    if isinstance(charp, bytes):
        return charp.decode("utf-8")
    return str(charp)


def exception_from_error_queue(exception_type: type) -> NoReturn:
    """Raise *exception_type* with this thread's OpenSSL error queue, as
    (library, function, reason) tuples."""
    raise exception_type(_core.drain_error_queue())


def make_assert(error: type) -> Callable[[bool], Any]:
    def openssl_assert(ok: bool) -> None:
        if ok is not True:
            exception_from_error_queue(error)
    return openssl_assert


def path_bytes(s: Union[str, bytes, "os.PathLike[str]"]) -> bytes:
    b = os.fsencode(s)
    return b


def byte_string(s: str) -> bytes:
    return s.encode("charmap")


def text_to_bytes_and_warn(label: str, obj: Any) -> Any:
    if isinstance(obj, str):
        warnings.warn(_TEXT_WARNING.format(label), category=DeprecationWarning, stacklevel=3)
        return obj.encode("utf-8")
    return obj


_ = sys
