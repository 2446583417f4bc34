"""m2.pyfd_* and m2.BIO_PYFD_CTX: the callbacks of M2Crypto's own
file-descriptor BIO_METHOD (its _bio.i), which SWIG exposes because they
are %inline C. Here they act on the descriptor BIOs m2.bio_new_pyfd makes
(or m2.bio_new(m2.cvar.methods_fdp)), as OpenSSL calls them: write, puts
and ctrl work. The ones that write into a caller's C buffer (pyfd_read and
pyfd_gets) cannot be given one from Python: M2Crypto would write into an
immutable str, or crash on NULL; they refuse and name m2.bio_read /
m2.bio_gets. So do the calls that would make the real callbacks misuse
another kind of BIO or dereference NULL."""
from __future__ import annotations

import errno
import os
from typing import Any, Callable, List

from cryptoshim.legacy import entry_point as _entry_point
from M2Crypto import _m2 as _ext
from M2Crypto import _m2_pki_args as _a
from M2Crypto._bio_kinds import FdBio, _bio_error
from M2Crypto._m2_bio import _FLAGS_SHOULD_RETRY, _FLAGS_WRITE, _bio, _set_retry
from M2Crypto._m2_openssl_stack import _int

__all__: List[str] = ["BIO_PYFD_CTX"]

# The BIO_ctrl commands pyfd_ctrl answers (<openssl/bio.h>).
_RESET, _INFO, _GET_CLOSE, _SET_CLOSE, _PENDING = 1, 3, 8, 9, 10
_FLUSH, _DUP, _WPENDING = 11, 12, 13
_SET_FD, _GET_FD, _SEEK, _TELL = 104, 105, 128, 133


def _export(api_id: str) -> Callable:
    def register(fn: Callable) -> Callable:
        __all__.append(fn.__name__)
        return _entry_point(api_id)(fn)
    return register


class BIO_PYFD_CTX(_ext.BIO_PYFD_CTX):
    """M2Crypto's struct pyfd_struct {int fd;}: SWIG's class, counted."""

    __cryptoshim_api__ = "m2crypto.m2.BIO_PYFD_CTX"

    @_entry_point("m2crypto.m2.BIO_PYFD_CTX")
    def __init__(self, *args) -> None:
        _ext.BIO_PYFD_CTX.__init__(self, *args)


def _fd_bio(b: Any, func: str) -> FdBio:
    """The descriptor BIO behind a handle; another kind of BIO is refused
    (the real callbacks would treat its data as their context)."""
    bio = _bio(b, func)
    if not isinstance(bio, FdBio):
        raise _bio_error(f"{func}: not a descriptor BIO (m2.bio_new_pyfd); use m2.bio_write / "
                         "m2.bio_read / m2.bio_ctrl_* on other BIOs")
    return bio


def _text(value: Any, func: str, argno: int, ctype: str = "char const *") -> bytes:
    """SWIG's char * from a str: its UTF-8 bytes, up to the first NUL."""
    if value is None:
        raise ValueError(f"{func}: the string is NULL (M2Crypto would crash)")
    if not isinstance(value, str):
        raise _a.type_error(func, argno, ctype)
    return value.encode("utf-8", "surrogateescape").split(b"\0", 1)[0]


def _write(bio: FdBio, data: bytes) -> int:
    """write(2) on the BIO's descriptor, setting the retry flags as
    BIO_fd_should_retry does."""
    if bio.fd < 0:
        raise _bio_error("BIO has not been initialized.")
    _set_retry(bio, 0)
    try:
        return os.write(bio.fd, data)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EINTR, errno.EINPROGRESS):
            _set_retry(bio, _FLAGS_WRITE | _FLAGS_SHOULD_RETRY)
        return -1


@_export("m2crypto.m2.pyfd_init")
def pyfd_init() -> None:
    """Builds M2Crypto's BIO_METHOD; the drop-in's exists from import."""


@_export("m2crypto.m2.pyfd_write")
def pyfd_write(b, in_, inl) -> int:
    bio = _fd_bio(b, "pyfd_write")
    data = _text(in_, "pyfd_write", 2)
    n = _int(inl, "pyfd_write", 3)
    if n < 0 or n > len(data):  # M2Crypto would read past the string
        raise ValueError("pyfd_write: inl must be between 0 and the string's length")
    return _write(bio, data[:n])


@_export("m2crypto.m2.pyfd_puts")
def pyfd_puts(bp, str_) -> int:
    return _write(_fd_bio(bp, "pyfd_puts"), _text(str_, "pyfd_puts", 2))


@_export("m2crypto.m2.pyfd_read")
def pyfd_read(b, out, outl) -> int:
    bio = _fd_bio(b, "pyfd_read")
    _int(outl, "pyfd_read", 3)
    if out is not None:
        raise TypeError("in method 'pyfd_read', argument 2 of type 'char *' (a Python str "
                        "cannot be filled: use m2.bio_read(bio, n))")
    if bio.fd < 0:
        raise _bio_error("BIO has not been initialized.")
    _set_retry(bio, 0)
    return 0  # OpenSSL's read callback with no buffer reads nothing


@_export("m2crypto.m2.pyfd_gets")
def pyfd_gets(bp, buf, size) -> int:
    _fd_bio(bp, "pyfd_gets")
    _int(size, "pyfd_gets", 3)
    if buf is None:
        raise ValueError("Received a NULL pointer. (pyfd_gets writes into buf: use "
                         "m2.bio_gets(bio, size))")
    raise TypeError("in method 'pyfd_gets', argument 2 of type 'char *' (a Python str cannot "
                    "be filled: use m2.bio_gets(bio, size))")


@_export("m2crypto.m2.pyfd_new")
def pyfd_new(b) -> int:
    """A fresh context: no descriptor yet, nothing closed on free."""
    bio = _fd_bio(b, "pyfd_new")
    bio.fd, bio.close_flag, bio._pyfd_freed = -1, 0, False
    return 1


@_export("m2crypto.m2.pyfd_free")
def pyfd_free(b) -> int:
    """Drops the context, closing the descriptor when the BIO owns it."""
    bio = _fd_bio(b, "pyfd_free")
    if getattr(bio, "_pyfd_freed", False):
        return 0
    if bio.close_flag and bio.fd >= 0:
        try:
            os.close(bio.fd)
        except OSError:
            pass
    bio.fd, bio.close_flag, bio._pyfd_freed = -1, 0, True
    return 1


def _seek(fd: int, offset: int, whence: int) -> int:
    try:
        return os.lseek(fd, offset, whence)
    except OSError:
        return -1


@_export("m2crypto.m2.pyfd_ctrl")
def pyfd_ctrl(b, cmd, num, ptr) -> int:
    bio = _fd_bio(b, "pyfd_ctrl")
    cmd = _int(cmd, "pyfd_ctrl", 2)
    num = _a.check_int(num, "pyfd_ctrl", 3, "long")
    if ptr is not None:
        raise TypeError("in method 'pyfd_ctrl', argument 4 of type 'void *' (only NULL can be "
                        "given from Python)")
    if getattr(bio, "_pyfd_freed", False):
        return 0
    if cmd in (_RESET, _SEEK):
        return _seek(bio.fd, 0 if cmd == _RESET else num, os.SEEK_SET)
    if cmd in (_TELL, _INFO):
        return _seek(bio.fd, 0, os.SEEK_CUR)
    if cmd == _SET_FD:
        raise ValueError("Received a NULL pointer. (BIO_C_SET_FD reads the descriptor through "
                         "ptr: use m2.bio_new_pyfd(fd, close_flag))")
    if cmd == _GET_FD:
        return bio.fd
    if cmd == _GET_CLOSE:
        return bio.close_flag
    if cmd == _SET_CLOSE:
        bio.close_flag = int(num)
        return 1
    if cmd in (_DUP, _FLUSH):
        return 1
    return 0  # _PENDING, _WPENDING and anything else

