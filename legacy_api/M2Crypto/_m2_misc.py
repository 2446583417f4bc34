"""The rest of M2Crypto's flat m2 namespace outside the key, BIO and SSL
groups: rand_*, util_*, err_print_errors, the ENGINE functions (present,
refusing: this build has no ENGINE API, m2.is_engine_available is False),
the provider_* functions behind M2Crypto.Provider (refusing: the core loads
no providers beyond OpenSSL's default and legacy ones), and the OpenSSL
version and PKCS5/ENGINE_METHOD constants M2Crypto exports."""
from __future__ import annotations
import __future__

import os
import re
from typing import Dict

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point
from M2Crypto import _m2 as _ext
from M2Crypto._m2_bio import _bio, _buffer, _int

__all__ = [
    "rand_init", "rand_cleanup", "rand_poll", "rand_screen", "rand_win32_event", "rand_seed",
    "rand_file_name", "rand_load_file", "rand_save_file", "rand_pseudo_bytes", "util_init",
    "util_hex_to_string", "util_string_to_hex", "err_print_errors", "raise_ossl_error",
    "PyObject_Bin_AsBIGNUM", "ui_openssl", "engine_init_error", "engine_load_builtin_engines",
    "engine_cleanup", "engine_by_id", "provider_init_error", "provider_exc", "PKCS5_SALT_LEN",
    "absolute_import",
    "OPENSSL_VERSION_STR", "OPENSSL_FULL_VERSION_STR", "OPENSSL_RELEASE_DATE",
    "OPENSSL_VERSION_PRE_RELEASE", "OPENSSL_VERSION_BUILD_METADATA", "OPENSSL_SHLIB_VERSION",
    "OPENSSL_API_LEVEL", "OPENSSL_CONFIGURED_API", "OPENSSL_FILE", "OPENSSL_FUNC", "OPENSSL_LINE",
]

# The classes m2.rand_init / util_init / engine_init_error / provider_init_error set.
_errors: Dict[str, type] = {}


def register_error(slot: str, cls) -> None:
    """Stores an error class as M2Crypto's *_init functions do; anything but
    an exception class is refused (raising it later would fail far away)."""
    if not (isinstance(cls, type) and issubclass(cls, BaseException)):
        raise TypeError("expected an exception class")
    _errors[slot] = cls


class ProviderUnavailable(RuntimeError):
    """Raised by the provider_* functions until M2Crypto.Provider registers
    its ProviderError (M2Crypto's default class is RuntimeError)."""

# --- constants ---------------------------------------------------------------
PKCS5_SALT_LEN = 8
# M2Crypto <= 0.38's generated m2crypto.py did `from __future__ import
# absolute_import`, which its `from m2crypto import *` exported as m2.absolute_import.
absolute_import = __future__.absolute_import
_major, _minor, _patch = (_ext.constant_value(i) for i in (
    next(j for j in range(_ext.constant_count()) if _ext.constant_name(j) == n)
    for n in ("OPENSSL_VERSION_MAJOR", "OPENSSL_VERSION_MINOR", "OPENSSL_VERSION_PATCH")))
OPENSSL_VERSION_STR = f"{_major}.{_minor}.{_patch}"
OPENSSL_VERSION_PRE_RELEASE = ""
OPENSSL_VERSION_BUILD_METADATA = ""
OPENSSL_FULL_VERSION_STR = OPENSSL_VERSION_STR
# "OpenSSL 3.0.19 27 Jan 2026" -> "27 Jan 2026"
OPENSSL_RELEASE_DATE = re.sub(r"^OpenSSL \S+\s*", "", _ext.openssl_version_text())
OPENSSL_SHLIB_VERSION = _major
OPENSSL_API_LEVEL = OPENSSL_CONFIGURED_API = (
    30000  # the core is built with OPENSSL_API_COMPAT=30000
)
# SWIG leaks these three from OpenSSL's macros.h (its OPENSSL_FILE/FUNC/LINE
# fallbacks when OPENSSL_NO_FILENAMES is unset); M2Crypto shows these values.
OPENSSL_FILE = "/usr/include/openssl/macros.h"
OPENSSL_FUNC = "(unknown function)"
OPENSSL_LINE = 267
for _n, _v in (("NONE", 0), ("RSA", 0x1), ("DSA", 0x2), ("DH", 0x4), ("RAND", 0x8),
               ("ECDH", 0x10), ("ECDSA", 0x20), ("CIPHERS", 0x40), ("DIGESTS", 0x80),
               ("STORE", 0x100), ("ALL", 0xFFFF)):
    globals()["ENGINE_METHOD_" + _n] = _v
    __all__.append("ENGINE_METHOD_" + _n)
del _n, _v, _major, _minor, _patch


# --- rand ----------------------------------------------------------------------
@_entry_point("m2crypto.m2.rand_init")
def rand_init(rand_err) -> None:
    register_error("rand", rand_err)


@_entry_point("m2crypto.m2.rand_cleanup")
def rand_cleanup() -> None:
    """RAND_cleanup is a no-op since OpenSSL 1.1."""


@_entry_point("m2crypto.m2.rand_poll")
def rand_poll() -> int:
    # The DRBG reseeds itself from the OS; report whether it is seeded.
    return 1 if _c.random_status() else 0


@_entry_point("m2crypto.m2.rand_screen")
def rand_screen() -> None:
    """RAND_screen: Windows only; nothing to do elsewhere, as in M2Crypto."""


@_entry_point("m2crypto.m2.rand_win32_event")
def rand_win32_event(imsg: int, wparam: int, lparam: int) -> int:
    """RAND_event: Windows only; 0 elsewhere, as in M2Crypto."""
    for v in (imsg, wparam, lparam):
        _int(v, "rand_win32_event")
    return 0


@_entry_point("m2crypto.m2.rand_seed")
def rand_seed(seed) -> None:
    data = _buffer(seed)
    _c.random_add(data, float(len(data)))


@_entry_point("m2crypto.m2.rand_file_name")
def rand_file_name() -> bytes:
    """RAND_file_name: $RANDFILE, else $HOME/.rnd (bytes, as M2Crypto's)."""
    if os.environ.get("RANDFILE"):
        return os.fsencode(os.environ["RANDFILE"])
    home = os.environ.get("HOME")
    if not home:
        raise (_errors.get("rand") or ValueError)(
            "rand_file_name: neither RANDFILE nor HOME is set"
        )
    return os.fsencode(os.path.join(home, ".rnd"))


@_entry_point("m2crypto.m2.rand_load_file")
def rand_load_file(filename, max_bytes: int) -> int:
    """Mixes up to max_bytes (all when -1) of the file into the DRBG; -1
    when it cannot be read."""
    max_bytes = _int(max_bytes, "rand_load_file")
    try:
        with open(filename, "rb") as f:
            data = f.read() if max_bytes < 0 else f.read(max_bytes)
    except (OSError, TypeError, ValueError):
        return -1
    _c.random_add(data, float(len(data)))
    return len(data)


@_entry_point("m2crypto.m2.rand_save_file")
def rand_save_file(filename) -> int:
    """Writes 1024 fresh random bytes (RAND_write_file); -1 on failure."""
    try:
        fd = os.open(filename, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except (OSError, TypeError, ValueError):
        return -1
    with os.fdopen(fd, "wb") as f:
        f.write(_c.random_bytes(1024))
    return 1024


@_entry_point("m2crypto.m2.rand_pseudo_bytes")
def rand_pseudo_bytes(n: int):
    n = _int(n, "rand_pseudo_bytes")
    if n < 0:
        raise MemoryError("Insufficient memory for rand_pseudo_bytes.")
    return _c.random_bytes(n), 1


# --- util ----------------------------------------------------------------------
@_entry_point("m2crypto.m2.util_init")
def util_init(util_err) -> None:
    register_error("util", util_err)


def _util_error(text: str) -> Exception:
    cls = _errors.get("util")
    if cls is None:
        from M2Crypto.util import UtilError
        cls = UtilError
    return cls(text)


@_entry_point("m2crypto.m2.util_hex_to_string")
def util_hex_to_string(blob) -> bytes:
    """OPENSSL_buf2hexstr: b"01:AB"."""
    return ":".join(f"{c:02X}" for c in _buffer(blob, sized=True)).encode()


@_entry_point("m2crypto.m2.util_string_to_hex")
def util_string_to_hex(blob) -> bytes:
    """OPENSSL_hexstr2buf: hex digits, colons allowed between pairs."""
    text = _buffer(blob, sized=True)
    out, i = bytearray(), 0
    while i < len(text):
        if text[i:i + 1] == b":":
            i += 1
            continue
        pair = text[i:i + 2]
        if len(pair) < 2:
            raise _util_error("odd number of digits")
        try:
            out.append(int(pair.decode("ascii"), 16))
        except ValueError:
            raise _util_error("illegal hex digit") from None
        if not all(chr(c) in "0123456789abcdefABCDEF" for c in pair):
            raise _util_error("illegal hex digit")
        i += 2
    if not out:
        raise _util_error("hex string too short")
    return bytes(out)


# --- err / internals -------------------------------------------------------------
@_entry_point("m2crypto.m2.err_print_errors")
def err_print_errors(bio) -> None:
    """ERR_print_errors: one line per queued error, draining the queue."""
    b = _bio(bio, "err_print_errors")
    lines = []
    while True:
        code = _ext.err_get_error()
        if not code:
            break
        lines.append("error:{:08X}:{}:{}:{}\n".format(
            code, _ext.err_lib_error_string(code) or "", _ext.err_func_error_string(code) or "",
            _ext.err_reason_error_string(code) or ""))
    if lines:
        b._write("".join(lines).encode())


@_entry_point("m2crypto.m2.raise_ossl_error")
def raise_ossl_error(err_type, msg) -> None:
    """Raises err_type(msg) (M2Crypto's helper for its Python modules)."""
    if not (isinstance(err_type, type) and issubclass(err_type, BaseException)):
        raise TypeError("raise_ossl_error: expected an exception class")
    raise err_type(msg)


@_entry_point("m2crypto.m2.PyObject_Bin_AsBIGNUM")
def PyObject_Bin_AsBIGNUM(value):
    """A BIGNUM from big-endian bytes (M2Crypto's rsa_set_en_bin helper)."""
    return _ext.bin_to_bn(_buffer(value))


# --- ENGINE: present and refusing ----------------------------------------------------
_ENGINE_WHY = ("the OpenSSL ENGINE API is not available: cryptoshim's core is built without "
               "OpenSSL 3's deprecated APIs (m2.is_engine_available is False); use an OpenSSL 3 "
               "provider")


def _engine_refusal() -> Exception:
    cls = _errors.get("engine")
    if cls is None:
        from M2Crypto.Engine import EngineError
        cls = EngineError
    return cls(_ENGINE_WHY)


class _UiMethod:
    """Stands in for UI_OpenSSL(): only ever passed to the ENGINE loaders."""

    def __int__(self) -> int:
        return id(self)


_UI_OPENSSL = _UiMethod()


@_entry_point("m2crypto.m2.ui_openssl")
def ui_openssl() -> _UiMethod:
    return _UI_OPENSSL


@_entry_point("m2crypto.m2.engine_init_error")
def engine_init_error(engine_err) -> None:
    register_error("engine", engine_err)


@_entry_point("m2crypto.m2.engine_load_builtin_engines")
def engine_load_builtin_engines() -> None:
    """There are no engines to load; callers then find none by id."""


@_entry_point("m2crypto.m2.engine_cleanup")
def engine_cleanup() -> None:
    """Nothing is ever loaded, so there is nothing to release."""


@_entry_point("m2crypto.m2.engine_by_id")
def engine_by_id(id) -> None:
    """ENGINE_by_id: None, as for an unknown engine (M2Crypto returns None)."""
    if not isinstance(id, str):
        raise TypeError("in method 'engine_by_id', argument 1 of type 'char const *'")
    return None


def _refusing(name: str):
    def refuse(*args, **kwargs):
        raise _engine_refusal()
    refuse.__name__ = name
    refuse.__doc__ = "Refused: " + _ENGINE_WHY + "."
    return _entry_point("m2crypto.m2." + name)(refuse)


for _name in ("engine_new", "engine_free", "engine_init", "engine_finish", "engine_get_id",
              "engine_get_name", "engine_ctrl_cmd_string", "engine_load_dynamic",
              "engine_load_openssl", "engine_load_private_key", "engine_load_public_key",
              "engine_load_certificate", "engine_set_default", "engine_pkcs11_data_new",
              "engine_pkcs11_data_free"):
    globals()[_name] = _refusing(_name)
    __all__.append(_name)
del _name


# --- providers (M2Crypto.Provider): present and refusing ------------------------------
_PROVIDER_WHY = ("loading OpenSSL providers and provider keys (pkcs11-provider, TPM...) is not "
                 "supported by cryptoshim's core; load keys with M2Crypto.EVP.load_key or use "
                 "cryptography with the provider configured in openssl.cnf")


@_entry_point("m2crypto.m2.provider_init_error")
def provider_init_error(provider_err) -> None:
    register_error("provider", provider_err)


@_entry_point("m2crypto.m2.provider_exc")
def provider_exc() -> type:
    """The class provider failures raise (M2Crypto's default: RuntimeError)."""
    return _errors.get("provider") or RuntimeError


def _provider_refusing(name: str):
    def refuse(*args, **kwargs):
        raise (_errors.get("provider") or ProviderUnavailable)(_PROVIDER_WHY)
    refuse.__name__ = name
    refuse.__doc__ = "Refused: " + _PROVIDER_WHY + "."
    return _entry_point("m2crypto.m2." + name)(refuse)


for _name in ("provider_context_new", "provider_context_free", "provider_load", "provider_unload",
              "provider_load_key", "provider_load_certificate", "provider_generate_rsa_key_pair",
              "provider_generate_ec_key_pair", "provider_destroy_key"):
    globals()[_name] = _provider_refusing(_name)
    __all__.append(_name)
del _name
