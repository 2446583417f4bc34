"""The kinds of BIO the flat m2.bio_* functions make that the class layer
has no class for (socket / descriptor BIOs and BIO pairs), the BIO_METHOD
stand-ins bio_new() takes, and the error class m2.bio_init registers."""
from __future__ import annotations

import os
from typing import List, Optional

from M2Crypto import BIO as _BIO
from M2Crypto._common import OwnHandle

_error_class: List[Optional[type]] = [None]  # set by m2.bio_init(BIOError), as M2Crypto's _bio_err


def _bio_error(message: str) -> Exception:
    return (_error_class[0] or _BIO.BIOError)(message)


def _uncounted(cls, *args):
    """An instance of a class-layer BIO built for a flat call: the flat
    function is the counted entry point, not the class's constructor."""
    obj = cls.__new__(cls)
    init = cls.__init__
    getattr(init, "__wrapped__", init)(obj, *args)
    return obj


class _Method:
    """Stands in for a BIO_METHOD*: which kind of BIO bio_new() makes."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __int__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return f"<BIO_METHOD {self.name}>"


_S_MEM, _S_BIO, _S_SOCKET = _Method("memory"), _Method("BIO pair"), _Method("socket")
_F_BUFFER, _F_CIPHER, _F_SSL = _Method("buffer"), _Method("cipher"), _Method("ssl")
# M2Crypto's own fd BIO_METHOD (m2.cvar.methods_fdp): bio_new() of it is a
# descriptor BIO with no descriptor yet.
_S_PYFD = _Method("python file descriptor")


class FdBio(_BIO.BIO):
    """BIO_s_socket / M2Crypto's BIO_s_pyfd: reads and writes a descriptor."""
    bio = OwnHandle()

    _pyfd_freed: bool  # set by m2.pyfd_new / pyfd_free

    def __init__(self, fd: int = -1, close_flag: int = 0) -> None:
        _BIO.BIO.__init__.__wrapped__(self, _pyfree=1)  # type: ignore[attr-defined]  # entry points keep __wrapped__
        self.fd = int(fd)
        self.close_flag = int(close_flag)

    def _require_fd(self) -> int:
        if self.fd < 0:
            raise _bio_error("BIO has not been initialized.")
        return self.fd

    def _read(self, n):
        fd = self._require_fd()
        if n is not None:
            try:
                return os.read(fd, n)
            except BlockingIOError:  # a non-blocking descriptor with nothing yet
                return b""
        chunks: List[bytes] = []
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)

    def _readline(self, size):
        fd, out = self._require_fd(), bytearray()
        while len(out) < size:
            c = os.read(fd, 1)
            if not c:
                break
            out += c
            if c == b"\n":
                break
        return bytes(out)

    def _write(self, data):
        try:
            return os.write(self._require_fd(), data)
        except BlockingIOError:
            return 0

    def fileno(self) -> int:
        return self.fd

    def close(self) -> None:
        if self.close_flag and self.fd >= 0:
            os.close(self.fd)
        self.fd = -1
        self.closed = 1


class PairBio(_BIO.BIO):
    """One half of a BIO_s_bio pair: writes land in this half's buffer (at
    most its write buffer size), reads take from the peer's."""
    bio = OwnHandle()

    def __init__(self) -> None:
        _BIO.BIO.__init__.__wrapped__(self, _pyfree=1)  # type: ignore[attr-defined]  # entry points keep __wrapped__
        self.peer: PairBio | None = None
        self.size = 17 * 1024  # OpenSSL's default write buffer size
        self.buf = bytearray()

    def _read(self, n):
        peer = self.peer
        if peer is None:
            return b""
        n = len(peer.buf) if n is None else min(n, len(peer.buf))
        out = bytes(peer.buf[:n])
        del peer.buf[:n]
        return out

    def _readline(self, size):
        return self._read(size)

    def _write(self, data):
        if self.peer is None:
            raise _bio_error("BIO pair is not connected")
        room = max(0, self.size - len(self.buf))
        self.buf += data[:room]
        return min(room, len(data))


_FACTORIES = {
    _S_MEM: lambda: _uncounted(_BIO.MemoryBuffer),
    _S_BIO: PairBio,
    _S_SOCKET: FdBio,
    _S_PYFD: FdBio,
    _F_BUFFER: lambda: _uncounted(_BIO.IOBuffer, None),
    _F_CIPHER: lambda: _uncounted(_BIO.CipherStream, None),
}

