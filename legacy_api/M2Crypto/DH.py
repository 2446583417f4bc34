"""M2Crypto.DH over the core's EVP_PKEY keys (finite-field Diffie-Hellman
with PKCS#3 parameters)."""
from __future__ import annotations

from typing import Callable, Union

from cryptoshim.legacy import unsafe_operation
from cryptoshim.policy import MIN_DH_BITS
from M2Crypto import BIO, m2, util
from M2Crypto._common import core, entry, klass, m2c
from M2Crypto._common import exception_api as _exception_api
from M2Crypto._common import native_free as _native_free
from M2Crypto._keyio import open_key_file as _open
from M2Crypto._m2_keyhandle import KeyHandle, handle_of

__all__ = ["DHError", "DH", "gen_params", "load_params", "load_params_bio", "set_params"]


@_exception_api("m2crypto.DH.DHError")
class DHError(Exception):
    pass


_ep = entry(DHError)
_class = klass(DHError)
_TYPES_DH = (28, 920)  # EVP_PKEY_DH, EVP_PKEY_DHX


@_class("m2crypto.DH.DH")
class DH:
    """DH parameters, optionally with a key pair."""
    m2_dh_free = _native_free("m2crypto.DH.DH.m2_dh_free")

    def __init__(self, dh, _pyfree: int = 0) -> None:
        handle = handle_of(dh, _TYPES_DH)
        if handle is None or handle.key is None:
            raise TypeError("'dh' type error")
        self.__dict__.update(_h=handle, _pyfree=_pyfree)

    @classmethod
    def _from_core(cls, key) -> DH:
        self = cls.__new__(cls)
        self.__dict__.update(_h=KeyHandle(key), _pyfree=1)
        return self

    @property
    def _key(self):
        return self.__dict__["_h"].key

    @property
    def dh(self):
        """The DH* handle m2.dh_* take (shared: m2.dh_generate_key changes this key)."""
        return self.__dict__["_h"]

    def _ptr(self):
        return self.__dict__["_h"]

    def __len__(self) -> int:
        return (int(self._key.bits) + 7) // 8  # DH_size: bytes

    def __getattr__(self, name: str) -> bytes:
        if name in ("p", "g", "pub", "priv"):
            try:
                return m2c.dh_component(self._key, name)
            except core.Error as exc:
                raise DHError(str(exc)) from None
        raise AttributeError(name)

    def __setattr__(self, name: str, value) -> None:
        if name in ("p", "g"):
            raise DHError("set (p, g) via set_params()")
        if name in ("pub", "priv"):
            raise DHError("generate (pub, priv) via gen_key()")
        self.__dict__[name] = value

    @_ep("m2crypto.DH.DH.check_params")
    def check_params(self) -> int:
        return m2c.dh_check_params(self._key)

    @_ep("m2crypto.DH.DH.gen_key")
    def gen_key(self) -> None:
        self.__dict__["_h"].key = m2c.dh_generate_key(self._key)

    @_ep("m2crypto.DH.DH.compute_key")
    def compute_key(self, pubkey: bytes) -> bytes:
        return m2c.dh_compute_key(self._key, bytes(pubkey))

    @_ep("m2crypto.DH.DH.print_params")
    def print_params(self, bio) -> int:
        from M2Crypto._m2_dh import params_text  # DHparams_print's layout, as M2Crypto
        bio.write(params_text(self._key))
        return 1


@_ep("m2crypto.DH.gen_params")
def gen_params(plen: int, g: int, callback: Callable = util.genparam_callback) -> DH:
    if plen < MIN_DH_BITS:
        unsafe_operation("m2crypto.DH.gen_params", f"DH-{plen}")
    return DH._from_core(m2c.dh_generate_params(plen, g))


def _load(data: bytes) -> DH:
    try:
        return DH._from_core(m2c.dh_load_params(data))
    except core.Error as exc:
        raise DHError(str(exc)) from None


@_ep("m2crypto.DH.load_params")
def load_params(file: Union[str, bytes]) -> DH:
    return _load(_open(file))


@_ep("m2crypto.DH.load_params_bio")
def load_params_bio(bio) -> DH:
    return _load(BIO._bio_bytes(bio))


# The generator constants M2Crypto exports here, for gen_params(plen, g).
DH_GENERATOR_2 = m2.DH_GENERATOR_2
DH_GENERATOR_5 = m2.DH_GENERATOR_5


@_ep("m2crypto.DH.set_params")
def set_params(p: bytes, g: bytes) -> DH:
    return DH._from_core(m2c.dh_from_mpis(bytes(p), bytes(g)))
