"""The flat m2 functions of M2Crypto's _ssl.i that create an SSL handle,
give it a transport and run its I/O (ssl_new, ssl_set_fd/ssl_set_bio,
ssl_connect/ssl_accept/ssl_do_handshake, ssl_read(_nbio), ssl_write(_nbio),
ssl_shutdown, ssl_get_error, ...), over the core TlsConnection that
SSL.Connection keeps as `.ssl`. Every step goes through _ssl_transport, the
same path the Connection class takes, so the two can be mixed freely.

Return conventions are M2Crypto's: ssl_read/ssl_read_nbio give None when
OpenSSL wants more I/O, ssl_write(_nbio) and ssl_connect/ssl_accept -1 and 0;
failures raise SSL.SSLError (SSLTimeoutError once a positive timeout ran out).
"""
import os
from typing import Optional

from cryptoshim import _core
from cryptoshim import policy as _policy
from cryptoshim.lazy_import import lazy_attr
from cryptoshim.legacy import entry_point
from M2Crypto import _m2_ssl_args as _args
from M2Crypto import _ssl_transport as _transport

__all__ = []  # filled by _export

_io_run = lazy_attr("M2Crypto.SSL._io", "run")  # M2Crypto.SSL imports this module

# The core's io statuses (M2Crypto.SSL._io), without importing M2Crypto.SSL
# here: m2 is imported by M2Crypto.SSL.
IO_OK, IO_WANT_READ, IO_WANT_WRITE, IO_WANT_X509, IO_ZERO_RETURN, IO_SYSCALL, IO_EOF, IO_SSL = \
    range(8)
_WANTS = (IO_WANT_READ, IO_WANT_WRITE, IO_WANT_X509)
# SSL_get_error's codes for the last step's outcome.
_ERROR_OF_STATUS = {IO_WANT_READ: 2, IO_WANT_WRITE: 3, IO_WANT_X509: 4, IO_ZERO_RETURN: 6,
                    IO_SYSCALL: 5, IO_EOF: 1, IO_SSL: 1}
_RECEIVED_SHUTDOWN = 2


def _export(fn):
    __all__.append(fn.__name__)
    return entry_point("m2crypto.m2." + fn.__name__)(fn)


def _ssl_error(*args):
    from M2Crypto.SSL.SSLError import SSLError
    return SSLError(*args)


def _run(ssl, op, timeout: float, want_result, on_zero_return, stepped=None):
    """_io.run over the handle's transport and descriptor (`stepped`, when
    given, is a step that already went through the transport)."""
    step = stepped if stepped is not None else (lambda: _transport.step(ssl, op))
    fd = _transport.fd(ssl)
    if timeout > 0 and fd < 0:
        step = _no_waiting(step)
    return _io_run()(step, fd, timeout, want_result=want_result, on_zero_return=on_zero_return)


def _no_waiting(step):
    """M2Crypto cannot wait for a memory BIO: a timeout there is an error."""
    def once():
        io = step()
        if io[0] in _WANTS:
            raise _ssl_error("Cannot wait for readiness: SSL object not associated with a "
                             "file descriptor")
        return io
    return once


# -- handles and transports --------------------------------------------------
@_export
def ssl_new(ctx):
    """SSL_new: a connection on `ctx` without a transport yet (ssl_set_fd or
    ssl_set_bio gives it one)."""
    ctx = _args.ctx(ctx, "ssl_new")
    try:
        return _core.TlsConnection.with_fd(ctx, -1)
    except _core.Error as exc:
        raise _ssl_error(str(exc)) from None


@_export
def ssl_free(ssl) -> None:
    """The core frees the connection with its last reference."""
    _args.ssl(ssl, "ssl_free")


@_export
def ssl_dup(ssl):
    """SSL_dup: a fresh connection on the same context, resuming the same
    session (OpenSSL's copy of an SSL before its handshake)."""
    ssl = _args.ssl(ssl, "ssl_dup")
    try:
        copy = _core.TlsConnection.with_fd(ssl.context, -1)
        session = ssl.session()
        if session is not None:
            copy.set_session(session)
    except _core.Error as exc:
        raise _ssl_error(str(exc)) from None
    return copy


@_export
def ssl_set_fd(ssl, fd: int) -> int:
    ssl = _args.ssl(ssl, "ssl_set_fd")
    fd = _args.integer(fd, "ssl_set_fd", 2)
    try:
        _transport.attach_fd(ssl, fd)
    except _core.Error as exc:
        raise _ssl_error(str(exc)) from None
    return 1


@_export
def ssl_set_bio(ssl, rbio, wbio) -> None:
    """SSL_set_bio. A socket BIO (one with a descriptor, given as both ends)
    puts the handle on that descriptor; memory BIOs are pumped on each step."""
    ssl = _args.ssl(ssl, "ssl_set_bio")
    rbio = _args.bio(rbio, "ssl_set_bio", 2)
    wbio = _args.bio(wbio, "ssl_set_bio", 3)
    descriptor = _descriptor(rbio) if rbio is wbio else None
    try:
        if descriptor is not None:
            _transport.attach_fd(ssl, descriptor)
        else:
            _transport.attach_bios(ssl, rbio, wbio)
    except _core.Error as exc:
        raise _ssl_error(str(exc)) from None


def _descriptor(bio):
    try:
        fd = bio.fileno()
    except Exception:
        return None
    return fd if isinstance(fd, int) and fd >= 0 else None


# -- role and handshake -------------------------------------------------------
@_export
def ssl_set_connect_state(ssl) -> None:
    _args.ssl(ssl, "ssl_set_connect_state").set_connect_state()


@_export
def ssl_set_accept_state(ssl) -> None:
    _args.ssl(ssl, "ssl_set_accept_state").set_accept_state()


def _check_client_policy(ssl, api_id: str, is_client: Optional[bool] = None) -> None:
    """cryptoshim.policy's handshake checks, once per handle, as
    Connection.connect_ssl runs them; the host name is the SNI name, else
    ssl_set1_host's."""
    if getattr(ssl, "_m2_client_policy_checked", False):
        return
    ssl._m2_client_policy_checked = True
    _policy.before_handshake(
        ssl,
        api_id,
        host=ssl.servername() or getattr(ssl, "_m2_expected_host", None),
        how_to_name="call m2.ssl_set_tlsext_host_name(ssl, 'server.example') or "
        "m2.ssl_set1_host(ssl, 'server.example') before the handshake",
        is_client=is_client,
    )


@_export
def ssl_connect(ssl, timeout: float = -1) -> int:
    """SSL_connect: 1 when done, 0 when OpenSSL wants more I/O and no
    positive timeout was given."""
    ssl = _args.ssl(ssl, "ssl_connect")
    timeout = _args.number(timeout, "ssl_connect", 2)
    _check_client_policy(ssl, "m2crypto.m2.ssl_connect", is_client=True)
    try:
        io = _run(ssl, ssl.connect, timeout, want_result=0, on_zero_return=1)
    finally:
        _policy.after_handshake(ssl, "m2crypto.m2.ssl_connect")
    return io if io in (0, 1) else 1


@_export
def ssl_accept(ssl, timeout: float = -1) -> int:
    ssl = _args.ssl(ssl, "ssl_accept")
    timeout = _args.number(timeout, "ssl_accept", 2)
    io = _run(ssl, ssl.accept, timeout, want_result=0, on_zero_return=0)
    return io if io in (0, 1) else 1


@_export
def ssl_do_handshake(ssl) -> int:
    """SSL_do_handshake's own return value (1, 0 or -1); never raises."""
    ssl = _args.ssl(ssl, "ssl_do_handshake")
    if not ssl.is_server:
        _check_client_policy(ssl, "m2crypto.m2.ssl_do_handshake")
    try:
        return _transport.step(ssl, ssl.do_handshake)[1]
    finally:
        if not ssl.is_server:
            _policy.after_handshake(ssl, "m2crypto.m2.ssl_do_handshake")


@_export
def ssl_is_init_finished(ssl) -> int:
    return int(_args.ssl(ssl, "ssl_is_init_finished").is_init_finished)


@_export
def ssl_renegotiate(ssl) -> int:
    ssl = _args.ssl(ssl, "ssl_renegotiate")
    try:
        ssl.renegotiate()
    except _core.Error:
        return 0
    return 1


@_export
def ssl_clear(ssl) -> int:
    ssl = _args.ssl(ssl, "ssl_clear")
    try:
        _core.tls_clear_connection(ssl)
    except _core.Error:
        return 0
    _transport.forget_outcomes(ssl)
    return 1


# -- shutdown ----------------------------------------------------------------
@_export
def ssl_shutdown(ssl) -> int:
    """SSL_shutdown's own return value: 1 done, 0 sent, -1 failed/wants I/O."""
    ssl = _args.ssl(ssl, "ssl_shutdown")
    return _transport.step(ssl, ssl.shutdown)[1]


@_export
def ssl_get_shutdown(ssl) -> int:
    return _args.ssl(ssl, "ssl_get_shutdown").get_shutdown()


@_export
def ssl_set_shutdown(ssl, mode: int) -> None:
    ssl = _args.ssl(ssl, "ssl_set_shutdown")
    ssl.set_shutdown(_args.integer(mode, "ssl_set_shutdown", 2))


@_export
def ssl_set_shutdown1(ssl, mode: int) -> None:
    ssl = _args.ssl(ssl, "ssl_set_shutdown1")
    ssl.set_shutdown(_args.integer(mode, "ssl_set_shutdown1", 2))


# -- data ----------------------------------------------------------------------
def _checked_read_args(ssl, num, func: str):
    ssl = _args.ssl(ssl, func)
    return ssl, _args.integer(num, func, 2)


@_export
def ssl_read(ssl, num: int, timeout: float = -1):
    """Up to `num` bytes. None when OpenSSL wants I/O (no positive timeout)
    and, as M2Crypto (SSL_read returned 0), at the end of the stream, with
    or without close_notify (a read after an EOF without it fails). SSLError
    on failure."""
    ssl, num = _checked_read_args(ssl, num, "ssl_read")
    timeout = _args.number(timeout, "ssl_read", 3)
    if num < 0:
        raise MemoryError("ssl_read")

    def read_once():
        io = _transport.step(ssl, lambda: ssl.read(num, False))
        if _is_eof(io):
            # M2Crypto reports the first EOF without close_notify as the end
            # of the stream and fails every read after it.
            if getattr(ssl, "_m2_eof_reported", False):
                raise _ssl_error("unexpected eof while reading")
            ssl._m2_eof_reported = True
            return (IO_ZERO_RETURN, b"", 0, ())
        return io

    io = _run(ssl, None, timeout, want_result=None, on_zero_return=None, stepped=read_once)
    return None if io is None else (io[1] or None)


def _is_eof(io) -> bool:
    """SSL_read returned 0 without close_notify: OpenSSL 3's unexpected-EOF
    error, or EOF on the transport (errno 0, nothing queued)."""
    status, _result, sys_errno, errors = io
    return status == IO_EOF or (status == IO_SYSCALL and sys_errno == 0 and not errors)


def _read_error(io):
    """A failed SSL_read as ssl_read_nbio reports it: the queued OpenSSL
    reason, else an EOF message, else the errno."""
    from M2Crypto.SSL import _io
    status, _result, sys_errno, errors = io
    if status == IO_SYSCALL and sys_errno == 0 and not errors:
        return _ssl_error("Unexpected EOF received in violation of protocol")
    return _io.error_from(io)


def _write_error(io, eof_error):
    """A failed SSL_write as M2Crypto reports it: the queued OpenSSL reason;
    without one, `eof_error` when SSL_write returned 0, else the errno
    (PyErr_SetFromErrno, which says (0, 'Error') for errno 0)."""
    from M2Crypto.SSL import _io
    status, ret, sys_errno, errors = io
    if status == IO_SYSCALL and not errors:
        if ret == 0:
            return eof_error
        return _ssl_error(sys_errno, os.strerror(sys_errno) if sys_errno else "Error")
    return _io.error_from(io)


def _failed_write(io) -> bool:
    return io[0] in (IO_SYSCALL, IO_EOF, IO_SSL)


@_export
def ssl_read_nbio(ssl, num: int):
    """One SSL_read: bytes (b'' for num 0 and after close_notify), None
    when OpenSSL wants I/O; SSLError otherwise (EOF without close_notify
    included)."""
    ssl, num = _checked_read_args(ssl, num, "ssl_read_nbio")
    if num < 0:
        raise ValueError("read count must be non-negative")
    if num == 0:
        return b""
    io = _transport.step(ssl, lambda: ssl.read(num, False))
    status = io[0]
    if status == IO_OK or status == IO_ZERO_RETURN:
        return io[1]
    if status in _WANTS:
        return None
    raise _read_error(io)


@_export
def ssl_write(ssl, data, timeout: float = -1) -> int:
    """SSL_write of the whole buffer: the count written (0 after the peer's
    close_notify), or -1 when OpenSSL wants I/O (no positive timeout)."""
    ssl = _args.ssl(ssl, "ssl_write")
    timeout = _args.number(timeout, "ssl_write", 3)
    view = _args.buffer(data)

    def write_once():
        io = _transport.step(ssl, lambda: ssl.write(view, 0, len(view)))
        if _failed_write(io):
            raise _write_error(io, _ssl_error("unexpected eof"))
        return io

    io = _run(ssl, None, timeout, want_result=-1, on_zero_return=0, stepped=write_once)
    return io if isinstance(io, int) else io[1]


@_export
def ssl_write_nbio(ssl, data) -> int:
    """One SSL_write: the count written (0 for empty data), or -1 when
    OpenSSL wants I/O. A peer that closed raises BrokenPipeError, other
    failures SSLError."""
    ssl = _args.ssl(ssl, "ssl_write_nbio")
    view = _args.buffer(data)
    if len(view) == 0:
        return 0
    io = _transport.step(ssl, lambda: ssl.write(view, 0, len(view)))
    status = io[0]
    if status == IO_OK:
        return io[1]
    if status in _WANTS:
        return -1
    if status == IO_ZERO_RETURN:
        raise BrokenPipeError("SSL/TLS connection closed cleanly by peer during write")
    raise _write_error(io, BrokenPipeError("Unexpected EOF/Connection closed during write"))


# -- errors ------------------------------------------------------------------------
def get_error(ssl, ret: int) -> int:
    """SSL_get_error for the last step run on `ssl` (by this module or by
    SSL.Connection), given that step's return value."""
    if ret > 0:
        return 0
    status = _transport.last_status(ssl)
    if status in _ERROR_OF_STATUS:
        return _ERROR_OF_STATUS[status]
    if ssl.want_read():
        return 2
    if ssl.want_write():
        return 3
    if ret == 0 and ssl.get_shutdown() & _RECEIVED_SHUTDOWN:
        return 6
    return 5


@_export
def ssl_get_error(ssl, ret: int) -> int:
    ssl = _args.ssl(ssl, "ssl_get_error")
    return get_error(ssl, _args.integer(ret, "ssl_get_error", 2))
