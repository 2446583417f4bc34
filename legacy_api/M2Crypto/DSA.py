"""M2Crypto.DSA over the core's EVP_PKEY keys: parameter objects, key
generation from parameters and DSA over a precomputed digest. DSA itself
is legacy (FIPS 186-5 withdrew it for signing)."""
from __future__ import annotations

from typing import Callable, NoReturn, Optional, Tuple

from cryptoshim.lazy_import import lazy_attr
from cryptoshim.legacy import unsafe_operation
from cryptoshim.policy import MIN_DSA_BITS
from M2Crypto import BIO, util
from M2Crypto._common import core, entry, klass, m2c
from M2Crypto._common import exception_api as _exception_api
from M2Crypto._common import native_free as _native_free
from M2Crypto._keyio import open_key_file as _open
from M2Crypto._keyio import passphrase as _passphrase
from M2Crypto._m2_keyhandle import KeyHandle, handle_of

_dsa_holder = lazy_attr("M2Crypto._m2_components", "DsaHolder")

__all__ = ["DSAError", "DSA", "DSA_pub", "gen_params", "set_params", "load_params",
           "load_params_bio", "load_key", "load_key_bio", "pub_key_from_params",
           "load_pub_key", "load_pub_key_bio"]


@_exception_api("m2crypto.DSA.DSAError")
class DSAError(Exception):
    pass


_ep = entry(DSAError)
_class = klass(DSAError)
_TYPE_DSA = 116



def _buf(data) -> bytes:
    if isinstance(data, str):
        return data.encode("utf8")
    return bytes(data)


@_class("m2crypto.DSA.DSA")
class DSA:
    """DSA parameters, optionally with a key pair."""
    m2_dsa_free = _native_free("m2crypto.DSA.DSA.m2_dsa_free")

    def __init__(self, dsa, _pyfree: int = 0) -> None:
        if isinstance(dsa, _dsa_holder()):  # from m2.dsa_new() + m2.dsa_set_*
            dsa = dsa.key()
        handle = handle_of(dsa, (_TYPE_DSA,))
        if handle is None or handle.key is None:
            raise TypeError("'dsa' type error")
        self.__dict__.update(_h=handle, _pyfree=_pyfree)

    @classmethod
    def _from_core(cls, key):
        self = cls.__new__(cls)
        self.__dict__.update(_h=KeyHandle(key), _pyfree=1)
        return self

    @property
    def _key(self):
        return self.__dict__["_h"].key

    @property
    def dsa(self):
        """The DSA* handle m2.dsa_* take (shared: m2.dsa_gen_key changes this key)."""
        return self.__dict__["_h"]

    def _ptr(self):
        return self.__dict__["_h"]

    def __len__(self) -> int:
        return int(self._key.bits)

    def __getattr__(self, name: str) -> bytes:
        if name in ("p", "q", "g", "pub", "priv"):
            try:
                return m2c.dsa_component(self._key, name)
            except core.Error as exc:
                raise DSAError(str(exc)) from None
        raise AttributeError(name)

    def __setattr__(self, name: str, value) -> None:
        if name in ("p", "q", "g"):
            raise DSAError("set (p, q, g) via set_params()")
        if name in ("pub", "priv"):
            raise DSAError("generate (pub, priv) via gen_key()")
        self.__dict__[name] = value

    @_ep("m2crypto.DSA.DSA.set_params")
    def set_params(self, p: bytes, q: bytes, g: bytes) -> None:
        unsafe_operation("m2crypto.DSA.DSA.set_params", "replacing DSA domain parameters")
        self.__dict__["_h"].key = m2c.dsa_from_mpis(_buf(p), _buf(q), _buf(g), b"")

    @_ep("m2crypto.DSA.DSA.gen_key")
    def gen_key(self) -> None:
        self.__dict__["_h"].key = m2c.dsa_generate_key(self._key)

    @_ep("m2crypto.DSA.DSA.save_params")
    def save_params(self, filename) -> int:
        with BIO.openfile(filename, "wb") as bio:
            return self.save_params_bio(bio)

    @_ep("m2crypto.DSA.DSA.save_params_bio")
    def save_params_bio(self, bio) -> int:
        bio.write(m2c.dsa_params_pem(self._key))
        return 1

    @_ep("m2crypto.DSA.DSA.save_key")
    def save_key(self, filename, cipher: Optional[str] = "aes_128_cbc",
                 callback: Callable = util.passphrase_callback) -> int:
        with BIO.openfile(filename, "wb") as bio:
            return self.save_key_bio(bio, cipher, callback)

    @_ep("m2crypto.DSA.DSA.save_key_bio")
    def save_key_bio(self, bio, cipher: Optional[str] = "aes_128_cbc",
                     callback: Callable = util.passphrase_callback) -> int:
        if cipher is None:
            pem = self._key.private_bytes(der=False, format="traditional")
        else:
            try:
                name = m2c.cipher_name(cipher)
            except core.Error:
                raise DSAError(f"no such cipher: {cipher}") from None
            pem = self._key.private_bytes(der=False, format="traditional", cipher=name,
                                          passphrase=_passphrase(callback))
        bio.write(pem)
        return 1

    @_ep("m2crypto.DSA.DSA.save_pub_key")
    def save_pub_key(self, filename) -> int:
        with BIO.openfile(filename, "wb") as bio:
            return self.save_pub_key_bio(bio)

    @_ep("m2crypto.DSA.DSA.save_pub_key_bio")
    def save_pub_key_bio(self, bio) -> int:
        bio.write(self._key.public_bytes(der=False))
        return 1

    @_ep("m2crypto.DSA.DSA.sign")
    def sign(self, digest: bytes) -> Tuple[bytes, bytes]:
        assert self.check_key(), "key is not initialised"
        return m2c.ecdsa_der_to_mpis(m2c.sign_prehashed(self._key, _buf(digest)))

    @_ep("m2crypto.DSA.DSA.verify")
    def verify(self, digest: bytes, r: bytes, s: bytes) -> int:
        assert self.check_key(), "key is not initialised"
        # DSA-Sig-Value and ECDSA-Sig-Value share one DER shape.
        return self._verify(_buf(digest), m2c.ecdsa_mpis_to_der(_buf(r), _buf(s)))

    def _verify(self, digest: bytes, der: bytes) -> int:
        try:
            m2c.verify_prehashed(self._key, digest, der)
        except core.Error as exc:
            if getattr(exc, "code", "") == "verify_failed":
                return 0
            raise
        return 1

    @_ep("m2crypto.DSA.DSA.sign_asn1")
    def sign_asn1(self, digest):
        assert self.check_key(), "key is not initialised"
        return m2c.sign_prehashed(self._key, _buf(digest))

    @_ep("m2crypto.DSA.DSA.verify_asn1")
    def verify_asn1(self, digest, blob):
        assert self.check_key(), "key is not initialised"
        return self._verify(_buf(digest), _buf(blob))

    @_ep("m2crypto.DSA.DSA.check_key")
    def check_key(self) -> int:
        return 1 if m2c.dsa_has_key(self._key, True) else 0


@_class("m2crypto.DSA.DSA_pub")
class DSA_pub(DSA):
    """A DSA public key."""

    @_ep("m2crypto.DSA.DSA_pub.sign")
    def sign(self, digest: bytes = b"") -> NoReturn:  # type: ignore[override]
        raise DSAError("DSA_pub object has no private key")

    sign_asn1 = sign

    @_ep("m2crypto.DSA.DSA_pub.check_key")
    def check_key(self) -> int:
        return 1 if m2c.dsa_has_key(self._key, False) else 0

    save_key = DSA.save_pub_key
    save_key_bio = DSA.save_pub_key_bio



@_ep("m2crypto.DSA.gen_params")
def gen_params(bits: int, callback: Callable = util.genparam_callback) -> DSA:
    if bits < MIN_DSA_BITS:
        unsafe_operation("m2crypto.DSA.gen_params", f"DSA-{bits}")
    return DSA._from_core(m2c.dsa_generate_params(max(bits, 512)))


@_ep("m2crypto.DSA.set_params")
def set_params(p: bytes, q: bytes, g: bytes) -> DSA:
    return DSA._from_core(m2c.dsa_from_mpis(_buf(p), _buf(q), _buf(g), b""))


@_ep("m2crypto.DSA.load_params")
def load_params(file, callback: Callable = util.passphrase_callback) -> DSA:
    return _load_params(_open(file))


def _load_params(data: bytes) -> DSA:
    try:
        return DSA._from_core(m2c.dsa_load_params(data))
    except core.Error:
        raise DSAError("failed to load DSA parameters") from None


@_ep("m2crypto.DSA.load_params_bio")
def load_params_bio(bio, callback: Callable = util.passphrase_callback) -> DSA:
    return _load_params(BIO._bio_bytes(bio))


def _load_key(data: bytes, callback) -> DSA:
    try:
        key = core.load_private_key(data, False, _passphrase(callback))
    except core.Error:
        raise DSAError("failed to load DSA key") from None
    if key.type_id != _TYPE_DSA:
        raise DSAError("failed to load DSA key")
    return DSA._from_core(key)


@_ep("m2crypto.DSA.load_key")
def load_key(file, callback: Callable = util.passphrase_callback) -> DSA:
    return _load_key(_open(file), callback)


@_ep("m2crypto.DSA.load_key_bio")
def load_key_bio(bio, callback: Callable = util.passphrase_callback) -> DSA:
    return _load_key(BIO._bio_bytes(bio), callback)


@_ep("m2crypto.DSA.pub_key_from_params")
def pub_key_from_params(p: bytes, q: bytes, g: bytes, pub: bytes) -> DSA_pub:
    return DSA_pub._from_core(m2c.dsa_from_mpis(_buf(p), _buf(q), _buf(g), _buf(pub)))


def _load_pub(data: bytes) -> DSA_pub:
    try:
        key = core.load_public_key(data, False, "spki")
    except core.Error:
        raise DSAError("failed to load DSA public key") from None
    if key.type_id != _TYPE_DSA:
        raise DSAError("failed to load DSA public key")
    return DSA_pub._from_core(key)


@_ep("m2crypto.DSA.load_pub_key")
def load_pub_key(file, callback: Callable = util.passphrase_callback) -> DSA_pub:
    return _load_pub(_open(file))


@_ep("m2crypto.DSA.load_pub_key_bio")
def load_pub_key_bio(bio, callback: Callable = util.passphrase_callback) -> DSA_pub:
    return _load_pub(BIO._bio_bytes(bio))
