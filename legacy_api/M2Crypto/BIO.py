"""M2Crypto.BIO: memory and file BIOs. These are Python objects (bytes
buffers and file objects); the key/cert loaders read them whole, so no
native BIO is needed for the shimmed modules. _ptr() returns the object."""
from __future__ import annotations

import logging
from typing import IO, Any, List, Optional, Union

from cryptoshim.legacy import entry_point, legacy_class
from M2Crypto import _m2_pki_args as _a
from M2Crypto._common import OwnHandle
from M2Crypto._common import exception_api as _exception_api
from M2Crypto._common import native_free as _native_free

log = logging.getLogger("BIO")

__all__ = ["BIOError", "BIO", "MemoryBuffer", "File", "openfile", "IOBuffer", "CipherStream"]


@_exception_api("m2crypto.BIO.BIOError")
class BIOError(ValueError):
    pass


@legacy_class("m2crypto.BIO.BIO")
class BIO:
    """Abstract object interface to a BIO."""
    m2_bio_free = _native_free("m2crypto.BIO.BIO.m2_bio_free")
    # The handle a plain BIO wraps (BIO.BIO(m2.bio_new(...))); the BIO kinds
    # below are their own (OwnHandle), without a reference cycle.
    bio: Any = None

    def __init__(self, bio=None, _pyfree: int = 0, _close_cb=None) -> None:
        if bio is not None:
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

    # Subclasses implement _read(n) / _write(data) / _readline(n). A plain
    # BIO wrapping another BIO handle (BIO.BIO(m2.bio_new(m2.bio_s_mem())))
    # reads and writes through it.
    def _wrapped(self) -> BIO:
        if isinstance(self.bio, BIO) and self.bio is not self:
            return self.bio
        raise BIOError("read not supported")

    def _read(self, n: Optional[int]) -> bytes:
        return self._wrapped()._read(n)

    def _write(self, data: bytes) -> int:
        return self._wrapped()._write(data)

    def _readline(self, limit: int) -> bytes:
        raise BIOError("unsupported method")  # BIO_gets on a BIO without gets

    def _pull(self, n: int) -> Optional[bytes]:
        """What a filter BIO above this one gets from BIO_read(n): bytes,
        b"" at end of data, or None when nothing is there yet."""
        return self._read(n)

    @entry_point("m2crypto.BIO.BIO.fileno")
    def fileno(self) -> int:
        raise BIOError("this BIO has no file descriptor")

    @entry_point("m2crypto.BIO.BIO.readable")
    def readable(self) -> bool:
        return not self.closed

    @entry_point("m2crypto.BIO.BIO.read")
    def read(self, size: Optional[int] = None) -> bytes:
        if not self.readable():
            raise OSError("cannot read")
        if size is None:
            # M2Crypto drains the BIO into a bytearray (empty when nothing).
            return bytearray(self._read(None) or b"")  # type: ignore[return-value]  # as M2Crypto
        if size == 0:
            return b""
        if size < 0:
            raise ValueError("read count is negative")
        size = _a.check_int(size, "bio_read", 2)  # m2.bio_read's C int
        # A filter BIO with nothing to give returns None (BIO_read's -1); the
        # real read() passes that to bytes(), which raises TypeError.
        return bytes(self._read(size))

    @entry_point("m2crypto.BIO.BIO.readline")
    def readline(self, size: int = 4096) -> bytes:
        if not self.readable():
            raise OSError("cannot read")
        # m2.bio_gets(bio, size): a C int; M2Crypto refuses a negative size
        # with MemoryError. BIO_gets keeps one byte for its NUL: at most size-1.
        size = _a.check_int(size, "bio_gets", 2)
        if size < 0:
            raise MemoryError("bio_gets")
        return self._readline(size - 1) if size > 1 else b""

    @entry_point("m2crypto.BIO.BIO.readlines")
    def readlines(self, sizehint: Union[int, bytes, str] = "ignored") -> List[bytes]:
        if not self.readable():
            raise OSError("cannot read")
        lines = []
        while True:
            buf = self._readline(4095)  # BIO_gets(bio, buf, 4096)
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
            raise OSError("cannot write")
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
    bio = OwnHandle()

    def __init__(self, data: Optional[bytes] = None) -> None:
        super().__init__(_pyfree=1)
        if data is not None and not isinstance(data, bytes):
            raise TypeError(f"data must be bytes or None, not {type(data).__name__}")
        self._buf = bytearray(data or b"")

    def __len__(self) -> int:
        return len(self._buf)

    def _read(self, n):
        if n is None or n > len(self._buf):
            n = len(self._buf)
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out

    def _pull(self, n):
        # BIO_s_mem when empty: end of data after write_close() (its EOF
        # return is 0 then), "retry later" (-1) before.
        if not self._buf:
            return b"" if self.write_closed else None
        return self._read(n)

    def _readline(self, limit):
        idx = self._buf.find(b"\n", 0, limit)
        n = idx + 1 if idx >= 0 else min(limit, len(self._buf))
        return self._read(n)

    def _write(self, data):
        self._buf += data
        return len(data)

    @entry_point("m2crypto.BIO.MemoryBuffer.read")
    def read(self, size: Optional[int] = None) -> bytes:
        if not self.readable():
            raise OSError("cannot read")
        if size is not None and size < 0:
            raise ValueError("read count is negative")
        if size:  # M2Crypto: m2.bio_read(bio, size), size a C int
            size = _a.check_int(size, "bio_read", 2)
        # BIO_s_mem sets BIO_FLAGS_SHOULD_RETRY|READ when a read finds it
        # empty before write_close() (its EOF return is -1 then).
        self._retry = 8 if not self._buf and not self.write_closed else 0
        return self._read(size) or None  # type: ignore[return-value]  # M2Crypto's None

    getvalue = read
    # Dependents call read_all by name (survey): its own record, so telemetry
    # and the warning name what the caller wrote.
    read_all = entry_point("m2crypto.BIO.MemoryBuffer.read_all")(read.__wrapped__)  # type: ignore[attr-defined]  # entry points keep __wrapped__
    # BIO.write reached through a MemoryBuffer is what dependents write; counted
    # under the subclass's record, same behaviour.
    write = entry_point("m2crypto.BIO.MemoryBuffer.write")(BIO.write.__wrapped__)  # type: ignore[attr-defined]  # entry points keep __wrapped__

    @entry_point("m2crypto.BIO.BIO.should_retry")
    def should_retry(self) -> int:
        return getattr(self, "_retry", 0)

    @entry_point("m2crypto.BIO.BIO.should_read")
    def should_read(self) -> int:
        return 1 if getattr(self, "_retry", 0) else 0

    @entry_point("m2crypto.BIO.BIO.reset")
    def reset(self) -> int:
        # BIO_reset on a read-write memory BIO empties it.
        del self._buf[:]
        return 1

    @entry_point("m2crypto.BIO.MemoryBuffer.write_close")
    def write_close(self) -> None:
        self.write_closed = 1

    close = write_close


@legacy_class("m2crypto.BIO.File")
class File(BIO):
    """A BIO over a Python file object (BIO_s_fd in M2Crypto)."""
    bio = OwnHandle()

    def __init__(self, pyfile_arg: Union[IO, str], close_pyfile: int = 1, mode: str = "rb") -> None:
        super().__init__(_pyfree=1)
        if isinstance(pyfile_arg, (str, bytes)):
            pyfile = open(pyfile_arg, mode)
        else:
            pyfile = pyfile_arg
        pyfile.flush()
        self.fname = getattr(pyfile, "name", "<unnamed>")
        self.pyfile = pyfile
        self.close_pyfile = close_pyfile
        self.closed = False

    def _pull(self, n):
        data = self.pyfile.read() if n is None else self.pyfile.read(n)
        return data.encode() if isinstance(data, str) else data

    def _read(self, n):
        data = self._pull(n)
        # At end of file BIO_read on BIO_s_pyfd returns -1 under OpenSSL 3,
        # so the real read(n) raises TypeError there (read() just stops).
        return data if data or n is None else None

    def _readline(self, limit):
        data = self.pyfile.readline(limit)
        return data.encode() if isinstance(data, str) else data

    def _write(self, data):
        # BIO_s_pyfd writes to the descriptor itself: the bytes are in the
        # file when write() returns, so they are flushed through here too.
        if "b" not in getattr(self.pyfile, "mode", "b"):
            self.pyfile.write(data.decode())
            self.pyfile.flush()
            return len(data)
        written = self.pyfile.write(data)
        self.pyfile.flush()
        if written is None:  # a non-blocking raw file took nothing
            return -1
        return written

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
    except OSError as ex:
        raise BIOError(ex.args)  # noqa: B904  (chained as upstream's: implicit __context__, no __cause__)
    return File(f)


@legacy_class("m2crypto.BIO.IOBuffer")
class IOBuffer(BIO):
    """BIO_f_buffer on top of another BIO (line-oriented reads)."""
    io = OwnHandle()
    bio = OwnHandle()
    m2_bio_pop = _native_free("m2crypto.BIO.IOBuffer.m2_bio_pop")

    _FILL = 4096  # BIO_f_buffer's default buffer size

    def __init__(self, under_bio: BIO, mode: str = "rwb", _pyfree: int = 1) -> None:
        super().__init__(_pyfree=_pyfree)
        self._under_bio = under_bio
        self.write_closed = 0 if "w" in mode else 1
        # What was read from under_bio but not yet returned: lines are cut
        # here, so any BIO below (an SSLBio too) serves readline().
        self._rbuf = bytearray()

    def _fill(self) -> bool:
        data = self._under_bio._read(self._FILL)
        if not data:
            return False
        self._rbuf += data
        return True

    def _take(self, n: int) -> bytes:
        out = bytes(self._rbuf[:n])
        del self._rbuf[:n]
        return out

    def _read(self, n):
        if n is None:
            return self._take(len(self._rbuf)) + bytes(self._under_bio._read(None) or b"")
        # buffer_read: what is buffered, then on from the next BIO until n
        # bytes or the next BIO has nothing more.
        out = bytearray(self._take(n))
        while len(out) < n:
            more = self._under_bio._read(n - len(out))
            if not more:
                break
            out += more
        return bytes(out)

    def _readline(self, limit):
        while self._rbuf.find(b"\n", 0, limit) < 0 and len(self._rbuf) < limit:
            if not self._fill():
                break
        idx = self._rbuf.find(b"\n", 0, limit)
        return self._take(idx + 1 if idx >= 0 else min(limit, len(self._rbuf)))

    def _write(self, data: bytes) -> int:
        return self._under_bio._write(data)

    @entry_point("m2crypto.BIO.IOBuffer.close")
    def close(self) -> None:
        self.closed = 1


@legacy_class("m2crypto.BIO.CipherStream")
class CipherStream(BIO):
    """BIO_f_cipher pushed on `obio`: the cipher (op 1 encrypts, 0 decrypts)
    applies to what is written through it into `obio` and to what is read
    from `obio` through it. As in OpenSSL, flush() writes the final block in
    either direction, and a read finalises when `obio` reports end of data
    (for a MemoryBuffer: after write_close()). Legacy algorithms come from
    OpenSSL 3's legacy provider in a private library context."""
    bio = OwnHandle()
    m2_bio_pop = _native_free("m2crypto.BIO.CipherStream.m2_bio_pop")

    SALT_LEN = 8  # PKCS5_SALT_LEN
    _READ_CHUNK = 4096  # ENC_BLOCK_SIZE-sized pulls from obio, as BIO_read does

    def __init__(self, obio: BIO) -> None:
        super().__init__(_pyfree=1)
        self.obio = obio
        self.closed = 0
        self._cipher: Any = None
        self._params: Any = None  # (algo, key, iv, op) once set_cipher ran
        self._stream_mode = False
        self._reset_state()

    def _reset_state(self) -> None:
        self._finished = False    # the final block went through (either way)
        self._wrote = False       # something was written since set_cipher/reset
        self._read_eof = False    # obio reported end of data
        self._pending = bytearray()  # processed bytes read but not yet returned

    @entry_point("m2crypto.BIO.CipherStream.close")
    def close(self) -> None:
        # The real BIO_free drops a block-mode tail that was written but never
        # flushed; finish it instead, so nothing written is lost.
        try:
            if not self.closed:
                self._finish_writes()
        finally:
            self._cipher = None
            self.closed = 1

    @entry_point("m2crypto.BIO.CipherStream.write_close")
    def write_close(self) -> None:
        # Writing is over: the final block goes out before obio is closed.
        self._finish_writes()
        self.obio.write_close()

    @entry_point("m2crypto.BIO.CipherStream.set_cipher")
    def set_cipher(self, algo: str, key: Union[str, bytes], iv: Union[str, bytes], op: int) -> None:
        from cryptoshim.legacy import unsafe_operation
        from M2Crypto import m2
        from M2Crypto._common import m2c
        if getattr(m2, algo, None) is None:
            raise ValueError("unknown cipher", algo)
        key = key.encode("utf8") if isinstance(key, str) else key
        iv = iv.encode("utf8") if isinstance(iv, str) else iv
        self._params = (algo, key, iv, int(op))
        self._cipher = self._new_cipher()
        reason = m2c.cipher_unsafe_reason(algo, False, "")
        if reason:
            unsafe_operation("m2crypto.BIO.CipherStream.set_cipher", reason)

    def _new_cipher(self):
        from M2Crypto._common import core, m2c
        try:
            cipher = m2c.Cipher(*self._params)
        except core.Error as ex:
            raise BIOError(f"BIOError: {ex}") from None
        # Stream modes keep nothing back, so their final block is empty and
        # the real BIO goes on after a flush; block modes end at the final.
        self._stream_mode = cipher.block_size == 1
        self._reset_state()
        return cipher

    def _require_cipher(self):
        if self._cipher is None:
            raise BIOError("no cipher set")
        if self._finished and not self._stream_mode:
            raise BIOError("the cipher stream has already processed its final block "
                           "(flush() or end of data); use a new CipherStream")
        return self._cipher

    def _apply(self, fn, *args) -> bytes:
        from M2Crypto._common import core
        try:
            return fn(*args)
        except core.Error as ex:
            raise BIOError(_openssl_reason(ex)) from None

    def _final(self) -> bytes:
        """The final block, once; nothing for stream modes, which go on."""
        if self._finished or self._stream_mode:
            return b""
        self._finished = True
        return self._apply(self._cipher.final)

    def _write(self, data: bytes) -> int:
        out = self._apply(self._require_cipher().update, data)
        self._wrote = True
        if out:
            # BIO_write on the next BIO: beneath obio's Python-level
            # write_close flag, as the real chain is.
            self.obio._write(out)
        return len(data)

    def _finish_writes(self) -> None:
        if self._cipher is not None and self._wrote and not self._finished:
            tail = self._final()
            if tail:
                self.obio._write(tail)

    @entry_point("m2crypto.BIO.BIO.flush")
    def flush(self) -> None:
        # BIO_flush on a cipher BIO writes the final block whichever way the
        # cipher runs: decrypting by writing needs it as much as encrypting.
        if self._cipher is not None:
            tail = self._final()
            if tail:
                self.obio._write(tail)
        self.obio.flush()

    @entry_point("m2crypto.BIO.BIO.reset")
    def reset(self) -> int:
        # BIO_CTRL_RESET: the cipher starts again with its key and iv, and the
        # next BIO is reset too.
        if self._params is not None:
            self._cipher = self._new_cipher()
        self.obio.reset()
        return 1

    def _read_some(self, n: int) -> Optional[bytes]:
        """BIO_read(n): up to n processed bytes, or None when there are none
        (end of data, or obio has nothing yet and no end-of-data mark)."""
        while len(self._pending) < n and not self._read_eof:
            chunk = self.obio._pull(self._READ_CHUNK)
            if chunk is None:  # obio would block: finish later
                break
            if not chunk:
                self._read_eof = True
                if self._cipher is not None:
                    self._pending += self._final()
                break
            self._pending += self._apply(self._require_cipher().update, bytes(chunk))
        if not self._pending:
            return None
        out = bytes(self._pending[:n])
        del self._pending[:n]
        return out

    def _read(self, n):
        if n is not None:
            return self._read_some(n)
        buf = bytearray()
        while True:
            data = self._read_some(self._READ_CHUNK)
            if not data:
                return bytes(buf)
            buf += data

    def _readline(self, size):
        raise BIOError("unsupported method")  # BIO_f_cipher has no gets


def _openssl_reason(ex: BaseException) -> str:
    """OpenSSL's reason string ("bad decrypt", "wrong final block length")
    from a core error, as M2Crypto's BIOError carries it."""
    text = str(ex)
    for reason in ("bad decrypt", "wrong final block length", "data not multiple of block length"):
        if reason in text:
            return reason
    return text


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
    raise AttributeError(f"module 'M2Crypto.BIO' has no attribute {name!r}")
