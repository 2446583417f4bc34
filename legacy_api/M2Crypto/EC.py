"""M2Crypto.EC over the core: key generation on built-in curves, ECDSA over
a precomputed digest ((r, s) MPIs or DER) and raw ECDH."""
from __future__ import annotations

from typing import Callable, Dict, List, Optional, Tuple, Union

from M2Crypto import BIO, Err, _release, m2, util
from M2Crypto._common import core, entry, klass, m2c
from M2Crypto._common import exception_api as _exception_api
from M2Crypto._common import native_free as _native_free
from M2Crypto._keyio import open_key_file as _open
from M2Crypto._keyio import passphrase as _passphrase
from M2Crypto._m2_keyhandle import KeyHandle, handle_of

__all__ = ["ECError", "EC", "EC_pub", "gen_params", "load_key", "load_key_string",
           "load_key_bio", "load_pub_key", "load_pub_key_bio", "load_key_string_pubkey",
           "ec_error", "pub_key_from_der", "pub_key_from_params",
           "get_builtin_curves"]


@_exception_api("m2crypto.EC.ECError")
class ECError(Exception):
    pass


_ep = entry(ECError)
_class = klass(ECError)
_TYPE_EC = 408

# EC.NID_* as M2Crypto's EC module exports them.
for _name in dir(m2):
    if _name.startswith("NID_"):
        globals()[_name] = getattr(m2, _name)
        # EC spells the X9.62 curves without the prefix (NID_prime256v1).
        if _name.startswith("NID_X9_62_"):
            globals()["NID_" + _name[len("NID_X9_62_"):]] = getattr(m2, _name)
del _name


def _buf(data) -> bytes:
    if isinstance(data, str):
        return data.encode("utf8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError("expected bytes")


# M2Crypto's annotation alias for a serialised key.
EC_Key = bytes


@_class("m2crypto.EC.EC")
class EC:
    """An EC key pair on a named curve."""
    m2_ec_key_free = _native_free("m2crypto.EC.EC.m2_ec_key_free")
    der: Optional[bytes]  # EC_pub's cached DER (M2Crypto's), None until computed

    def __init__(self, ec, _pyfree: int = 0) -> None:
        handle = handle_of(ec, (_TYPE_EC,))
        if handle is None or (handle.key is None and handle.curve is None):
            raise TypeError("'ec' type error")
        self.__dict__["_h"] = handle
        self._pyfree = _pyfree

    @classmethod
    def _from_core(cls, key, curve: Optional[str] = None):
        self = cls.__new__(cls)
        self.__dict__["_h"] = KeyHandle(key, curve)
        self._pyfree = 1
        if cls is EC_pub:
            self.der = None
        return self

    # The EC_KEY* handle is shared with m2.ec_key_* (m2.ec_key_gen_key(ec.ec)
    # changes this key); the key is None while only the curve is known.
    @property
    def _key(self):
        key = self.__dict__["_h"].key
        if key is None:
            raise ECError("the EC key has no key pair yet (call gen_key())")
        return key

    @_key.setter
    def _key(self, key) -> None:
        self.__dict__["_h"].key = key

    @property
    def _curve(self) -> Optional[str]:
        return self.__dict__["_h"].curve

    @_curve.setter
    def _curve(self, curve: Optional[str]) -> None:
        self.__dict__["_h"].curve = curve

    @property
    def ec(self):
        return self.__dict__["_h"]

    def _ptr(self):
        return self.__dict__["_h"]

    def __len__(self) -> int:
        handle = self.__dict__["_h"]
        if handle.key is None:
            return int(core.generate_ec_key(handle.curve).bits)
        return int(handle.key.bits)

    @_ep("m2crypto.EC.EC.gen_key")
    def gen_key(self) -> None:
        if self._curve is None:
            raise ECError("the curve of this key is unknown; use gen_params()")
        self._key = core.generate_ec_key(self._curve)

    @_ep("m2crypto.EC.EC.pub")
    def pub(self) -> EC_pub:
        return EC_pub._from_core(self._key, self._curve)

    @_ep("m2crypto.EC.EC.sign_dsa")
    def sign_dsa(self, digest: bytes) -> Tuple[bytes, bytes]:
        return m2c.ecdsa_der_to_mpis(m2c.ecdsa_sign(self._key, _buf(digest)))

    @_ep("m2crypto.EC.EC.verify_dsa")
    def verify_dsa(self, digest: bytes, r: bytes, s: bytes) -> int:
        der = m2c.ecdsa_mpis_to_der(_buf(r), _buf(s))
        try:
            m2c.ecdsa_verify(self._key, _buf(digest), der)
        except core.Error as exc:
            if getattr(exc, "code", "") == "verify_failed":
                return 0
            raise
        return 1

    @_ep("m2crypto.EC.EC.sign_dsa_asn1")
    def sign_dsa_asn1(self, digest: bytes) -> bytes:
        return m2c.ecdsa_sign(self._key, _buf(digest))

    @_ep("m2crypto.EC.EC.verify_dsa_asn1")
    def verify_dsa_asn1(self, digest: bytes, blob: bytes) -> int:
        # M2Crypto raises ECError when the signature does not verify.
        m2c.ecdsa_verify(self._key, _buf(digest), _buf(blob))
        return 1

    @_ep("m2crypto.EC.EC.compute_dh_key")
    def compute_dh_key(self, pub_key: EC) -> Optional[bytes]:
        return m2c.ecdh_derive(self._key, pub_key._key)

    @_ep("m2crypto.EC.EC.save_key_bio")
    def save_key_bio(self, bio, cipher: Optional[str] = "aes_128_cbc",
                     callback: Callable = util.passphrase_callback) -> int:
        bio.write(self._pem(cipher, callback))
        return 1

    def _pem(self, cipher, callback) -> bytes:
        if cipher is None:
            return self._key.private_bytes(der=False, format="traditional")
        try:
            name = m2c.cipher_name(cipher)
        except core.Error:
            raise ValueError(f"not such cipher {cipher}") from None
        return self._key.private_bytes(der=False, format="traditional", cipher=name,
                                       passphrase=_passphrase(callback))

    @_ep("m2crypto.EC.EC.save_key")
    def save_key(self, file, cipher: Optional[str] = "aes_128_cbc",
                 callback: Callable = util.passphrase_callback) -> int:
        with BIO.openfile(file, "wb") as bio:
            return self.save_key_bio(bio, cipher, callback)

    @_ep("m2crypto.EC.EC.save_pub_key_bio")
    def save_pub_key_bio(self, bio) -> int:
        bio.write(self._key.public_bytes(der=False))
        return 1

    @_ep("m2crypto.EC.EC.save_pub_key")
    def save_pub_key(self, file) -> int:
        with BIO.openfile(file, "wb") as bio:
            return self.save_pub_key_bio(bio)

    @_ep("m2crypto.EC.EC.as_pem")
    def as_pem(self, cipher: Optional[str] = "aes_128_cbc",
               callback: Callable = util.passphrase_callback) -> bytes:
        return self._pem(cipher, callback)

    @_ep("m2crypto.EC.EC.check_key")
    def check_key(self) -> int:
        try:
            self._key.check()
        except core.Error:
            return 0
        return 1


@_class("m2crypto.EC.EC_pub")
class EC_pub(EC):
    """An EC public key."""

    def __init__(self, ec, _pyfree: int = 0) -> None:
        EC.__init__(self, ec, _pyfree)
        self.der: Optional[bytes] = None

    @_ep("m2crypto.EC.EC_pub.get_der")
    def get_der(self) -> bytes:
        if self.der is None:
            self.der = self._key.public_bytes(der=True)
        return self.der

    @_ep("m2crypto.EC.EC_pub.get_key")
    def get_key(self) -> bytes:
        return m2c.ec_public_point(self._key)

    @_ep("m2crypto.EC.EC_pub.as_pem")
    def as_pem(self, *args, **kwargs) -> bytes:  # type: ignore[override]
        return self._key.public_bytes(der=False)

    @_ep("m2crypto.EC.EC.save_key")
    def save_key(self, file, *args, **kwargs) -> int:  # type: ignore[override]
        return self.save_pub_key(file)

    @_ep("m2crypto.EC.EC.save_key_bio")
    def save_key_bio(self, bio, *args, **kwargs) -> int:  # type: ignore[override]
        return self.save_pub_key_bio(bio)


@_ep("m2crypto.EC.gen_params")
def gen_params(curve: int) -> EC:
    name = m2c.curve_name_from_nid(curve)
    # OpenSSL 3 has no parameter-only EC keys in M2Crypto's sense; the
    # object holds a key from the start and gen_key() replaces it.
    return EC._from_core(core.generate_ec_key(name), name)


def _cannot_read(where: str) -> Exception:
    if _release.NULL_POINTER_VALUEERROR:
        # 0.38.0: SWIG's NONNULL typemap on ec_key_read_bio's result.
        return ValueError("Received a NULL pointer.")
    return OSError(f"Cannot read EC key pair from PEM file {where}.")


def _load_private(data: bytes, callback, where: str) -> EC:
    try:
        key = core.load_private_key(data, False, _passphrase(callback))
    except core.Error:
        raise _cannot_read(where) from None
    if key.type_id != _TYPE_EC:
        raise _cannot_read(where)
    return EC._from_core(key)


def _load_public(data: bytes) -> EC_pub:
    key = core.load_public_key(data, False, "spki")
    if key.type_id != _TYPE_EC:
        raise ECError("not an EC key")
    return EC_pub._from_core(key)



@_ep("m2crypto.EC.load_key")
def load_key(file, callback: Callable = util.passphrase_callback) -> EC:
    return _load_private(_open(file), callback, str(file))


@_ep("m2crypto.EC.load_key_string")
def load_key_string(string, callback: Callable = util.passphrase_callback) -> EC:
    return _load_private(util.py3bytes(string), callback, "in-memory buffer")


@_ep("m2crypto.EC.load_key_bio")
def load_key_bio(bio, callback: Callable = util.passphrase_callback) -> EC:
    return _load_private(BIO._bio_bytes(bio), callback, getattr(bio, "fname", "in-memory buffer"))


@_ep("m2crypto.EC.load_pub_key")
def load_pub_key(file) -> EC_pub:
    return _load_public(_open(file))


@_ep("m2crypto.EC.load_pub_key_bio")
def load_pub_key_bio(bio) -> EC_pub:
    return _load_public(BIO._bio_bytes(bio))


@_ep("m2crypto.EC.load_key_string_pubkey")
def load_key_string_pubkey(string, callback: Callable = util.passphrase_callback):
    from M2Crypto import EVP
    return EVP.load_key_string_pubkey(string, callback)


@_ep("m2crypto.EC.ec_error")
def ec_error():
    raise ECError(Err.get_error_message())


@_ep("m2crypto.EC.pub_key_from_der")
def pub_key_from_der(der: bytes) -> EC_pub:
    return _load_public_der(_buf(der))


def _load_public_der(der: bytes) -> EC_pub:
    key = core.load_public_key(der, True, "spki")
    if key.type_id != _TYPE_EC:
        raise ECError("not an EC key")
    return EC_pub._from_core(key)


@_ep("m2crypto.EC.pub_key_from_params")
def pub_key_from_params(curve: int, bytes: bytes) -> EC_pub:
    return EC_pub._from_core(m2c.ec_public_key_from_point(curve, _buf(bytes)),
                             m2c.curve_name_from_nid(curve))


@_ep("m2crypto.EC.get_builtin_curves")
def get_builtin_curves() -> List[Dict[str, Union[int, str]]]:
    return m2c.ec_builtin_curves()
