"""m2.rsa_set_d and m2.dsa_new / dsa_set_p / q / g / pqg / pub: building keys
from their numbers, as old code does before wrapping the handle:

    rsa = m2.rsa_new(); m2.rsa_set_n(rsa, n); m2.rsa_set_e(rsa, e)
    m2.rsa_set_d(rsa, d); key = RSA.RSA(rsa, 1)
    dsa = m2.dsa_new(); m2.dsa_set_pqg(dsa, p, q, g); params = DSA.DSA(dsa, 1)

Numbers are MPIs (M2Crypto's bn_to_mpi form) or Python ints. The handles
are holders: the key is built when RSA.RSA / DSA.DSA wraps them (or, for an
RSA object's own `.rsa` handle, at once)."""
from __future__ import annotations

from typing import Optional

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point
from M2Crypto import _m2 as _ext

__all__ = ["rsa_set_d", "dsa_new", "dsa_set_pqg", "dsa_set_p", "dsa_set_q", "dsa_set_g",
           "dsa_set_pub"]

_m2c = _c.m2crypto


def _mpi(value, what: str) -> bytes:
    if isinstance(value, bool):
        raise TypeError(f"{what} must be an MPI (bytes) or an int")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{what} must not be negative")
        return _m2c.mpi_from_bytes(value.to_bytes((value.bit_length() + 7) // 8, "big"))
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    # M2Crypto's buffer typemap's words (ints are accepted here as well).
    raise TypeError("expected a readable buffer object")


def _rsa_error(message: str) -> Exception:
    from M2Crypto import RSA
    return RSA.RSAError(message)


@_entry_point("m2crypto.m2.rsa_set_d")
def rsa_set_d(rsa, value) -> None:
    """Sets the private exponent of a holder from m2.rsa_new(), or turns an
    RSA object's public key (its `.rsa` handle) into a private one."""
    d = _mpi(value, "d")
    key = getattr(rsa, "key", None)
    if isinstance(key, _c.Key):  # RSA.RSA's own handle
        if key.has_private:
            raise _rsa_error("cannot replace d of a private key")
        try:
            rsa.key = _m2c.rsa_private_key_from_mpi(_m2c.rsa_e_mpi(key), _m2c.rsa_n_mpi(key), d)
        except _c.Error as exc:
            raise _rsa_error(str(exc)) from None
        return
    _ext.rsa_set_d(rsa, d)


def rsa_holder_key(holder) -> _c.Key:
    """The core key a m2.rsa_new() holder describes (for RSA.RSA)."""
    try:
        e, n, d = _ext.rsa_get_e(holder), _ext.rsa_get_n(holder), _ext._rsa_get_d(holder)
    except TypeError:  # another SWIG pointer type
        raise _rsa_error("expected a handle from m2.rsa_new()") from None
    try:
        if d is None:
            return _m2c.rsa_public_key_from_mpi(e, n)
        return _m2c.rsa_private_key_from_mpi(e, n, d)
    except _c.Error as exc:
        raise _rsa_error(str(exc)) from None


class DsaHolder:
    """What m2.dsa_new() returns in place of an empty DSA*: the numbers set
    so far (MPIs). int() identifies it, as for a pointer."""

    __slots__ = ("p", "q", "g", "pub", "generated")

    def __init__(self) -> None:
        # The key pair m2.dsa_gen_key made from these parameters.
        self.generated: Optional[_c.Key] = None
        self.p: Optional[bytes] = None
        self.q: Optional[bytes] = None
        self.g: Optional[bytes] = None
        self.pub: Optional[bytes] = None

    def __int__(self) -> int:
        return id(self)

    def key(self) -> _c.Key:
        """Parameters (or a public key when pub is set) for DSA.DSA."""
        from M2Crypto import DSA
        if self.generated is not None:
            return self.generated
        p, q, g = self.p, self.q, self.g
        if p is None or q is None or g is None:
            raise DSA.DSAError("DSA p, q and g must be set")
        try:
            return _m2c.dsa_from_mpis(p, q, g, self.pub or b"")
        except _c.Error as exc:
            raise DSA.DSAError(str(exc)) from None


def _holder(dsa) -> DsaHolder:
    if not isinstance(dsa, DsaHolder):
        raise TypeError("expected a handle from m2.dsa_new(); an existing DSA key's "
                        "parameters are replaced with DSA.set_params()")
    return dsa


@_entry_point("m2crypto.m2.dsa_new")
def dsa_new() -> DsaHolder:
    return DsaHolder()


@_entry_point("m2crypto.m2.dsa_set_pqg")
def dsa_set_pqg(dsa, pval, qval, gval) -> None:
    holder = _holder(dsa)
    holder.p, holder.q, holder.g = _mpi(pval, "p"), _mpi(qval, "q"), _mpi(gval, "g")


@_entry_point("m2crypto.m2.dsa_set_p")
def dsa_set_p(dsa, value) -> None:
    _holder(dsa).p = _mpi(value, "p")


@_entry_point("m2crypto.m2.dsa_set_q")
def dsa_set_q(dsa, value) -> None:
    _holder(dsa).q = _mpi(value, "q")


@_entry_point("m2crypto.m2.dsa_set_g")
def dsa_set_g(dsa, value) -> None:
    _holder(dsa).g = _mpi(value, "g")


@_entry_point("m2crypto.m2.dsa_set_pub")
def dsa_set_pub(dsa, value) -> None:
    _holder(dsa).pub = _mpi(value, "pub")
