"""Where an SSL handle's ciphertext travels, kept on the handle itself (the
core TlsConnection, Connection.ssl) so that SSL.Connection, BIO.SSLBio and
the flat m2.ssl_* functions all see one transport and one last outcome:
mixing `conn.read()` with `m2.ssl_read(conn.ssl, n)` neither loses nor
duplicates data, and `m2.ssl_get_error` reports the step either one ran.

A handle is on a socket descriptor (SSL_set_fd) or on two drop-in BIO
objects (SSL_set_bio): then each step first feeds the ciphertext waiting in
the read BIO to OpenSSL and afterwards drains OpenSSL's output into the
write BIO."""
from collections.abc import Callable

from cryptoshim import _core
from cryptoshim.lazy_import import lazy_attr

_pair_bio = lazy_attr("M2Crypto._bio_kinds", "PairBio")


def attach_bios(ssl, readbio, writebio) -> None:
    """SSL_set_bio over two drop-in BIO objects (memory BIOs)."""
    _core.tls_switch_to_memory_bio(ssl)
    ssl._m2_bios = (readbio, writebio)


def attach_fd(ssl, fd: int) -> None:
    """SSL_set_fd: the handle reads and writes the descriptor directly."""
    _core.tls_switch_to_fd(ssl, fd)
    ssl._m2_bios = None


def bios(ssl) -> tuple | None:
    return getattr(ssl, "_m2_bios", None)


def fd(ssl) -> int:
    """SSL_get_fd: -1 over memory BIOs."""
    return _core.tls_connection_fd(ssl)


def _bio_read_all(bio) -> bytes:
    # The BIO subclasses' own _read (not the counted read()): this transfer is
    # the drop-in's plumbing, not a call the application made.
    reader = getattr(bio, "_read", None)
    data = reader(None) if reader is not None else bio.read()
    return bytes(data or b"")


def _bio_write(bio, data: bytes) -> None:
    if isinstance(bio, _pair_bio()):
        # The core's TLS output is already made (OpenSSL over a real pair
        # would have stopped at the pair's capacity and asked to retry): it
        # all goes in, past the nominal size, never dropped. The writer sees
        # no room until the peer reads it.
        bio.buf += data
        return
    writer = getattr(bio, "_write", None)
    if writer is not None:
        writer(data)
    else:
        bio.write(data)


def step(ssl, op: Callable[[], tuple]) -> tuple:
    """Runs one core I/O step (an io tuple) on `ssl` through its transport
    and remembers its outcome for ssl_get_error."""
    pair = getattr(ssl, "_m2_bios", None)  # bios(ssl), without the call
    if pair is not None:
        pending = _bio_read_all(pair[0])
        if pending:
            ssl.bio_write(pending)
    try:
        io = op()
    finally:
        if pair is not None:
            while True:
                out = ssl.bio_read(1 << 16)
                if out[0] != 0 or not out[1]:
                    break
                _bio_write(pair[1], out[1])
    ssl._m2_last_status = io[0]
    return io


def last_status(ssl) -> int | None:
    """The io status of the last step run through step(), None before one."""
    return getattr(ssl, "_m2_last_status", None)


def forget_outcomes(ssl) -> None:
    """After SSL_clear: no last outcome, no end of stream seen."""
    ssl._m2_last_status = None
    ssl._m2_eof_reported = False
