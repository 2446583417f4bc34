"""m2.bio_*: M2Crypto's flat BIO functions over the drop-in's BIO objects.

A BIO handle here is an M2Crypto.BIO.BIO instance (MemoryBuffer, File,
IOBuffer, CipherStream, SSLBio, or the socket / fd / pair kinds below), so
what m2.bio_new(m2.bio_s_mem()) returns is accepted by BIO.BIO(...) and by
every loader of the class layer, and a class-layer BIO's _ptr() is accepted
here. Arguments are checked the way SWIG checks them: None is "Received a
NULL pointer." (ValueError), anything else that is not a BIO a TypeError.
"""
from __future__ import annotations

import os

from cryptoshim.legacy import entry_point as _entry_point
from M2Crypto import BIO as _BIO
from M2Crypto import _m2_pki_args as _a
from M2Crypto._bio_kinds import (
    _F_BUFFER,
    _F_CIPHER,
    _F_SSL,
    _FACTORIES,
    _S_BIO,
    _S_MEM,
    _S_SOCKET,
    FdBio,
    PairBio,
    _bio_error,
    _error_class,
    _Method,
    _uncounted,
)
from M2Crypto._common import builtin_form as _builtin_form
from M2Crypto._common import c_method as _c_method
from M2Crypto._common import m2c as _m2c

__all__ = [
    "bio_init", "bio_s_mem", "bio_s_bio", "bio_s_socket", "bio_f_buffer", "bio_f_cipher",
    "bio_f_ssl", "bio_new", "bio_new_file", "bio_new_pyfile", "bio_new_pyfd", "bio_new_socket",
    "bio_free", "bio_free_all", "bio_dup_chain", "bio_push", "bio_pop", "bio_read",
    "bio_gets", "bio_write", "bio_ctrl_pending", "bio_ctrl_wpending",
    "bio_ctrl_get_write_guarantee", "bio_reset", "bio_flush", "bio_seek", "bio_tell", "bio_eof",
    "bio_set_flags", "bio_get_flags", "bio_set_cipher", "bio_set_mem_eof_return", "bio_get_fd",
    "bio_do_handshake", "bio_make_bio_pair", "bio_set_write_buf_size",
    "bio_should_retry", "bio_should_read", "bio_should_write",
]

# BIO_FLAGS_* as OpenSSL sets them on a BIO that must be retried, and the
# memory BIO's read-only flag.
_FLAGS_READ, _FLAGS_WRITE, _FLAGS_SHOULD_RETRY = 0x01, 0x02, 0x08
_FLAGS_MEM_RDONLY = 0x200
_BUFFER_SIZE = 4096  # BIO_f_buffer's default write buffer
def _bio(b, fn: str, argnum: int = 1):
    """The BIO behind a handle (BIO.BIO(handle) wrappers are followed)."""
    if b is None:
        raise ValueError("Received a NULL pointer.")
    if not isinstance(b, _BIO.BIO):
        raise TypeError(f"in method '{fn}', argument {argnum} of type 'BIO *'")
    while isinstance(b.bio, _BIO.BIO) and b.bio is not b:
        b = b.bio
    if getattr(b, "_m2_freed", False):
        raise _bio_error(f"{fn}: the BIO has been freed")
    return b


def _buffer(data, sized: bool = False) -> bytes:
    """Bytes from a buffer, refused as M2Crypto refuses anything else: its
    m2_PyObject_AsReadBuffer (sized=True) and ...AsReadBufferInt differ only
    in their messages."""
    message = "expected a readable buffer object" + (" (bytes, bytearray, etc.)" if sized else "")
    if isinstance(data, str) or data is None:
        raise TypeError(message)
    try:
        return bytes(memoryview(data))
    except TypeError:
        raise TypeError(message) from None


def _set_retry(b, flags: int) -> None:
    b._m2_retry = flags


def _memory_fast_path(api_id: str, op: int):
    """entry_point(api_id) over _core's C code for the common case on a plain
    memory BIO (m2_memory_bio.cc: op 0 bio_s_mem, 1 bio_new, 2 bio_write,
    3 bio_read, 4 bio_free), which hands every other case, errors included,
    to the decorated function. The Python calls cost 1.5 us each against
    M2Crypto's 0.2 us. Exposed as a builtin, as SWIG's are (builtin_form)."""
    def decorate(fn):
        call = _m2c.MemoryBioCall(op, _BIO.MemoryBuffer, _S_MEM, fn)
        return _builtin_form(_c_method(_entry_point(api_id), call, fn))
    return decorate


@_entry_point("m2crypto.m2.bio_init")
def bio_init(bio_err) -> None:
    if not (isinstance(bio_err, type) and issubclass(bio_err, BaseException)):
        raise TypeError("expected an exception class")
    _error_class[0] = bio_err


def _method_getter(method: _Method, api_id: str):
    def getter() -> _Method:
        return method
    getter.__name__ = getter.__qualname__ = api_id.rsplit(".", 1)[1]
    if method is _S_MEM:
        return _memory_fast_path(api_id, 0)(getter)
    return _entry_point(api_id)(getter)


bio_s_mem = _method_getter(_S_MEM, "m2crypto.m2.bio_s_mem")
bio_s_bio = _method_getter(_S_BIO, "m2crypto.m2.bio_s_bio")
bio_s_socket = _method_getter(_S_SOCKET, "m2crypto.m2.bio_s_socket")
bio_f_buffer = _method_getter(_F_BUFFER, "m2crypto.m2.bio_f_buffer")
bio_f_cipher = _method_getter(_F_CIPHER, "m2crypto.m2.bio_f_cipher")
bio_f_ssl = _method_getter(_F_SSL, "m2crypto.m2.bio_f_ssl")


@_memory_fast_path("m2crypto.m2.bio_new", 1)
def bio_new(method):
    if method is None:
        raise ValueError("Received a NULL pointer.")
    if not isinstance(method, _Method):
        raise TypeError("in method 'bio_new', argument 1 of type 'BIO_METHOD *'")
    if method is _F_SSL:
        from M2Crypto._ssl_bio import SSLBio
        return _uncounted(SSLBio)
    return _FACTORIES[method]()


@_entry_point("m2crypto.m2.bio_new_file")
def bio_new_file(filename, mode):
    """BIO_new_file. M2Crypto sets BIOError and (a bug of its typemap)
    returns it as a SystemError caused by that BIOError; the BIOError
    itself is raised here."""
    if not isinstance(filename, (str, bytes)) or not isinstance(mode, str):
        raise TypeError("bio_new_file: filename and mode must be str")
    try:
        pyfile = open(filename, mode if "b" in mode else mode + "b")
    except (OSError, ValueError) as ex:
        raise _bio_error(
            "(calling fopen({}, {})); {}".format(
                os.fsdecode(filename), mode, getattr(ex, "strerror", None) or ex
            )
        ) from None
    return _uncounted(_BIO.File, pyfile, 1)


@_entry_point("m2crypto.m2.bio_new_pyfile")
def bio_new_pyfile(pyfile, bio_close: int):
    if not hasattr(pyfile, "read") and not hasattr(pyfile, "write"):
        raise TypeError("bio_new_pyfile: expected a file object")
    return _uncounted(_BIO.File, pyfile, int(bio_close))


@_entry_point("m2crypto.m2.bio_new_pyfd")
def bio_new_pyfd(fd: int, close_flag: int):
    return FdBio(_int(fd, "bio_new_pyfd", 1), _int(close_flag, "bio_new_pyfd"))


@_entry_point("m2crypto.m2.bio_new_socket")
def bio_new_socket(sock: int, close_flag: int):
    return FdBio(_int(sock, "bio_new_socket", 1), _int(close_flag, "bio_new_socket"))


def _int(value, fn: str, argno: int = 2, ctype: str = "int") -> int:
    # SWIG's int typemap, as the real m2 applies it (bool reads as 0/1,
    # outside a C int is OverflowError).
    return _a.check_int(value, fn, argno, ctype)


@_entry_point("m2crypto.m2.bio_do_handshake")
def bio_do_handshake(b) -> int:
    from M2Crypto._ssl_bio import SSLBio
    b = _bio(b, "bio_do_handshake")
    if not isinstance(b, SSLBio):
        return 0  # BIO_do_handshake: a BIO without a handshake does not support the ctrl
    return SSLBio.do_handshake.__wrapped__(b)  # type: ignore[attr-defined]  # entry points keep __wrapped__


@_memory_fast_path("m2crypto.m2.bio_free", 4)
def bio_free(b) -> int:
    b = _bio(b, "bio_free")
    _release(b)
    return 1


def _release(b) -> None:
    """BIO_free: descriptors and files opened with BIO_CLOSE are closed, and
    a memory BIO's bytes are let go and its handle becomes None; _bio()
    then reports it freed."""
    if isinstance(b, FdBio):
        b.close()
    elif isinstance(b, _BIO.File) and b.close_pyfile:
        _BIO.File.close.__wrapped__(b)  # type: ignore[attr-defined]  # entry points keep __wrapped__
    elif isinstance(b, _BIO.MemoryBuffer) and b.bio is b:
        del b._buf[:]
        b.bio = None
    b._m2_freed = True


@_entry_point("m2crypto.m2.bio_free_all")
def bio_free_all(b) -> None:
    b = _bio(b, "bio_free_all")
    while b is not None:
        nxt = _next(b)
        _release(b)
        b = nxt


def _next(b):
    if isinstance(b, _BIO.IOBuffer):
        return b._under_bio
    if isinstance(b, _BIO.CipherStream):
        return b.obio
    return None


def _set_next(b, nxt) -> None:
    if isinstance(b, _BIO.IOBuffer):
        b._under_bio = nxt
    elif isinstance(b, _BIO.CipherStream):
        b.obio = nxt


@_entry_point("m2crypto.m2.bio_push")
def bio_push(b, append):
    """BIO_push: `append` goes at the end of b's chain; returns b."""
    b = _bio(b, "bio_push")
    append = _bio(append, "bio_push", 2)
    last = b
    while _next(last) is not None:
        last = _next(last)
    _set_next(last, append)
    return b


@_entry_point("m2crypto.m2.bio_pop")
def bio_pop(b):
    """BIO_pop: takes b out of its chain; returns the BIO that followed it."""
    b = _bio(b, "bio_pop")
    nxt = _next(b)
    _set_next(b, None)
    return nxt


@_entry_point("m2crypto.m2.bio_dup_chain")
def bio_dup_chain(b):
    """BIO_dup_chain: a new chain of the same kinds (memory BIOs come back
    empty, as BIO_dup_state leaves them)."""
    b = _bio(b, "bio_dup_chain")
    kinds = {_BIO.MemoryBuffer: _S_MEM, PairBio: _S_BIO, _BIO.IOBuffer: _F_BUFFER,
             _BIO.CipherStream: _F_CIPHER}
    method = kinds.get(type(b))
    if method is None:
        raise _bio_error("bio_dup_chain: this BIO cannot be duplicated")
    copy = _FACTORIES[method]()
    if _next(b) is not None:
        _set_next(copy, bio_dup_chain.__wrapped__(_next(b)))  # type: ignore[attr-defined]  # entry points keep __wrapped__
    return copy


@_memory_fast_path("m2crypto.m2.bio_read", 3)
def bio_read(b, num: int) -> bytes | None:
    b = _bio(b, "bio_read")
    num = _int(num, "bio_read")
    if num < 0:
        raise MemoryError("bio_read")
    if num == 0:
        return None
    if isinstance(b, (_BIO.IOBuffer, _BIO.CipherStream)) and _next(b) is None:
        return None  # a filter with nothing behind it reads nothing
    data = b._read(num)
    if not data:
        # Nothing now (BIO_read's -1): a pair or socket BIO must be retried,
        # and so must an empty memory BIO unless its EOF return was set to 0.
        retry = isinstance(b, (PairBio, FdBio)) or (
            isinstance(b, _BIO.MemoryBuffer) and getattr(b, "_m2_eof_return", -1) != 0)
        _set_retry(b, _FLAGS_SHOULD_RETRY | _FLAGS_READ if retry else 0)
        b._m2_eof = True
        return None
    _set_retry(b, 0)
    return bytes(data)


@_entry_point("m2crypto.m2.bio_gets")
def bio_gets(b, size: int) -> bytes | None:
    b = _bio(b, "bio_gets")
    size = _int(size, "bio_gets")
    if size < 0:
        raise MemoryError("bio_gets")
    _set_retry(b, 0)
    if size <= 1:
        return None
    data = b._readline(size - 1)  # BIO_gets keeps room for the NUL
    return bytes(data) if data else None


@_memory_fast_path("m2crypto.m2.bio_write", 2)
def bio_write(b, data) -> int:
    b = _bio(b, "bio_write")
    data = _buffer(data)
    if getattr(b, "write_closed", 0) or (
        getattr(b, "closed", 0) and not isinstance(b, _BIO.MemoryBuffer)
    ):
        raise _bio_error("bio_write: the BIO is closed for writing")
    if isinstance(b, _BIO.MemoryBuffer) and getattr(b, "_m2_flags", 0) & _FLAGS_MEM_RDONLY:
        raise _bio_error("write to read only BIO")
    if not data or (isinstance(b, (_BIO.IOBuffer, _BIO.CipherStream)) and _next(b) is None):
        return 0
    if isinstance(b, _BIO.IOBuffer):
        # BIO_f_buffer holds writes until it is flushed or its buffer fills.
        pending = _write_buffer(b)
        pending += data
        if len(pending) >= _BUFFER_SIZE:
            _flush_buffer(b)
        return len(data)
    n = b._write(data)
    if isinstance(b, PairBio) and n == 0:
        _set_retry(b, _FLAGS_SHOULD_RETRY | _FLAGS_WRITE)
        return -1
    _set_retry(b, 0)
    b._m2_eof = False
    return n


def _write_buffer(b) -> bytearray:
    buf = getattr(b, "_m2_wbuf", None)
    if buf is None:
        buf = b._m2_wbuf = bytearray()
    return buf


def _flush_buffer(b) -> None:
    buf = _write_buffer(b)
    if buf and _next(b) is not None:
        _next(b)._write(bytes(buf))
        del buf[:]


def _ssl_bios(b):
    """The (read, write) BIOs under an SSL filter BIO's connection, if it is
    on BIOs (m2.ssl_set_bio): OpenSSL's SSL BIO answers the pending and
    write-guarantee controls from them."""
    from M2Crypto import _ssl_transport
    from M2Crypto._ssl_bio import SSLBio
    if not isinstance(b, SSLBio) or b._conn is None:
        return None
    return _ssl_transport.bios(b._conn.ssl)


def _ssl_buffered(ssl) -> int:
    """SSL_pending, counting the records the drop-in already moved from the
    read BIO into the core (OpenSSL would still find them in the read BIO,
    so BIO_pending would not be 0): a 1-byte peek opens the next one. The
    peek is plumbing, so the last outcome ssl_get_error reports is kept."""
    from M2Crypto import _ssl_transport
    if ssl.pending() or not ssl.is_init_finished:
        return ssl.pending()
    last = _ssl_transport.last_status(ssl)
    _ssl_transport.step(ssl, lambda: ssl.read(1, True))
    ssl._m2_last_status = last
    return ssl.pending()


@_entry_point("m2crypto.m2.bio_ctrl_pending")
def bio_ctrl_pending(b) -> int:
    b = _bio(b, "bio_ctrl_pending")
    ssl_bios = _ssl_bios(b)
    if ssl_bios is not None:
        # BIO_CTRL_PENDING on BIO_f_ssl: SSL_pending, else the read BIO's.
        return _ssl_buffered(b._conn.ssl) or bio_ctrl_pending.__wrapped__(ssl_bios[0])  # type: ignore[attr-defined]  # entry points keep __wrapped__
    if isinstance(b, _BIO.MemoryBuffer):
        return len(b._buf)
    if isinstance(b, PairBio):
        return len(b.peer.buf) if b.peer is not None else 0
    return 0


@_entry_point("m2crypto.m2.bio_ctrl_wpending")
def bio_ctrl_wpending(b) -> int:
    b = _bio(b, "bio_ctrl_wpending")
    if isinstance(b, _BIO.IOBuffer):
        return len(_write_buffer(b))
    return len(b.buf) if isinstance(b, PairBio) else 0


@_entry_point("m2crypto.m2.bio_ctrl_get_write_guarantee")
def bio_ctrl_get_write_guarantee(b) -> int:
    b = _bio(b, "bio_ctrl_get_write_guarantee")
    ssl_bios = _ssl_bios(b)
    if ssl_bios is not None:  # BIO_f_ssl passes the control to its write BIO
        return bio_ctrl_get_write_guarantee.__wrapped__(ssl_bios[1])  # type: ignore[attr-defined]  # entry points keep __wrapped__
    if isinstance(b, PairBio) and b.peer is not None:
        return max(0, b.size - len(b.buf))
    return 0


@_entry_point("m2crypto.m2.bio_reset")
def bio_reset(b) -> int:
    b = _bio(b, "bio_reset")
    if isinstance(b, _BIO.MemoryBuffer):
        del b._buf[:]
        return 1
    if isinstance(b, _BIO.File):
        b.pyfile.seek(0)
        return 0
    return 1


@_entry_point("m2crypto.m2.bio_flush")
def bio_flush(b) -> int:
    b = _bio(b, "bio_flush")
    if isinstance(b, _BIO.IOBuffer):
        _flush_buffer(b)
    b.flush()
    return 1


@_entry_point("m2crypto.m2.bio_seek")
def bio_seek(b, offset: int) -> int:
    b = _bio(b, "bio_seek")
    offset = _int(offset, "bio_seek")
    if isinstance(b, _BIO.File):
        b.pyfile.seek(offset)
        return 0
    if isinstance(b, FdBio):
        return os.lseek(b._require_fd(), offset, os.SEEK_SET)
    return 0 if offset == 0 else -1


@_entry_point("m2crypto.m2.bio_tell")
def bio_tell(b) -> int:
    b = _bio(b, "bio_tell")
    if isinstance(b, _BIO.File):
        return b.pyfile.tell()
    if isinstance(b, FdBio):
        return os.lseek(b._require_fd(), 0, os.SEEK_CUR)
    return 0


@_entry_point("m2crypto.m2.bio_eof")
def bio_eof(b) -> int:
    b = _bio(b, "bio_eof")
    if isinstance(b, _BIO.MemoryBuffer):
        return 0 if b._buf else 1
    return 1 if getattr(b, "_m2_eof", False) else 0


@_entry_point("m2crypto.m2.bio_set_flags")
def bio_set_flags(b, flags: int) -> None:
    b = _bio(b, "bio_set_flags")
    b._m2_flags = getattr(b, "_m2_flags", 0) | _int(flags, "bio_set_flags")


@_entry_point("m2crypto.m2.bio_get_flags")
def bio_get_flags(b) -> int:
    b = _bio(b, "bio_get_flags")
    return getattr(b, "_m2_flags", 0) | getattr(b, "_m2_retry", 0)


@_entry_point("m2crypto.m2.bio_set_cipher")
def bio_set_cipher(b, c, key, iv, op: int) -> None:
    """BIO_set_cipher on a cipher BIO (m2.bio_f_cipher()) with a cipher
    from m2.aes_128_cbc() and friends."""
    from M2Crypto import _m2 as _ext
    b = _bio(b, "bio_set_cipher")
    if c is None:
        raise ValueError("Received a NULL pointer.")
    try:
        name = _ext.cipher_name(c)
    except TypeError:
        raise TypeError("in method 'bio_set_cipher', argument 2 of type 'EVP_CIPHER *'") from None
    try:
        key = _buffer(key)
    except TypeError:
        raise ValueError("Reading of key from buffer failed.") from None
    try:
        iv = _buffer(iv)
    except TypeError:
        raise ValueError("Reading of iv from buffer failed.") from None
    if not isinstance(b, _BIO.CipherStream):
        raise _bio_error("bio_set_cipher: the BIO is not a cipher BIO (m2.bio_f_cipher())")
    _BIO.CipherStream.set_cipher.__wrapped__(b, name, key, iv, _int(op, "bio_set_cipher", 5))  # type: ignore[attr-defined]  # entry points keep __wrapped__


@_entry_point("m2crypto.m2.bio_set_mem_eof_return")
def bio_set_mem_eof_return(b, v: int) -> int:
    b = _bio(b, "bio_set_mem_eof_return")
    b._m2_eof_return = _int(v, "bio_set_mem_eof_return")
    return 1


@_entry_point("m2crypto.m2.bio_get_fd")
def bio_get_fd(b) -> int:
    b = _bio(b, "bio_get_fd")
    if isinstance(b, FdBio):
        return b.fd
    if isinstance(b, _BIO.File):
        return b.pyfile.fileno()
    return 0


@_entry_point("m2crypto.m2.bio_make_bio_pair")
def bio_make_bio_pair(b1, b2) -> int:
    b1, b2 = _bio(b1, "bio_make_bio_pair"), _bio(b2, "bio_make_bio_pair", 2)
    if not (isinstance(b1, PairBio) and isinstance(b2, PairBio)) or b1.peer or b2.peer:
        return 0
    b1.peer, b2.peer = b2, b1
    return 1


@_entry_point("m2crypto.m2.bio_set_write_buf_size")
def bio_set_write_buf_size(b, size: int) -> int:
    b = _bio(b, "bio_set_write_buf_size")
    size = _int(size, "bio_set_write_buf_size", 2, "size_t")
    if not isinstance(b, PairBio) or b.peer is not None or size <= 0:
        return 0
    b.size = size
    return 1


def _ssl_flag(b, method: str):
    from M2Crypto._ssl_bio import SSLBio
    if isinstance(b, SSLBio):
        return getattr(SSLBio, method).__wrapped__(b)
    return None


@_entry_point("m2crypto.m2.bio_should_retry")
def bio_should_retry(b) -> int:
    b = _bio(b, "bio_should_retry")
    flag = _ssl_flag(b, "should_retry")
    if flag is not None:
        return _FLAGS_SHOULD_RETRY if flag else 0
    return getattr(b, "_m2_retry", 0) & _FLAGS_SHOULD_RETRY


@_entry_point("m2crypto.m2.bio_should_read")
def bio_should_read(b) -> int:
    b = _bio(b, "bio_should_read")
    flag = _ssl_flag(b, "should_read")
    if flag is not None:
        return _FLAGS_READ if flag else 0
    return getattr(b, "_m2_retry", 0) & _FLAGS_READ


@_entry_point("m2crypto.m2.bio_should_write")
def bio_should_write(b) -> int:
    b = _bio(b, "bio_should_write")
    flag = _ssl_flag(b, "should_write")
    if flag is not None:
        return _FLAGS_WRITE if flag else 0
    return getattr(b, "_m2_retry", 0) & _FLAGS_WRITE
