"""Shared pieces of OpenSSL.crypto: the Error class, file types, key types and
the mapping from core errors to pyOpenSSL's exception."""
from __future__ import annotations

import os
from typing import Any, Callable, Union

from cryptoshim import _core
from cryptoshim.lazy_import import lazy_attr
from cryptoshim.legacy import entry_point as _entry_point

# X509 and PKey, for the modules their own modules import (x509 and pkey
# import this one).
x509_class = lazy_attr("OpenSSL._crypto.x509", "X509")
pkey_class = lazy_attr("OpenSSL._crypto.pkey", "PKey")

__all__ = [
    "Error",
    "FILETYPE_ASN1",
    "FILETYPE_PEM",
    "FILETYPE_TEXT",
    "PassphraseCallableT",
    "StrOrBytesPath",
    "TYPE_DH",
    "TYPE_DSA",
    "TYPE_EC",
    "TYPE_RSA",
]

FILETYPE_PEM: int = 1
FILETYPE_ASN1: int = 2
# pyOpenSSL's own value for the text dump type.
FILETYPE_TEXT: int = 2**16 - 1

# EVP_PKEY_* ids, as pyOpenSSL exposes them.
TYPE_RSA: int = 6
TYPE_DSA: int = 116
TYPE_DH: int = 28
TYPE_EC: int = 408

PassphraseCallableT = Union[bytes, Callable[..., bytes]]
StrOrBytesPath = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


class Error(Exception):
    """An error occurred in an `OpenSSL.crypto` API. Its single argument is
    OpenSSL's error queue as a list of (library, function, reason) tuples."""


Error.__module__ = "OpenSSL.crypto"


def error_from_core(exc: BaseException) -> Error:
    errors = list(getattr(exc, "errors", []) or [])
    if not errors:
        # A core-side validation failure with no OpenSSL reason: keep the
        # tuple shape so callers that index into args[0] still work.
        errors = [("", "", str(exc))]
    return Error(errors)


def entry_point(api_id: str):
    """entry_point bound to this package's Error mapping."""
    return _entry_point(api_id, errors=error_from_core)


def core_method(api_id: str, attr: str, accessor: str, qualname: str) -> Any:
    """The entry point `api_id` for a method that only returns one value read
    off ``self.<attr>`` (a core object): the read runs in C
    (_core.CoreMethod), not in a Python frame over pybind11's dispatcher,
    which were most of the cost of such a call. Counted and warned like any
    entry point."""
    method = _core.CoreMethod(attr, accessor, qualname)
    method.__dict__.update(__name__=qualname.rpartition(".")[2], __qualname__=qualname,
                           __module__="OpenSSL.crypto", __doc__=None)
    return entry_point(api_id)(method)


def check_filetype(type: Any, allowed=(FILETYPE_PEM, FILETYPE_ASN1)) -> int:
    if not isinstance(type, int):
        raise TypeError("type argument must be FILETYPE_PEM or FILETYPE_ASN1")
    if type not in allowed:
        raise ValueError("type argument must be FILETYPE_PEM or FILETYPE_ASN1")
    return type


def is_pem(type: Any) -> bool:
    """True for FILETYPE_PEM, False for FILETYPE_ASN1; pyOpenSSL's ValueError
    for anything else (load_* functions accept no FILETYPE_TEXT)."""
    if type == FILETYPE_PEM:
        return True
    if type == FILETYPE_ASN1:
        return False
    raise ValueError("type argument must be FILETYPE_PEM or FILETYPE_ASN1")


def dump_as(type: Any, core_obj: Any) -> bytes:
    """Serialize a core object that has to_pem/to_der/to_text, as the dump_*
    functions do."""
    if type == FILETYPE_PEM:
        return core_obj.to_pem()
    if type == FILETYPE_ASN1:
        return core_obj.to_der()
    if type == FILETYPE_TEXT:
        return core_obj.to_text()
    raise ValueError("type argument must be FILETYPE_PEM, FILETYPE_ASN1, or FILETYPE_TEXT")


def to_bytes(value: Any, label: str) -> bytes:
    """pyOpenSSL accepts str for PEM input and encodes it as ASCII."""
    if isinstance(value, str):
        return value.encode("ascii")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"{label} must be bytes or str")


def core() -> Any:
    return _core
