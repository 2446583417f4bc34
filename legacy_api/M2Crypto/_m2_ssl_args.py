"""Argument checks for the flat m2.ssl_* functions that fail the way
M2Crypto's SWIG wrappers do: None where a pointer is expected is
ValueError("Received a NULL pointer."), an object of the wrong kind is
TypeError("in method 'f', argument N of type 'T *'"), a non-buffer where
bytes are expected is TypeError("expected a readable buffer object")."""
from typing import Any

from cryptoshim import _core
from cryptoshim.lazy_import import lazy_attr

_bio_class = lazy_attr("M2Crypto.BIO", "BIO")


def _pointer(value: Any, kinds, func: str, argno: int, ctype: str) -> Any:
    if value is None:
        raise ValueError("Received a NULL pointer.")
    if not isinstance(value, kinds):
        raise TypeError(f"in method '{func}', argument {argno} of type '{ctype}'")
    return value


def ssl(value: Any, func: str, argno: int = 1) -> "_core.TlsConnection":
    """An SSL handle: Connection.ssl or what m2.ssl_new returned."""
    return _pointer(value, _core.TlsConnection, func, argno, "SSL *")


def ctx(value: Any, func: str, argno: int = 1) -> "_core.TlsContext":
    """An SSL_CTX handle: Context.ctx or what m2.ssl_ctx_new returned."""
    return _pointer(value, _core.TlsContext, func, argno, "SSL_CTX *")


def session(value: Any, func: str, argno: int = 1) -> "_core.TlsSession":
    return _pointer(value, _core.TlsSession, func, argno, "SSL_SESSION *")


def cipher(value: Any, func: str, argno: int = 1) -> tuple:
    """An SSL_CIPHER handle: the (name, version, bits) the drop-in's
    Cipher keeps as Cipher.cipher."""
    if value is None:
        raise ValueError("Received a NULL pointer.")
    if not (isinstance(value, tuple) and len(value) == 3 and isinstance(value[0], str)):
        raise TypeError(f"in method '{func}', argument {argno} of type 'SSL_CIPHER *'")
    return value


def cipher_stack(value: Any, func: str, argno: int = 1) -> list:
    """A STACK_OF(SSL_CIPHER) handle: a list of cipher tuples (Cipher_Stack.stack)."""
    if value is None:
        raise ValueError("Received a NULL pointer.")
    if not isinstance(value, list):
        raise TypeError(f"in method '{func}', argument {argno} of type "
                        "'struct stack_st_SSL_CIPHER *'")  # SWIG's spelling of the type
    return value


def bio(value: Any, func: str, argno: int = 1):
    """A BIO handle: the drop-in's BIO objects are their own handle."""
    return _pointer(value, _bio_class(), func, argno, "BIO *")


def integer(value: Any, func: str, argno: int, ctype: str = "int") -> int:
    if not isinstance(value, int):  # SWIG takes a bool as an int too
        raise TypeError(f"in method '{func}', argument {argno} of type '{ctype}'")
    return value


def number(value: Any, func: str, argno: int) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"in method '{func}', argument {argno} of type 'double'")
    return float(value)


def text(value: Any, func: str, argno: int, allow_none: bool = False,
         ctype: str = "char const *"):
    """A `char *` argument: str (SWIG's typemap does not take bytes)."""
    if value is None and allow_none:
        return None
    if not isinstance(value, str):
        raise TypeError(f"in method '{func}', argument {argno} of type '{ctype}'")
    return value


def buffer(value: Any) -> memoryview:
    """A readable buffer (M2Crypto's m2_PyObject_GetBufferInt)."""
    if isinstance(value, str) or value is None:
        raise TypeError("expected a readable buffer object")
    try:
        return memoryview(value).cast("B")
    except TypeError:
        raise TypeError("expected a readable buffer object") from None


def callback(value: Any) -> Any:
    if not callable(value):
        raise TypeError("expected PyCallable")
    return value
