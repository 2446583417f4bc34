"""M2Crypto's I/O contract over the core's TlsIo outcomes (_ssl.i's
ssl_connect/ssl_accept/ssl_read/ssl_write). A positive `timeout` (the Python
socket's settimeout) waits with poll() until a deadline and then raises
SSLTimeoutError; otherwise a want-read/want-write is returned to the caller
(connect/accept 0, read None, write -1), as on a non-blocking socket.
Failures raise SSLError with OpenSSL's reason text."""
import errno
import os
import select
import time
from typing import Callable, Optional, Tuple

from M2Crypto.SSL.SSLError import SSLError, SSLTimeoutError

IO_OK, IO_WANT_READ, IO_WANT_WRITE, IO_WANT_X509, IO_ZERO_RETURN, IO_SYSCALL, IO_EOF, IO_SSL = (
    range(8)
)
_WANTS = (IO_WANT_READ, IO_WANT_WRITE, IO_WANT_X509)


def error_from(io: Tuple) -> SSLError:
    """The SSLError for a failed step (ssl_handle_error)."""
    status, _result, sys_errno, errors = io
    for _lib, _func, reason in errors:
        if reason:
            return SSLError(reason)
    if status == IO_EOF:
        return SSLError("unexpected eof while reading")
    if status == IO_SYSCALL:
        if sys_errno:
            return SSLError(sys_errno, os.strerror(sys_errno))
        return SSLError("unexpected eof")
    return SSLError("unexpected SSL error")


def _wait(fd: int, status: int, deadline: float) -> None:
    """Blocks until `fd` is ready for what OpenSSL wants, or the deadline."""
    if status == IO_WANT_X509:
        raise SSLError("SSL operation waiting for X509 lookup callback")
    events = select.POLLIN if status == IO_WANT_READ else select.POLLOUT
    poller = select.poll()
    poller.register(fd, events)
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise SSLTimeoutError("The operation timed out")
        try:
            if poller.poll(max(1, int(remaining * 1000 + 0.999))):
                return
        except InterruptedError:
            continue


_RAISE = object()


def run(step: Callable[[], Tuple], fd: int, timeout: float,
        want_result, on_zero_return=_RAISE, first: Optional[Tuple] = None):
    """Runs `step` until it completes. Returns the io tuple on success,
    `want_result` on a want-* without a timeout, `on_zero_return` (if given)
    on close_notify; raises SSLError/SSLTimeoutError otherwise. `first` is
    the outcome of a step already run (a _core.m2_tls_* call), taken as the
    first step's."""
    deadline = time.monotonic() + timeout if timeout > 0 else None
    while True:
        io, first = (step() if first is None else first), None
        status = io[0]
        if status == IO_OK:
            return io
        if status in _WANTS:
            if deadline is None or fd < 0:
                return want_result
            _wait(fd, status, deadline)
            continue
        if status == IO_ZERO_RETURN and on_zero_return is not _RAISE:
            return on_zero_return
        if status == IO_SYSCALL and io[2] == errno.EINTR:
            continue
        raise error_from(io)
