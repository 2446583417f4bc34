"""OpenSSL.SSL's exceptions and the mapping of the core's I/O outcomes onto
them, with pyOpenSSL's semantics (_raise_ssl_error)."""
from __future__ import annotations

from errno import errorcode
from typing import Any, NoReturn, Sequence

from cryptoshim import _core


class Error(Exception):
    """An error occurred in an `OpenSSL.SSL` API."""


class WantReadError(Error):
    pass


class WantWriteError(Error):
    pass


class WantX509LookupError(Error):
    pass


class ZeroReturnError(Error):
    pass


class SysCallError(Error):
    pass


for _cls in (Error, WantReadError, WantWriteError, WantX509LookupError, ZeroReturnError,
             SysCallError):
    _cls.__module__ = "OpenSSL.SSL"

# The order of cryptoshim::TlsIoStatus.
IO_OK, IO_WANT_READ, IO_WANT_WRITE, IO_WANT_X509, IO_ZERO_RETURN, IO_SYSCALL, IO_EOF, IO_SSL = (
    range(8)
)


def error_from_core(exc: BaseException) -> Error:
    """A core failure as pyOpenSSL's Error([(lib, func, reason), ...])."""
    errors = list(getattr(exc, "errors", []) or [])
    if not errors:
        errors = [("", "", str(exc))]
    return Error(errors)


def raise_io(io: Sequence[Any]) -> None:
    """Raises for a failed (status, result, errno, errors) outcome."""
    status = io[0]
    if status == IO_OK:
        return
    if status == IO_WANT_READ:
        raise WantReadError()
    if status == IO_WANT_WRITE:
        raise WantWriteError()
    if status == IO_ZERO_RETURN:
        raise ZeroReturnError()
    if status == IO_WANT_X509:
        raise WantX509LookupError()
    if status == IO_SYSCALL:
        errors, result, err = io[3], io[1], io[2]
        if errors:
            raise Error(list(errors))
        if isinstance(result, int) and result < 0 and err != 0:
            raise SysCallError(err, errorcode.get(err))
        raise SysCallError(-1, "Unexpected EOF")
    if status == IO_EOF:
        raise SysCallError(-1, "Unexpected EOF")
    raise Error(list(io[3]))


def raise_current_error() -> NoReturn:
    raise Error(_core.drain_error_queue())
