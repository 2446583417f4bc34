"""m2.dh_*: finite-field Diffie-Hellman on handles, as M2Crypto's DH module
calls them (m2.dh_read_parameters(bio._ptr()), m2.dh_generate_key(dh.dh)).

A DH* is a KeyHandle (DH.DH's .dh / _ptr()); m2.dh_new() gives an empty one
that m2.dh_set_pg fills. Numbers are MPIs, as in M2Crypto. Failures raise the
class registered with m2.dh_init (DH.DHError). Groups below policy.MIN_DH_BITS
are reported as unsafe (refused under CRYPTOSHIM_POLICY=strict)."""
from __future__ import annotations

from typing import Callable, Optional

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point
from cryptoshim.legacy import unsafe_operation
from cryptoshim.policy import MIN_DH_BITS
from M2Crypto import _m2_pki_args as _a
from M2Crypto._common import m2c
from M2Crypto._m2_keyhandle import KeyHandle

__all__ = ["dh_init", "dh_new", "dh_free", "dh_type_check", "dh_size", "dh_check",
           "dh_generate_parameters", "dh_generate_key", "dh_compute_key", "dh_get_p",
           "dh_get_g", "dh_get_pub", "dh_get_priv", "dh_read_parameters", "dh_set_pg",
           "dhparams_print"]

_TYPES_DH = (28, 920)  # EVP_PKEY_DH, EVP_PKEY_DHX


def _error(exc) -> BaseException:
    return _a.error("dh", str(exc))


def _handle(dh, func: str, argno: int = 1) -> KeyHandle:
    if isinstance(dh, _c.Key) and dh.type_id in _TYPES_DH:
        return KeyHandle(dh)
    handle = _a.check(dh, KeyHandle, func, argno, "DH *")
    if handle.key is not None and handle.key.type_id not in _TYPES_DH:
        raise _a.type_error(func, argno, "DH *")
    return handle


def _key(dh, func: str) -> _c.Key:
    handle = _handle(dh, func)
    if handle.key is None:
        raise _a.error("dh", "DH parameters are not set")
    return handle.key


@_entry_point("m2crypto.m2.dh_init")
def dh_init(dh_err) -> None:
    _a.register_error("dh", dh_err)


@_entry_point("m2crypto.m2.dh_new")
def dh_new() -> KeyHandle:
    return KeyHandle()


@_entry_point("m2crypto.m2.dh_free")
def dh_free(dh) -> None:
    _handle(dh, "dh_free")


@_entry_point("m2crypto.m2.dh_type_check")
def dh_type_check(dh) -> int:
    _handle(dh, "dh_type_check")
    return 1


@_entry_point("m2crypto.m2.dh_size")
def dh_size(dh) -> int:
    """DH_size: the prime's length in bytes; -1 without parameters."""
    handle = _handle(dh, "dh_size")
    return -1 if handle.key is None else (int(handle.key.bits) + 7) // 8


@_entry_point("m2crypto.m2.dh_check", errors=_error)
def dh_check(dh) -> int:
    """DH_check's flags (0 when the parameters pass)."""
    return m2c.dh_check_params(_key(dh, "dh_check"))


@_entry_point("m2crypto.m2.dh_generate_parameters", errors=_error)
def dh_generate_parameters(plen, g, pyfunc: Optional[Callable]) -> KeyHandle:
    size = _a.check_int(plen, "dh_generate_parameters", 1)
    generator = _a.check_int(g, "dh_generate_parameters", 2)
    if size < MIN_DH_BITS:
        unsafe_operation("m2crypto.m2.dh_generate_parameters", f"DH-{size}")
    return KeyHandle(m2c.dh_generate_params(size, generator))


@_entry_point("m2crypto.m2.dh_generate_key", errors=_error)
def dh_generate_key(dh) -> int:
    """Generates a key pair for the parameters, in the handle."""
    handle = _handle(dh, "dh_generate_key")
    if handle.key is None:
        raise _a.error("dh", "DH parameters are not set")
    handle.key = m2c.dh_generate_key(handle.key)
    return 1


@_entry_point("m2crypto.m2.dh_compute_key", errors=_error)
def dh_compute_key(dh, pubkey) -> bytes:
    """The shared secret with the peer's public value (an MPI)."""
    k = _key(dh, "dh_compute_key")
    return m2c.dh_compute_key(k, _a.check_bytes(pubkey))


def _getter(name: str):
    func = "dh_get_" + name

    @_entry_point("m2crypto.m2." + func)
    def get(dh) -> bytes:
        k = _key(dh, func)
        try:
            return m2c.dh_component(k, name)
        except _c.Error:
            raise _a.error("dh", f"'{name}' is unset") from None
    get.__name__ = get.__qualname__ = func
    return get


dh_get_p = _getter("p")
dh_get_g = _getter("g")
dh_get_pub = _getter("pub")
dh_get_priv = _getter("priv")


@_entry_point("m2crypto.m2.dh_read_parameters")
def dh_read_parameters(bio) -> Optional[KeyHandle]:
    """PEM DH parameters from the BIO, or None (M2Crypto's NULL) when there
    are none."""
    block = _a.read_pem_block(_a.bio(bio, "dh_read_parameters"))
    if not block:
        return None
    try:
        return KeyHandle(m2c.dh_load_params(block))
    except _c.Error:
        return None


@_entry_point("m2crypto.m2.dh_set_pg", errors=_error)
def dh_set_pg(dh, p, g) -> None:
    handle = _handle(dh, "dh_set_pg")
    handle.key = m2c.dh_from_mpis(_a.check_bytes(p), _a.check_bytes(g))


def _number(label: str, value: int) -> str:
    """One field as OpenSSL's ASN1_bn_print lays it out (indent 8)."""
    if value.bit_length() <= 64:
        return f"        {label}: {value:d} (0x{value:x})\n"
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    if raw[0] & 0x80:
        raw = b"\0" + raw
    octets = [f"{b:02x}" for b in raw]
    lines = [":".join(octets[i:i + 15]) for i in range(0, len(octets), 15)]
    return f"        {label}:\n" + "".join(
        "            {}{}\n".format(line, ":" if i < len(lines) - 1 else "")
        for i, line in enumerate(lines))


@_entry_point("m2crypto.m2.dhparams_print", errors=_error)
def dhparams_print(bio, dh) -> int:
    """DHparams_print: p, g and, for a named safe-prime group, q."""
    out = _a.bio(bio, "dhparams_print")
    handle = _handle(dh, "dhparams_print", 2)
    if handle.key is None:
        return 0
    return _a.write(out, params_text(handle.key))


def params_text(key: _c.Key) -> bytes:
    """DHparams_print's text (DH.DH.print_params writes it too)."""
    p = int.from_bytes(m2c.bytes_from_mpi(m2c.dh_component(key, "p")), "big")
    g = int.from_bytes(m2c.bytes_from_mpi(m2c.dh_component(key, "g")), "big")
    text = f"    DH Parameters: ({p.bit_length():d} bit)\n"
    text += _number("prime P", p) + _number("generator G", g)
    if b"GROUP: " in m2c.dh_params_text(key):  # RFC 7919 / 3526 groups know q
        text += _number("subgroup order Q", (p - 1) // 2)
    return text.encode()
