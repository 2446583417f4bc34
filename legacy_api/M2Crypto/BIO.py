"""M2Crypto.BIO: memory and file BIOs. These are Python objects (bytes
buffers and file objects); the key/cert loaders read them whole, so no
native BIO is needed for the shimmed modules. _ptr() returns the object."""
from __future__ import annotations

import logging
from typing import IO, List, Optional, Union

from cryptoshim.legacy import entry_point, legacy_class
from M2Crypto._common import exception_api as _exception_api
from M2Crypto._common import native_free as _native_free

log = logging.getLogger("BIO")

__all__ = ["BIOError", "BIO", "MemoryBuffer", "File", "openfile", "IOBuffer", "CipherStream"]


@_exception_api("m2crypto.BIO.BIOError")
class BIOError(ValueError):
    pass


@legacy_class("m2crypto.BIO.BIO")
class BIO(object):
    """Abstract object interface to a BIO."""
    m2_bio_free = _native_free("m2crypto.BIO.BIO.m2_bio_free")

    def __init__(self, bio=None, _pyfree: int = 0, _close_cb=None) -> None:
        self.bio = bio
        self._pyfree = _pyfree
        self._close_cb = _close_cb
        self.closed = 0
        self.write_closed = 0

    def _ptr(self):
        return self

    def __int__(self) -> int:
        # A BIO is its own handle (bio / _ptr()); int() identifies it, as
        # int() of M2Crypto's SWIG BIO pointer does.
        return id(self)

    bio_ptr = entry_point("m2crypto.BIO.BIO.bio_ptr")(_ptr)

    # Subclasses implement _read(n) / _write(data) / _readline(n).
    def _read(self, n: Optional[int]) -> bytes:
        raise BIOError("read not supported")

    def _write(self, data: bytes) -> int:
        raise BIOError("write not supported")

    @entry_point("m2crypto.BIO.BIO.fileno")
    def fileno(self) -> int:
        raise BIOError("this BIO has no file descriptor")

    @entry_point("m2crypto.BIO.BIO.readable")
    def readable(self) -> bool:
        return not self.closed

    @entry_point("m2crypto.BIO.BIO.read")
    def read(self, size: Optional[int] = None) -> bytes:
        if not self.readable():
            raise IOError("cannot read")
        if size is None:
            # M2Crypto drains the BIO into a bytearray (empty when nothing).
            return bytearray(self._read(None) or b"")
        if size == 0:
            return b""
        if size < 0:
            raise ValueError("read count is negative")
        return bytes(self._read(size) or b"")

    @entry_point("m2crypto.BIO.BIO.readline")
    def readline(self, size: int = 4096) -> bytes:
        if not self.readable():
            raise IOError("cannot read")
        return self._readline(size)

    @entry_point("m2crypto.BIO.BIO.readlines")
    def readlines(self, sizehint: Union[int, bytes] = "ignored") -> List[bytes]:
        if not self.readable():
            raise IOError("cannot read")
        lines = []
        while True:
            buf = self._readline(4096)
            if not buf:
                break
            lines.append(buf)
        return lines

    @entry_point("m2crypto.BIO.BIO.writeable")
    def writeable(self) -> bool:
        return (not self.closed) and (not self.write_closed)

    @entry_point("m2crypto.BIO.BIO.write")
    def write(self, data: Union[str, bytes]) -> int:
        if not self.writeable():
            raise IOError("cannot write")
        if isinstance(data, str):
            data = data.encode("utf8")
        return self._write(bytes(data))

    @entry_point("m2crypto.BIO.BIO.write_close")
    def write_close(self) -> None:
        self.write_closed = 1

    @entry_point("m2crypto.BIO.BIO.flush")
    def flush(self) -> None:
        pass

    @entry_point("m2crypto.BIO.BIO.reset")
    def reset(self) -> int:
        return 0

    @entry_point("m2crypto.BIO.BIO.close")
    def close(self) -> None:
        self.closed = 1
        if self._close_cb:
            self._close_cb()

    @entry_point("m2crypto.BIO.BIO.should_retry")
    def should_retry(self) -> int:
        return 0

    @entry_point("m2crypto.BIO.BIO.should_read")
    def should_read(self) -> int:
        return 0

    @entry_point("m2crypto.BIO.BIO.should_write")
    def should_write(self) -> int:
        return 0

    @entry_point("m2crypto.BIO.BIO.tell")
    def tell(self):
        raise BIOError("tell not supported on this BIO")

    @entry_point("m2crypto.BIO.BIO.seek")
    def seek(self, off):
        raise BIOError("seek not supported on this BIO")

    def __iter__(self):
        return iter(self.readlines())

    def __enter__(self):
        return self

    def __exit__(self, *args) -> None:
        self.close()


@legacy_class("m2crypto.BIO.MemoryBuffer")
class MemoryBuffer(BIO):
    """BIO_s_mem: a FIFO byte buffer."""

    def __init__(self, data: Optional[bytes] = None) -> None:
        super().__init__(_pyfree=1)
        if data is not None and not isinstance(data, bytes):
            raise TypeError("data must be bytes or None, not %s" % (type(data).__name__,))
        self._buf = bytearray(data or b"")
        self.bio = self

    def __len__(self) -> int:
        return len(self._buf)

    def _read(self, n):
        if n is None or n > len(self._buf):
            n = len(self._buf)
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out

    def _readline(self, size):
        idx = self._buf.find(b"\n", 0, size)
        n = idx + 1 if idx >= 0 else min(size, len(self._buf))
        return self._read(n)

    def _write(self, data):
        self._buf += data
        return len(data)

    @entry_point("m2crypto.BIO.MemoryBuffer.read")
    def read(self, size: Optional[int] = None) -> bytes:
        if not self.readable():
            raise IOError("cannot read")
        if size is not None and size < 0:
            raise ValueError("read count is negative")
        return self._read(size) or None

    getvalue = read_all = read

    @entry_point("m2crypto.BIO.MemoryBuffer.write_close")
    def write_close(self) -> None:
        self.write_closed = 1

    close = write_close


@legacy_class("m2crypto.BIO.File")
class File(BIO):
    """A BIO over a Python file object (BIO_s_fd in M2Crypto)."""

    def __init__(self, pyfile_arg: Union[IO, str], close_pyfile: int = 1, mode: str = "rb") -> None:
        super().__init__(_pyfree=1)
        if isinstance(pyfile_arg, (str, bytes)):
            pyfile = open(pyfile_arg, mode)
        else:
            pyfile = pyfile_arg
        pyfile.flush()
        self.fname = getattr(pyfile, "name", "<unnamed>")
        self.pyfile = pyfile
        self.bio = self
        self.close_pyfile = close_pyfile
        self.closed = False

    def _read(self, n):
        data = self.pyfile.read() if n is None else self.pyfile.read(n)
        return data.encode() if isinstance(data, str) else data

    def _readline(self, size):
        data = self.pyfile.readline(size)
        return data.encode() if isinstance(data, str) else data

    def _write(self, data):
        if "b" not in getattr(self.pyfile, "mode", "b"):
            self.pyfile.write(data.decode())
        else:
            self.pyfile.write(data)
        return len(data)

    @entry_point("m2crypto.BIO.BIO.fileno")
    def fileno(self) -> int:
        return self.pyfile.fileno()

    @entry_point("m2crypto.BIO.BIO.tell")
    def tell(self):
        return self.pyfile.tell()

    @entry_point("m2crypto.BIO.BIO.seek")
    def seek(self, off):
        self.pyfile.seek(off)
        return 0

    @entry_point("m2crypto.BIO.File.flush")
    def flush(self) -> None:
        if not self.pyfile.closed:
            self.pyfile.flush()

    @entry_point("m2crypto.BIO.File.close")
    def close(self) -> None:
        self.flush()
        self.closed = 1
        if self.close_pyfile:
            self.pyfile.close()

    @entry_point("m2crypto.BIO.File.reset")
    def reset(self) -> int:
        self.pyfile.seek(0)
        return 0


@entry_point("m2crypto.BIO.openfile")
def openfile(filename: Union[str, bytes], mode: str = "rb") -> File:
    try:
        f = open(filename, mode)
    except IOError as ex:
        raise BIOError(ex.args)
    return File(f)


@legacy_class("m2crypto.BIO.IOBuffer")
class IOBuffer(BIO):
    """BIO_f_buffer on top of another BIO (line-oriented reads)."""
    m2_bio_pop = _native_free("m2crypto.BIO.IOBuffer.m2_bio_pop")

    def __init__(self, under_bio: BIO, mode: str = "rwb", _pyfree: int = 1) -> None:
        super().__init__(_pyfree=_pyfree)
        self._under_bio = under_bio
        self.io = self
        self.bio = self
        self.write_closed = 0 if "w" in mode else 1

    def _read(self, n):
        return self._under_bio._read(n)

    def _readline(self, size):
        return self._under_bio._readline(size)

    def _write(self, data: bytes) -> int:
        return self._under_bio._write(data)

    @entry_point("m2crypto.BIO.IOBuffer.close")
    def close(self) -> None:
        self.closed = 1


@legacy_class("m2crypto.BIO.CipherStream")
class CipherStream(BIO):
    """BIO_f_cipher: encrypts what is written through it into `obio`, and
    decrypts what is read from `obio`. Legacy algorithms come from OpenSSL
    3's legacy provider in a private library context."""
    m2_bio_pop = _native_free("m2crypto.BIO.CipherStream.m2_bio_pop")

    SALT_LEN = 8  # PKCS5_SALT_LEN

    def __init__(self, obio: BIO) -> None:
        super().__init__(_pyfree=1)
        self.obio = obio
        self.bio = self
        self.closed = 0
        self._cipher = None
        self._encrypting = True
        self._finished = False

    @entry_point("m2crypto.BIO.CipherStream.close")
    def close(self) -> None:
        self._cipher = None
        self.closed = 1

    @entry_point("m2crypto.BIO.CipherStream.write_close")
    def write_close(self) -> None:
        self.obio.write_close()

    @entry_point("m2crypto.BIO.CipherStream.set_cipher")
    def set_cipher(self, algo: str, key: Union[str, bytes], iv: Union[str, bytes], op: int) -> None:
        from M2Crypto import m2
        from M2Crypto._common import core, m2c
        from cryptoshim.legacy import unsafe_operation
        if getattr(m2, algo, None) is None:
            raise ValueError("unknown cipher", algo)
        key = key.encode("utf8") if isinstance(key, str) else key
        iv = iv.encode("utf8") if isinstance(iv, str) else iv
        try:
            self._cipher = m2c.Cipher(algo, key, iv, int(op))
        except core.Error as ex:
            raise BIOError("BIOError: {}".format(ex)) from None
        reason = m2c.cipher_unsafe_reason(algo, False, "")
        if reason:
            unsafe_operation("m2crypto.BIO.CipherStream.set_cipher", reason)
        self._encrypting = bool(op)
        self._finished = False

    def _require_cipher(self):
        if self._cipher is None:
            raise BIOError("no cipher set")
        return self._cipher

    def _write(self, data: bytes) -> int:
        self.obio.write(self._require_cipher().update(data))
        return len(data)

    @entry_point("m2crypto.BIO.BIO.flush")
    def flush(self) -> None:
        # BIO_flush on an encrypting cipher BIO writes the final block.
        if self._cipher is not None and self._encrypting and not self._finished:
            self._finished = True
            self.obio.write(self._cipher.final())

    def _read(self, n):
        from M2Crypto._common import core
        cipher = self._require_cipher()
        if self._finished:
            return b""
        data = self.obio._read(None)
        try:
            out = cipher.update(data) + cipher.final()
        except core.Error as ex:
            raise BIOError("BIOError: {}".format(ex)) from None
        self._finished = True
        return out

    def _readline(self, size):
        return self._read(None)


def _bio_bytes(bio) -> bytes:
    """Everything readable from a BIO (for loaders)."""
    if isinstance(bio, BIO):
        return bio._read(None)
    raise TypeError("expected an M2Crypto.BIO.BIO")


def __getattr__(name: str):
    # BIO.SSLBio lives with the SSL package (it wraps an SSL.Connection),
    # which imports this module; resolve it lazily.
    if name == "SSLBio":
        from M2Crypto._ssl_bio import SSLBio
        return SSLBio
    raise AttributeError("module 'M2Crypto.BIO' has no attribute %r" % (name,))
