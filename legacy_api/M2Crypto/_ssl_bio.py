"""BIO.SSLBio: M2Crypto's BIO_f_ssl filter, driving an SSL.Connection's
handshake and records and reporting retry conditions like BIO_should_*."""
from typing import Any, Optional

from cryptoshim.legacy import entry_point, legacy_class
from M2Crypto._common import OwnHandle
from M2Crypto.BIO import BIO, BIOError


@legacy_class("m2crypto.BIO.SSLBio")
class SSLBio(BIO):
    """An SSL filter BIO over an M2Crypto.SSL.Connection."""
    bio = OwnHandle()

    def __init__(self, _pyfree: int = 1) -> None:
        super().__init__(_pyfree=_pyfree)
        self.closed = 0
        self._conn: Any = None  # an SSL.Connection once set_ssl ran
        self._retry = 0
        self._want_read = 0
        self._want_write = 0

    @entry_point("m2crypto.BIO.SSLBio.set_ssl")
    def set_ssl(self, conn, close_flag: int = 0) -> None:
        from M2Crypto.SSL import Connection
        if not isinstance(conn, Connection):
            raise TypeError("conn must be an M2Crypto.SSL.Connection")
        self._conn = conn
        self.closed = close_flag

    def _require(self):
        if self._conn is None:
            raise BIOError("SSLBio has no SSL connection (call set_ssl first)")
        return self._conn

    def _record(self, io) -> int:
        from M2Crypto.SSL import _io
        status = io[0]
        # BIO_should_read/_write/_retry test BIO_FLAGS_READ (1), _WRITE (2)
        # and _SHOULD_RETRY (8): those are the values M2Crypto returns.
        self._want_read = 1 if status == _io.IO_WANT_READ else 0
        self._want_write = 2 if status == _io.IO_WANT_WRITE else 0
        self._retry = 8 if (self._want_read or self._want_write) else 0
        if status == _io.IO_OK:
            return io[1] if isinstance(io[1], int) else 1
        return -1

    @entry_point("m2crypto.BIO.SSLBio.do_handshake")
    def do_handshake(self) -> int:
        """1 once the handshake is done; -1 (or 0) when it must be retried or
        failed, which should_retry()/should_read()/should_write() tell apart."""
        conn = self._require()
        io = conn._step(conn.ssl.do_handshake)
        return 1 if self._record(io) > 0 else -1

    def _read(self, n: Optional[int]) -> Optional[bytes]:  # type: ignore[override]  # None: BIO_read -1
        if n is None:
            # Everything there is, as the real read() loops BIO_read(4096)
            # (one record is at most 16 KiB; several may be waiting).
            buf = bytearray()
            while True:
                data = self._read(4096)
                if not data:
                    return bytes(buf)
                buf += data
        from M2Crypto.SSL import _io
        conn = self._require()
        io = conn._step(lambda: conn.ssl.read(n, False))
        if self._record(io) > 0:
            return io[1]
        # close_notify reads as 0 bytes; a retry or failure is BIO_read's -1,
        # which the real read(n) hands to bytes() (TypeError).
        return b"" if io[0] == _io.IO_ZERO_RETURN else None

    def _readline(self, limit: int) -> bytes:
        raise BIOError("unsupported method")  # BIO_f_ssl has no gets

    def _write(self, data: bytes) -> int:
        conn = self._require()
        view = memoryview(data).cast("B")
        io = conn._step(lambda: conn.ssl.write(view, 0, len(view)))
        return self._record(io)

    @entry_point("m2crypto.BIO.SSLBio.should_retry")
    def should_retry(self) -> int:
        return self._retry

    @entry_point("m2crypto.BIO.SSLBio.should_read")
    def should_read(self) -> int:
        return self._want_read

    @entry_point("m2crypto.BIO.SSLBio.should_write")
    def should_write(self) -> int:
        return self._want_write
