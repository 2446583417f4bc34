"""What a certificate (X509) and a request (Request) share: the methods for
text, DER and PEM encodings, saving, the public key, the subject and
signing, and the load_cert* / load_request* functions.

M2Crypto's X509 and Request have the same methods over different SWIG
pointers, and the drop-in's over different core objects (X509._cert,
Request.req). Each class gets function objects of its own from
signed_methods(), counted under its own catalog records
(m2crypto.X509.X509.as_pem, m2crypto.X509.Request.as_pem, ...) and named as
its own methods (X509.as_pem), so warnings, telemetry, reprs and dir() read
as before; the package's _claim_module then names M2Crypto.X509 as their
module, as for every other method. signed_loaders() does the same for the
module functions.
"""
from __future__ import annotations

from operator import attrgetter
from typing import Any, Callable, Tuple, TypeVar, Union

from M2Crypto import BIO, EVP
from M2Crypto._common import core
from M2Crypto.X509._common import (
    FORMAT_DER,
    FORMAT_PEM,
    X509Error,
    _check_format,
    _core_key,
    _digest,
    _ep,
    _key_text,
    _legacy_rsa_text,
    _read_path,
    _text,
    _write_path,
)
from M2Crypto.X509._name import X509_Name, _core_name

T = TypeVar("T")
# _parse_<noun>(data, format), then load_<noun>, _bio, _string, _der_string.
Loaders = Tuple[Callable[[bytes, int], T], Callable[..., T], Callable[..., T], Callable[..., T],
                Callable[..., T]]


def signed_methods(api_class: str, handle: str, save_error: str) -> Tuple[Callable[..., Any], ...]:
    """(as_text, as_der, as_pem, save_pem, save, set_pubkey, get_subject,
    set_subject_name, sign) for the class whose catalog id is `api_class`
    ("m2crypto.X509.X509") and whose core object is the attribute `handle`;
    `save_error` is the ValueError message of save() with an unknown format
    (X509 and Request name the two formats in opposite orders)."""
    core_object = attrgetter(handle)

    def as_text(self) -> str:
        return _key_text(core_object(self).to_text().decode(), self._legacy_rsa_text)

    def as_der(self) -> bytes:
        return core_object(self).to_der()

    def as_pem(self) -> bytes:
        return core_object(self).to_pem()

    def save_pem(self, filename: str) -> int:
        return _write_path(filename, core_object(self).to_pem())

    def save(self, filename: str, format: int = FORMAT_PEM) -> int:
        if format not in (FORMAT_PEM, FORMAT_DER):
            raise ValueError(save_error)
        obj = core_object(self)
        return _write_path(filename, obj.to_pem() if format == FORMAT_PEM else obj.to_der())

    def set_pubkey(self, pkey: EVP.PKey) -> int:
        core_object(self).set_public_key(_core_key(pkey))
        self._legacy_rsa_text = _legacy_rsa_text(pkey)
        return 1

    def get_subject(self) -> X509_Name:
        return X509_Name(core_object(self).subject(), _pyfree=0)

    def set_subject_name(self, name: X509_Name) -> int:
        core_object(self).set_subject(_core_name(name))
        return 1

    def sign(self, pkey: EVP.PKey, md: str) -> int:
        md = _digest(md, f"{api_class}.sign")
        core_object(self).sign(_core_key(pkey), md)
        return 1

    owner = api_class.rsplit(".", 1)[1]
    methods = (as_text, as_der, as_pem, save_pem, save, set_pubkey, get_subject,
               set_subject_name, sign)
    for fn in methods:
        fn.__qualname__ = f"{owner}.{fn.__name__}"
    return tuple(_ep(f"{api_class}.{fn.__name__}")(fn) for fn in methods)


def signed_loaders(noun: str, cls: type, core_class: Any, from_core: Callable[[Any], T],
                   failure: str) -> Loaders[T]:
    """(_parse_<noun>, load_<noun>, load_<noun>_bio, load_<noun>_string,
    load_<noun>_der_string), returning `cls` objects: `core_class`.parse's
    object handed to `from_core`, X509Error(`failure`) for data it cannot
    parse; the load_* functions counted under m2crypto.X509.load_<noun>... ."""

    def parse(data: bytes, format: int) -> T:
        _check_format(format)
        try:
            return from_core(core_class.parse(data, format == FORMAT_PEM))
        except core.Error:
            raise X509Error(failure) from None

    def load(file: Union[str, bytes], format: int = FORMAT_PEM) -> T:
        _check_format(format)
        return parse(_read_path(file), format)

    def load_bio(bio, format: int = FORMAT_PEM) -> T:
        _check_format(format)
        return parse(BIO._bio_bytes(bio), format)

    def load_string(string: Union[str, bytes], format: int = FORMAT_PEM) -> T:
        return parse(_text(string), format)

    def load_der_string(cert_str: Union[str, bytes]) -> T:  # upstream's name, for both
        return parse(_text(cert_str), FORMAT_DER)

    names = ("_parse_{}", "load_{}", "load_{}_bio", "load_{}_string", "load_{}_der_string")
    functions = (parse, load, load_bio, load_string, load_der_string)
    for fn, name in zip(functions, names):
        fn.__name__ = fn.__qualname__ = name.format(noun)
        fn.__annotations__["return"] = cls.__name__  # as `-> X509` reads
    counted = [_ep(f"m2crypto.X509.{fn.__name__}")(fn) for fn in functions[1:]]
    return parse, counted[0], counted[1], counted[2], counted[3]
