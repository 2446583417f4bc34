"""PKCS#10 certificate signing requests: Request and the load_request*
functions."""
from __future__ import annotations

from typing import Union

from M2Crypto import BIO, EVP
from M2Crypto._common import core
from M2Crypto._common import native_free as _native_free
from M2Crypto.X509._common import (
    FORMAT_DER,
    FORMAT_PEM,
    X509Error,
    _check_format,
    _class,
    _core_key,
    _digest,
    _ep,
    _key_text,
    _legacy_rsa_text,
    _pubkey_with_origin,
    _read_path,
    _text,
    _write_path,
)
from M2Crypto.X509._extension import X509_Extension_Stack
from M2Crypto.X509._name import X509_Name, _core_name


@_class("m2crypto.X509.Request")
class Request:
    """A PKCS#10 certificate signing request."""
    m2_x509_req_free = _native_free("m2crypto.X509.Request.m2_x509_req_free")

    def __init__(self, req=None, _pyfree: int = 0) -> None:
        if req is None:
            req, _pyfree = core.CertificateRequest(), 1
            req.set_version(0)
        elif not isinstance(req, core.CertificateRequest):
            raise X509Error("'req' type error")
        self.req = req
        self._pyfree = _pyfree
        self._legacy_rsa_text = False

    def _ptr(self):
        return self.req

    @_ep("m2crypto.X509.Request.as_text")
    def as_text(self) -> str:
        return _key_text(self.req.to_text().decode(), self._legacy_rsa_text)

    @_ep("m2crypto.X509.Request.as_pem")
    def as_pem(self) -> bytes:
        return self.req.to_pem()

    @_ep("m2crypto.X509.Request.as_der")
    def as_der(self) -> bytes:
        return self.req.to_der()

    @_ep("m2crypto.X509.Request.save_pem")
    def save_pem(self, filename: str) -> int:
        return _write_path(filename, self.req.to_pem())

    @_ep("m2crypto.X509.Request.save")
    def save(self, filename: str, format: int = FORMAT_PEM) -> int:
        if format not in (FORMAT_PEM, FORMAT_DER):
            raise ValueError("Unknown filetype. Must be either FORMAT_DER or FORMAT_PEM")
        data = self.req.to_pem() if format == FORMAT_PEM else self.req.to_der()
        return _write_path(filename, data)

    @_ep("m2crypto.X509.Request.get_pubkey")
    def get_pubkey(self) -> EVP.PKey:
        try:
            key = self.req.public_key()
        except core.Error:
            raise X509Error("Could not get public key from request") from None
        return _pubkey_with_origin(key, self._legacy_rsa_text)

    @_ep("m2crypto.X509.Request.set_pubkey")
    def set_pubkey(self, pkey: EVP.PKey) -> int:
        self.req.set_public_key(_core_key(pkey))
        self._legacy_rsa_text = _legacy_rsa_text(pkey)
        return 1

    @_ep("m2crypto.X509.Request.get_subject")
    def get_subject(self) -> X509_Name:
        return X509_Name(self.req.subject(), _pyfree=0)

    @_ep("m2crypto.X509.Request.set_subject_name")
    def set_subject_name(self, name: X509_Name) -> int:
        self.req.set_subject(_core_name(name))
        return 1

    set_subject = set_subject_name

    @_ep("m2crypto.X509.Request.add_extensions")
    def add_extensions(self, ext_stack: X509_Extension_Stack) -> int:
        if not isinstance(ext_stack, X509_Extension_Stack):
            raise X509Error("ext_stack must be an X509.X509_Extension_Stack")
        self.req.add_extensions(ext_stack._ptr())
        return 1

    @_ep("m2crypto.X509.Request.verify")
    def verify(self, pkey: EVP.PKey) -> int:
        key = _core_key(pkey)
        try:
            self.req.verify(key)
        except core.Error:
            return 0
        return 1

    @_ep("m2crypto.X509.Request.sign")
    def sign(self, pkey: EVP.PKey, md: str) -> int:
        md = _digest(md, "m2crypto.X509.Request.sign")
        self.req.sign(_core_key(pkey), md)
        return 1

    @_ep("m2crypto.X509.Request.get_version")
    def get_version(self) -> int:
        return self.req.version()

    @_ep("m2crypto.X509.Request.set_version")
    def set_version(self, ver: int) -> int:
        self.req.set_version(ver)
        return 1


def _parse_request(data: bytes, format: int) -> Request:
    _check_format(format)
    try:
        return Request(core.CertificateRequest.parse(data, format == FORMAT_PEM), 1)
    except core.Error:
        raise X509Error("Failed to load request") from None


@_ep("m2crypto.X509.load_request")
def load_request(file: Union[str, bytes], format: int = FORMAT_PEM) -> Request:
    _check_format(format)
    return _parse_request(_read_path(file), format)


@_ep("m2crypto.X509.load_request_bio")
def load_request_bio(bio, format: int = FORMAT_PEM) -> Request:
    _check_format(format)
    return _parse_request(BIO._bio_bytes(bio), format)


@_ep("m2crypto.X509.load_request_string")
def load_request_string(string: Union[str, bytes], format: int = FORMAT_PEM) -> Request:
    return _parse_request(_text(string), format)


@_ep("m2crypto.X509.load_request_der_string")
def load_request_der_string(string: Union[str, bytes]) -> Request:
    return _parse_request(_text(string), FORMAT_DER)
