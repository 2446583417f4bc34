"""M2Crypto.X509: a first slice (loading certificates and their public
keys). The rest of the module is listed in the catalog as planned."""
from __future__ import annotations

from typing import Union

from M2Crypto import BIO, EVP, util
from M2Crypto._common import core, entry, klass, read_file
from M2Crypto._common import exception_api as _exception_api

__all__ = ["X509Error", "X509", "load_cert", "load_cert_bio", "load_cert_string",
           "load_cert_der_string", "FORMAT_DER", "FORMAT_PEM"]

FORMAT_DER = 0
FORMAT_PEM = 1


@_exception_api("m2crypto.X509.X509Error")
class X509Error(ValueError):
    pass


_ep = entry(X509Error)
_class = klass(X509Error)


@_class("m2crypto.X509.X509")
class X509(object):
    """An X.509 certificate."""

    def __init__(self, x509=None, _pyfree: int = 0) -> None:
        self._cert = x509 if x509 is not None else core.Certificate()
        self._pyfree = _pyfree

    @classmethod
    def _from_core(cls, cert) -> "X509":
        self = cls.__new__(cls)
        self._cert = cert
        self._pyfree = 1
        return self

    @property
    def x509(self):
        return self._cert

    def _ptr(self):
        return self._cert

    @_ep("m2crypto.X509.X509.as_pem")
    def as_pem(self) -> bytes:
        return self._cert.to_pem()

    @_ep("m2crypto.X509.X509.as_der")
    def as_der(self) -> bytes:
        return self._cert.to_der()

    @_ep("m2crypto.X509.X509.as_text")
    def as_text(self) -> str:
        return self._cert.to_text().decode()

    @_ep("m2crypto.X509.X509.get_pubkey")
    def get_pubkey(self) -> EVP.PKey:
        return EVP.PKey._from_core(self._cert.public_key())


def _parse(data: bytes, format: int) -> X509:
    return X509._from_core(core.Certificate.parse(data, format == FORMAT_PEM))


@_ep("m2crypto.X509.load_cert")
def load_cert(file: Union[str, bytes], format: int = FORMAT_PEM) -> X509:
    try:
        data = read_file(file)
    except OSError as ex:
        raise BIO.BIOError(ex.args) from None
    return _parse(data, format)


@_ep("m2crypto.X509.load_cert_bio")
def load_cert_bio(bio, format: int = FORMAT_PEM) -> X509:
    return _parse(BIO._bio_bytes(bio), format)


@_ep("m2crypto.X509.load_cert_string")
def load_cert_string(string, format: int = FORMAT_PEM) -> X509:
    return _parse(util.py3bytes(string), format)


@_ep("m2crypto.X509.load_cert_der_string")
def load_cert_der_string(string) -> X509:
    return _parse(util.py3bytes(string), FORMAT_DER)
