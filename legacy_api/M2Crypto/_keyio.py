"""Key-file reading and passphrase-callback adaptation, shared by the key
modules (RSA, DSA, DH, EC, EVP) so each behaves the same way."""
from __future__ import annotations

from typing import Callable, Optional

from M2Crypto import BIO
from M2Crypto._common import read_file


def open_key_file(file) -> bytes:
    """The file's bytes; M2Crypto reports I/O failures as BIO.BIOError."""
    try:
        return read_file(file)
    except OSError as ex:
        raise BIO.BIOError(ex.args) from None


def passphrase(callback: Optional[Callable]):
    """Adapts an M2Crypto callback (called with 1 when writing, 0 when
    reading; may return str) to the core's bytes-returning callback."""
    if callback is None:
        return None

    def call(for_writing: bool) -> bytes:
        value = callback(1 if for_writing else 0)
        return value.encode() if isinstance(value, str) else value
    return call
