"""KeyHandle: the DSA* / DH* / EC_KEY* that m2.dsa_* / dh_* / ec_key_*
return and that DSA.DSA, DH.DH and EC.EC hold (their .dsa / .dh / .ec and
_ptr()). OpenSSL mutates those structures in place (m2.dsa_gen_key(dsa)
turns parameters into a key pair); the core's keys are immutable, so the
handle is the mutable box both layers share, as RSA's handle is for RSA."""
from __future__ import annotations

from typing import Optional

from cryptoshim import _core as _c


class KeyHandle:
    """A core Key (None for an EC_KEY with only a curve, or an empty DSA/DH)
    plus the curve name of an EC key."""

    __slots__ = ("key", "curve", "__weakref__")

    def __init__(self, key: Optional[_c.Key] = None, curve: Optional[str] = None) -> None:
        self.key = key
        self.curve = curve

    def __int__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        kind = "empty" if self.key is None else self.key.type_name
        return f"<key handle {kind} at 0x{id(self):x}>"


def handle_of(value, key_types) -> Optional[KeyHandle]:
    """A KeyHandle for a handle or a core Key of one of `key_types`."""
    if isinstance(value, KeyHandle):
        return value
    if isinstance(value, _c.Key) and value.type_id in key_types:
        return KeyHandle(value)
    return None
