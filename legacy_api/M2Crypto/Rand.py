"""M2Crypto.Rand over the core DRBG. Seed files are emulated: load_file mixes
the file into the DRBG (it never replaces the OS seed), save_file writes
1024 fresh random bytes, as RAND_write_file does."""
from __future__ import annotations

import os
import warnings
from typing import Tuple, Union

from M2Crypto import _m2_pki_args as _a
from M2Crypto._common import builtin_form as _builtin_form
from M2Crypto._common import core, entry, m2c
from M2Crypto._common import exception_api as _exception_api

__all__ = ["rand_seed", "rand_add", "load_file", "save_file", "rand_bytes",
           "rand_pseudo_bytes", "rand_file_name", "rand_status", "RandError"]


@_exception_api("m2crypto.Rand.RandError")
class RandError(ValueError):
    pass


_ep = entry(RandError)


@_ep("m2crypto.Rand.rand_add")
def rand_add(blob: bytes, entropy: float) -> None:
    core.random_add(bytes(blob), float(entropy))


@_ep("m2crypto.Rand.rand_seed")
def rand_seed(seed: bytes) -> None:
    core.random_add(bytes(seed), float(len(seed)))


@_ep("m2crypto.Rand.rand_status")
def rand_status() -> int:
    return 1 if core.random_status() else 0


@_ep("m2crypto.Rand.rand_file_name")
def rand_file_name() -> str:
    # RAND_file_name: $RANDFILE, else $HOME/.rnd.
    if os.environ.get("RANDFILE"):
        return os.environ["RANDFILE"]
    home = os.environ.get("HOME")
    if not home:
        raise RandError("rand_file_name: neither RANDFILE nor HOME is set")
    return os.path.join(home, ".rnd")


@_ep("m2crypto.Rand.load_file")
def load_file(filename: Union[str, bytes], max_bytes: int) -> int:
    try:
        with open(filename, "rb") as f:
            data = f.read() if max_bytes < 0 else f.read(max_bytes)
    except OSError:
        return -1
    core.random_add(data, float(len(data)))
    return len(data)


@_ep("m2crypto.Rand.save_file")
def save_file(filename: Union[str, bytes]) -> int:
    data = core.random_bytes(1024)
    fd = os.open(filename, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return len(data)


# M2Crypto's Python function, in C (its checks and errors included): the
# function's frame cost as much as RAND_bytes for a 16-byte nonce. Bound as
# the counted wrapper's builtin form, whose call CPython specialises.
rand_bytes = _builtin_form(_ep("m2crypto.Rand.rand_bytes")(m2c.rand_bytes))
rand_bytes.__module__ = __name__


@_ep("m2crypto.Rand.rand_pseudo_bytes")
def rand_pseudo_bytes(num: int) -> Tuple[bytes, int]:
    warnings.warn("The underlying OpenSSL method has been deprecated. Use Rand.rand_bytes instead.",
                  DeprecationWarning, stacklevel=2)
    num = _a.check_int(num, "rand_pseudo_bytes", 1)
    if num < 0:
        raise MemoryError("Insufficient memory for rand_pseudo_bytes.")
    return core.random_bytes(num), 1
