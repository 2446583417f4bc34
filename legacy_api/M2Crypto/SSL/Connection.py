"""SSL connections (M2Crypto/SSL/Connection.py) over the core's
TlsConnection on the socket's file descriptor.

`ssl` is the core connection (where M2Crypto keeps the SWIG SSL pointer);
`socket` the Python socket. Blocking follows the socket: with a Python
timeout the TLS step waits with poll() and raises SSLTimeoutError, a
non-blocking socket makes read() return b'' / write() -1 on want-read/write
(_io.py). A client handshake runs the post-connection check (Checker, by
default against the address connected to); turning it off, or connecting
without certificate verification, is reported through the policy.
"""
import io
import logging
import os
import socket
from typing import Callable, Optional, Tuple, Union

from cryptoshim import _core
from cryptoshim import policy as _policy
from cryptoshim.legacy import entry_point, legacy_class, unsafe_operation
from M2Crypto import BIO, X509, _release, m2
from M2Crypto import _m2_pki_args as _a
from M2Crypto import _ssl_transport as _transport
from M2Crypto._common import c_method, m2c, mapper
from M2Crypto.SSL import _io
from M2Crypto.SSL import timeout as _timeout
from M2Crypto.SSL.Checker import Checker, SSLVerificationError
from M2Crypto.SSL.Cipher import Cipher, Cipher_Stack

# At the top, not in __init__: an import with a from-list inside a function
# looks up the module's __path__ on every call, and a plain module has none,
# so each Connection() raised and dropped an AttributeError (two per
# handshake in bench/workloads_m2_tls.py).
from M2Crypto.SSL.Context import Context
from M2Crypto.SSL.Session import Session
from M2Crypto.SSL.SSLError import SSLError
from M2Crypto.SSL.timeout import timeout as Timeout

__all__ = ["Connection"]

log = logging.getLogger(__name__)

_errors = mapper(SSLError)
_HANDSHAKE_API = "m2crypto.SSL.Connection.connect_ssl"
# One C call per step on a socket without a timeout (bind_m2_tls_io.cc):
# M2Crypto's return value, the io tuple of a failure, or None (not taken).
_fast_read = _core.m2_tls_read
_fast_write = _core.m2_tls_write
_fast_handshake = _core.m2_tls_handshake


def _ep(api_id: str):
    return entry_point(api_id, errors=_errors)


def _serverPostConnectionCheck(*args, **kw) -> int:
    return 1


def _text(name: Union[str, bytes]) -> str:
    if isinstance(name, bytes):
        return name.decode("utf-8")
    if isinstance(name, str):
        return name
    raise TypeError(f"expected str or bytes, not {type(name).__name__}")


@legacy_class("m2crypto.SSL.Connection", errors=_errors)
class Connection:
    """An SSL connection over a TCP socket."""

    m2_bio_noclose = m2.bio_noclose

    @_ep("m2crypto.SSL.Connection.serverPostConnectionCheck")
    def serverPostConnectionCheck(self, *args, **kw) -> int:
        """M2Crypto <= 0.45's default server-side post-connection check (a
        class attribute there): accepts every client; override it to check
        client certificates."""
        return 1

    def __init__(self, ctx, sock: Optional[socket.socket] = None,
                 family: int = socket.AF_INET) -> None:
        if not isinstance(ctx, Context):
            raise TypeError("ctx must be an M2Crypto.SSL.Context")
        self.clientPostConnectionCheck = Checker()
        self._bio_freed = False
        self.ctx = ctx
        if sock is not None:
            self.socket = sock
        else:
            self.socket = socket.socket(family, socket.SOCK_STREAM)
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._fileno = self.socket.fileno()
        self.ssl = _core.TlsConnection.with_fd(ctx.ctx, self._fileno)
        self._readbio: Optional[BIO.BIO] = None
        self._writebio: Optional[BIO.BIO] = None
        timeout_val = self.socket.gettimeout()
        self._timeout = -1.0 if timeout_val is None else timeout_val
        self.ssl_close_flag = m2.bio_noclose
        if ctx.post_connection_check is not None:
            self.set_post_connection_check_callback(ctx.post_connection_check)
        self.host: Optional[Union[bytes, str]] = None
        self._closed = False
        # The client handshake's policy checks ran (once per handshake).
        self._policy_checked = False

    @staticmethod
    @_ep("m2crypto.SSL.Connection.m2_ssl_free")
    def m2_ssl_free(ssl) -> None:
        """Releases the native connection (the core frees it with its last
        reference; kept as the hook M2Crypto's tests override)."""

    @staticmethod
    @_ep("m2crypto.SSL.Connection.m2_bio_free")
    def m2_bio_free(bio) -> int:
        return 1

    @property
    def closed(self) -> bool:
        return self._closed

    def _free_bio(self) -> None:
        if not self._bio_freed:
            self.socket.close()
            self._bio_freed = True

    def __del__(self) -> None:
        if not getattr(self, "_closed", True):
            try:
                self.close()
            except Exception:
                pass
        if getattr(self, "ssl_close_flag", None) == self.m2_bio_noclose and getattr(
            self, "ssl", None
        ):
            self.m2_ssl_free(self.ssl)
        self._readbio = None
        self._writebio = None

    # -- memory BIO transport (set_bio) --------------------------------------
    def _step(self, op: Callable[[], Tuple]) -> Tuple:
        """One core I/O step through the handle's transport (the socket, or
        set_bio's memory BIOs), shared with m2.ssl_* on self.ssl."""
        return _transport.step(self.ssl, op)

    @_ep("m2crypto.SSL.Connection.set_bio")
    def set_bio(self, readbio: BIO.BIO, writebio: BIO.BIO) -> None:
        """Moves the connection onto two memory BIOs (ciphertext in through
        `readbio`, out through `writebio`) instead of the socket. Like
        SSL_set_bio the SSL object stays: its settings (verify mode, SNI
        name, session, cipher list, role) carry over."""
        if not isinstance(readbio, BIO.BIO) or not isinstance(writebio, BIO.BIO):
            raise TypeError("readbio and writebio must be M2Crypto.BIO objects")
        _transport.attach_bios(self.ssl, readbio, writebio)
        readbio._pyfree = 0
        writebio._pyfree = 0
        self._readbio = readbio
        self._writebio = writebio
        self._fileno = -1

    # -- lifecycle -----------------------------------------------------------
    @_ep("m2crypto.SSL.Connection.close")
    def close(self, freeBio: Optional[bool] = _release.CLOSE_FREES_BIO) -> None:
        if self._closed:
            return
        self._closed = True
        ssl = self.ssl
        if ssl.is_init_finished:
            _transport.step(ssl, ssl.shutdown)  # close_notify, best effort as M2Crypto
        if freeBio:
            self._free_bio()

    @_ep("m2crypto.SSL.Connection.clear")
    def clear(self) -> int:
        """SSL_clear: ready for a new handshake on the same transport; 1 on
        success, 0 when OpenSSL refuses (as m2.ssl_clear)."""
        try:
            _core.tls_clear_connection(self.ssl)
        except _core.Error:
            return 0
        _transport.forget_outcomes(self.ssl)
        self._policy_checked = False
        return 1

    @_ep("m2crypto.SSL.Connection.set_shutdown")
    def set_shutdown(self, mode: int) -> None:
        self.ssl.set_shutdown(_a.check_int(mode, "ssl_set_shutdown1", 2))

    @_ep("m2crypto.SSL.Connection.get_shutdown")
    def get_shutdown(self) -> int:
        return self.ssl.get_shutdown()

    @_ep("m2crypto.SSL.Connection.bind")
    def bind(self, addr) -> None:
        self.socket.bind(addr)

    @_ep("m2crypto.SSL.Connection.listen")
    def listen(self, qlen: int = 5) -> None:
        self.socket.listen(qlen)

    @_ep("m2crypto.SSL.Connection.ssl_get_error")
    def ssl_get_error(self, ret: int) -> int:
        return m2.ssl_get_error(self.ssl, ret)

    @_ep("m2crypto.SSL.Connection.set_client_CA_list_from_file")
    def set_client_CA_list_from_file(self, cafile: str) -> None:
        """The CA names this server connection asks client certificates
        from (SSL_set_client_CA_list), overriding the context's list."""
        _core.tls_set_connection_client_ca_list_from_file(self.ssl, os.fsdecode(cafile))

    @_ep("m2crypto.SSL.Connection.set_client_CA_list_from_context")
    def set_client_CA_list_from_context(self) -> None:
        """The connection already uses its context's client CA list."""

    @_ep("m2crypto.SSL.Connection.setup_addr")
    def setup_addr(self, addr) -> None:
        self.addr = addr

    @_ep("m2crypto.SSL.Connection.set_ssl_close_flag")
    def set_ssl_close_flag(self, flag: int) -> None:
        if flag not in (m2.bio_close, m2.bio_noclose):
            raise ValueError("flag must be m2.bio_close or m2.bio_noclose")
        self.ssl_close_flag = flag

    @_ep("m2crypto.SSL.Connection.setup_ssl")
    def setup_ssl(self) -> None:
        """The native connection is bound to the socket at construction; kept
        for callers that drive the handshake themselves."""

    def _setup_ssl(self, addr) -> None:
        self.setup_addr(addr)
        self.setup_ssl()

    # -- handshake -----------------------------------------------------------
    @_ep("m2crypto.SSL.Connection.set_accept_state")
    def set_accept_state(self) -> None:
        self.ssl.set_accept_state()

    # accept_ssl and connect_ssl are C call objects (_core.m2crypto.
    # ConnectionIo, as read and write below): one handshake step on a socket
    # without a timeout, falling back to these methods for any other call
    # and resuming with their _*_io rest for any other outcome.
    def accept_ssl(self) -> Optional[int]:
        first = _fast_handshake(self.ssl) if self._timeout <= 0 else None
        if first.__class__ is int:
            return first
        return self._accept_io(first)

    def _accept_io(self, first: Optional[Tuple]) -> int:
        io_ = _io.run(lambda: self._step(self.ssl.do_handshake), self._fileno, self._timeout,
                      want_result=0, on_zero_return=0, first=first)
        return io_ if io_ == 0 else 1

    accept_ssl = c_method(_ep("m2crypto.SSL.Connection.accept_ssl"),
                          m2c.ConnectionIo("accept", accept_ssl, _accept_io), accept_ssl)

    @_ep("m2crypto.SSL.Connection.accept")
    def accept(self) -> Tuple["Connection", object]:
        sock, addr = self.socket.accept()
        ssl = Connection(self.ctx, sock)
        ssl.addr = addr
        ssl.setup_ssl()
        ssl.set_accept_state()
        ssl.accept_ssl()
        check = getattr(self, "serverPostConnectionCheck", _serverPostConnectionCheck)
        if check is not None:
            hostname = _text(self.host) if self.host is not None else addr[0]
            if not check(ssl.get_peer_cert(), hostname):
                raise SSLVerificationError("post connection check failed")
        return ssl, addr

    @_ep("m2crypto.SSL.Connection.set_connect_state")
    def set_connect_state(self) -> None:
        self.ssl.set_connect_state()

    def _expected_host(self) -> Optional[Union[str, bytes]]:
        """The name the server's certificate must carry: the SNI name, else
        set1_host's, else the post-connection Checker's host, else (when a
        post-connection check will run) the host connect() was given. In C
        (_core.m2crypto.connection_expected_host), which connect_ssl's C
        step also asks before running the policy's checks itself."""
        return m2c.connection_expected_host(self)

    def connect_ssl(self) -> Optional[int]:
        if not self._policy_checked:
            # Before the first step of the handshake (a non-blocking one
            # comes back here until it is done).
            _policy.before_handshake(
                self.ssl, _HANDSHAKE_API, host=self._expected_host(),
                how_to_name="call Connection.set_tlsext_host_name('server.example') or "
                            "set1_host(), or connect() to a host name with the "
                            "post-connection check on", is_client=True)
            self._policy_checked = True
        first = _fast_handshake(self.ssl) if self._timeout <= 0 else None
        if first.__class__ is int and first == 0:
            # A non-blocking step that wants I/O. The verifier's verdict, if
            # it came in this step, waits in the handle until the step that
            # finishes (or fails) the handshake reports it.
            return 0
        return self._connect_io(first)

    def _connect_io(self, first: Union[int, Tuple, None]) -> int:
        """connect_ssl after its first step: `first` is 1 (the handshake is
        done: report the verifier's verdict), or the io tuple of another
        outcome, or None (no step taken)."""
        if isinstance(first, int):
            _policy.after_handshake(self.ssl, _HANDSHAKE_API)
            return 1
        try:
            io_ = _io.run(lambda: self._step(self.ssl.do_handshake), self._fileno, self._timeout,
                          want_result=0, on_zero_return=1, first=first)
        except SSLError as exc:
            failure = _policy.after_handshake(self.ssl, _HANDSHAKE_API)
            if failure is not None and _policy.current() == "strict":
                raise SSLError(f"{exc}: {failure}") from None
            raise
        _policy.after_handshake(self.ssl, _HANDSHAKE_API)
        return io_ if io_ in (0, 1) else 1

    connect_ssl = c_method(_ep(_HANDSHAKE_API),
                           m2c.ConnectionIo("connect", connect_ssl, _connect_io), connect_ssl)

    @_ep("m2crypto.SSL.Connection.connect")
    def connect(self, addr) -> Optional[int]:
        check = getattr(self, "postConnectionCheck", self.clientPostConnectionCheck)
        if check is None:
            unsafe_operation("m2crypto.SSL.Connection.connect",
                             "client connection without a post-connection (host name) check")
        self.socket.connect(addr)
        self.addr = addr
        self.setup_ssl()
        self.set_connect_state()
        ret = self.connect_ssl()
        if check is not None:
            hostname = _text(self.host) if self.host is not None else self.addr[0]
            if not check(self.get_peer_cert(), hostname):
                raise SSLVerificationError("post connection check failed")
        return ret

    @_ep("m2crypto.SSL.Connection.handshake_on_existing_socket")
    def handshake_on_existing_socket(self, server_side: bool = False) -> Optional[int]:
        self.setup_ssl()
        if server_side:
            self.set_accept_state()
            return self.accept_ssl()
        self.set_connect_state()
        return self.connect_ssl()

    @_ep("m2crypto.SSL.Connection.shutdown")
    def shutdown(self, how: int) -> None:
        self.ssl.set_shutdown(how)

    @_ep("m2crypto.SSL.Connection.renegotiate")
    def renegotiate(self) -> int:
        self.ssl.renegotiate()
        return 1

    @_ep("m2crypto.SSL.Connection.pending")
    def pending(self) -> int:
        return self.ssl.pending()

    # -- data ----------------------------------------------------------------
    # write and read are C call objects (_core.m2crypto.ConnectionIo) doing
    # one step on a socket without a timeout; these methods are what they
    # fall back to (any other call) and resume with (`first`: the io tuple of
    # the step the C call ran, when it did not end in a return value).
    def write(self, data) -> int:
        if self._timeout <= 0:
            first = _fast_write(self.ssl, data)
            if first.__class__ is int:
                return first
        else:
            first = None
        return self._write_io(data, first)

    def _write_io(self, data, first: Optional[Tuple]) -> int:
        view = memoryview(data).cast("B")
        if len(view) == 0:
            return 0
        io_ = _io.run(lambda: self._step(lambda: self.ssl.write(view, 0, len(view))),
                      self._fileno, self._timeout, want_result=-1, first=first)
        return io_ if io_ == -1 else io_[1]

    write = c_method(_ep("m2crypto.SSL.Connection.write"),
                     m2c.ConnectionIo("write", write, _write_io), write)
    sendall = send = write

    def _read_bytes(self, size: int, first: Optional[Tuple] = None) -> Optional[bytes]:
        io_ = _io.run(lambda: self._step(lambda: self.ssl.read(size, False)), self._fileno,
                      self._timeout, want_result=None, on_zero_return=None, first=first)
        if io_ is None:
            return None
        return io_[1] or None

    def _read_or_eof(self, size: int, first: Optional[Tuple] = None) -> Optional[bytes]:
        try:
            return self._read_bytes(size, first)
        except SSLError as exc:
            # M2Crypto's ssl_read treats SSL_read returning 0 as end of
            # file, with or without close_notify.
            if str(exc) in ("unexpected eof while reading", "unexpected eof"):
                return None
            raise

    def _decref_socketios(self) -> None:
        pass

    @_ep("m2crypto.SSL.Connection.recv_into")
    def recv_into(self, buff, nbytes: int = 0) -> int:
        n = len(buff) if nbytes == 0 else nbytes
        if n <= 0:
            raise ValueError("recv_into: size of buffer must be > 0")
        data = self._read_or_eof(n)
        if data is None:
            return 0
        buff[:len(data)] = data
        return len(data)

    def read(self, size: int = 1024) -> bytes:
        if size <= 0:
            raise ValueError("size <= 0")
        if size.__class__ is not int or size > 0x7FFFFFFF:  # m2.ssl_read's C int
            size = _a.check_int(size, "ssl_read", 2)
        first = None
        if self._timeout <= 0:
            first = _fast_read(self.ssl, size)
            if first.__class__ is bytes:
                return first
        return self._read_io(size, first)

    def _read_io(self, size: int, first: Optional[Tuple]) -> bytes:
        data = self._read_or_eof(size, first)
        return data if data is not None else b""

    read = c_method(_ep("m2crypto.SSL.Connection.read"),
                    m2c.ConnectionIo("read", read, _read_io), read)
    recv = read

    @_ep("m2crypto.SSL.Connection.readable")
    def readable(self) -> bool:
        return True

    @_ep("m2crypto.SSL.Connection.writable")
    def writable(self) -> bool:
        return True

    @_ep("m2crypto.SSL.Connection.readinto")
    def readinto(self, b) -> int:
        return self.recv_into(b)

    @_ep("m2crypto.SSL.Connection.flush")
    def flush(self) -> None:
        pass

    @_ep("m2crypto.SSL.Connection.setblocking")
    def setblocking(self, mode: int) -> None:
        self.socket.setblocking(bool(mode))
        self._timeout = -1.0 if mode else 0.0

    @_ep("m2crypto.SSL.Connection.settimeout")
    def settimeout(self, timeout: Optional[float]) -> None:
        self.socket.settimeout(timeout)
        self._timeout = -1.0 if timeout is None else timeout

    @_ep("m2crypto.SSL.Connection.fileno")
    def fileno(self) -> int:
        return self.socket.fileno()

    @_ep("m2crypto.SSL.Connection.getsockopt")
    def getsockopt(self, level: int, optname: int, buflen: Optional[int] = None):
        if buflen is None:
            return self.socket.getsockopt(level, optname)
        return self.socket.getsockopt(level, optname, buflen)

    @_ep("m2crypto.SSL.Connection.setsockopt")
    def setsockopt(self, level: int, optname: int, value=None):
        if value is None:
            raise TypeError("value must not be None for setsockopt")
        return self.socket.setsockopt(level, optname, value)

    # -- state and negotiated parameters -------------------------------------
    @_ep("m2crypto.SSL.Connection.get_context")
    def get_context(self):
        return self.ctx

    @_ep("m2crypto.SSL.Connection.get_state")
    def get_state(self) -> str:
        return self.ssl.state_string().decode("ascii", "replace")

    @_ep("m2crypto.SSL.Connection.verify_ok")
    def verify_ok(self) -> bool:
        return _core.tls_verify_result(self.ssl) == m2.X509_V_OK

    @_ep("m2crypto.SSL.Connection.get_verify_mode")
    def get_verify_mode(self) -> int:
        return self.ssl.verify_mode

    @_ep("m2crypto.SSL.Connection.get_verify_depth")
    def get_verify_depth(self) -> int:
        return _core.tls_connection_verify_depth(self.ssl)

    @_ep("m2crypto.SSL.Connection.get_verify_result")
    def get_verify_result(self) -> int:
        return _core.tls_verify_result(self.ssl)

    @_ep("m2crypto.SSL.Connection.get_peer_cert")
    def get_peer_cert(self) -> Optional[X509.X509]:
        cert = self.ssl.peer_certificate()
        return None if cert is None else X509.X509(cert, 1)

    @_ep("m2crypto.SSL.Connection.get_peer_cert_chain")
    def get_peer_cert_chain(self) -> Optional[X509.X509_Stack]:
        chain = self.ssl.peer_cert_chain()
        return None if chain is None else X509.X509_Stack(chain)

    @_ep("m2crypto.SSL.Connection.get_cipher")
    def get_cipher(self) -> Optional[Cipher]:
        cipher = _core.tls_current_cipher(self.ssl)
        return None if cipher is None else Cipher(cipher, _pyfree=1)

    @_ep("m2crypto.SSL.Connection.get_ciphers")
    def get_ciphers(self) -> Optional[Cipher_Stack]:
        return Cipher_Stack(_core.tls_connection_ciphers(self.ssl), _pyfree=1)

    @_ep("m2crypto.SSL.Connection.get_cipher_list")
    def get_cipher_list(self, idx: int = 0) -> Optional[str]:
        names = self.ssl.cipher_list()
        return names[idx] if 0 <= idx < len(names) else None

    @_ep("m2crypto.SSL.Connection.set_cipher_list")
    def set_cipher_list(self, cipher_list: str) -> int:
        """TLS 1.3 suite names select the TLS 1.3 suites; anything else is an
        OpenSSL cipher string for TLS 1.2 and below. 0 when nothing matched."""
        from M2Crypto.SSL.Context import _apply_cipher_list
        return _apply_cipher_list(
            self, _text(cipher_list), "m2crypto.SSL.Connection.set_cipher_list"
        )

    @_ep("m2crypto.SSL.Connection.makefile")
    def makefile(self, mode: str = "rb", bufsize: int = -1):
        if "b" not in mode:
            raise ValueError("makefile requires binary mode")
        if bufsize < 0:
            bufsize = io.DEFAULT_BUFFER_SIZE
        if "w" in mode and "r" in mode:
            # BufferedRWPair takes its buffer size positionally only.
            return io.BufferedRWPair(self, self, bufsize)
        if "w" in mode:
            return io.BufferedWriter(self, buffer_size=bufsize)
        if "r" in mode:
            return io.BufferedReader(self, buffer_size=bufsize)
        raise ValueError(f"Invalid mode: {mode}")

    @_ep("m2crypto.SSL.Connection.getsockname")
    def getsockname(self):
        return self.socket.getsockname()

    @_ep("m2crypto.SSL.Connection.getpeername")
    def getpeername(self):
        return self.socket.getpeername()

    @_ep("m2crypto.SSL.Connection.set_session_id_ctx")
    def set_session_id_ctx(self, id: bytes) -> int:
        if not isinstance(id, (bytes, bytearray)):
            raise TypeError("id must be bytes")
        _core.tls_set_connection_session_id_context(self.ssl, bytes(id))
        return 1

    @_ep("m2crypto.SSL.Connection.get_session")
    def get_session(self) -> Optional[Session]:
        session = self.ssl.session()
        return None if session is None else Session(session, _pyfree=1)

    @_ep("m2crypto.SSL.Connection.set_session")
    def set_session(self, session: Session) -> None:
        if not isinstance(session, Session):
            raise TypeError("session must be an M2Crypto.SSL.Session.Session")
        self.ssl.set_session(session.session)

    @_ep("m2crypto.SSL.Connection.get_default_session_timeout")
    def get_default_session_timeout(self) -> int:
        return _core.tls_default_session_timeout(self.ssl)

    @_ep("m2crypto.SSL.Connection.get_socket_read_timeout")
    def get_socket_read_timeout(self) -> Timeout:
        return _timeout.struct_to_timeout(self.socket.getsockopt(
            socket.SOL_SOCKET, socket.SO_RCVTIMEO, _timeout.struct_size()))

    @_ep("m2crypto.SSL.Connection.get_socket_write_timeout")
    def get_socket_write_timeout(self) -> Timeout:
        return _timeout.struct_to_timeout(self.socket.getsockopt(
            socket.SOL_SOCKET, socket.SO_SNDTIMEO, _timeout.struct_size()))

    @_ep("m2crypto.SSL.Connection.set_socket_read_timeout")
    def set_socket_read_timeout(self, timeo: Timeout) -> None:
        if not isinstance(timeo, Timeout):
            raise TypeError("timeo must be an M2Crypto.SSL.timeout")
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeo.pack())

    @_ep("m2crypto.SSL.Connection.set_socket_write_timeout")
    def set_socket_write_timeout(self, timeo: Timeout) -> None:
        if not isinstance(timeo, Timeout):
            raise TypeError("timeo must be an M2Crypto.SSL.timeout")
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, timeo.pack())

    @_ep("m2crypto.SSL.Connection.get_version")
    def get_version(self) -> str:
        return self.ssl.protocol_version_name()

    @_ep("m2crypto.SSL.Connection.set_post_connection_check_callback")
    def set_post_connection_check_callback(self, postConnectionCheck: Optional[Callable]) -> None:
        self.postConnectionCheck = postConnectionCheck

    @_ep("m2crypto.SSL.Connection.set_tlsext_host_name")
    def set_tlsext_host_name(self, name: Union[str, bytes]) -> None:
        self.ssl.set_tlsext_host_name(_text(name))

    @_ep("m2crypto.SSL.Connection.set1_host")
    def set1_host(self, name: Union[bytes, str]) -> None:
        self.host = name
        _core.tls_set_expected_host(self.ssl, _text(name))
