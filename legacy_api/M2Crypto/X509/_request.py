"""PKCS#10 certificate signing requests: Request and the load_request*
functions."""
from __future__ import annotations

from M2Crypto import EVP
from M2Crypto import _m2_pki_args as _a
from M2Crypto._common import core
from M2Crypto._common import native_free as _native_free
from M2Crypto.X509._common import (
    X509Error,
    _class,
    _core_key,
    _ep,
    _pubkey_with_origin,
)
from M2Crypto.X509._extension import X509_Extension_Stack
from M2Crypto.X509._signed import signed_loaders, signed_methods


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

    # Shared with X509 (_signed.py), each under this class's own records.
    (as_text, as_der, as_pem, save_pem, save, set_pubkey, get_subject, set_subject_name,
     sign) = signed_methods("m2crypto.X509.Request", "req",
                            "Unknown filetype. Must be either FORMAT_DER or FORMAT_PEM")
    set_subject = set_subject_name

    @_ep("m2crypto.X509.Request.get_pubkey")
    def get_pubkey(self) -> EVP.PKey:
        try:
            key = self.req.public_key()
        except core.Error:
            raise X509Error("Could not get public key from request") from None
        return _pubkey_with_origin(key, self._legacy_rsa_text)

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

    @_ep("m2crypto.X509.Request.get_version")
    def get_version(self) -> int:
        return self.req.version()

    @_ep("m2crypto.X509.Request.set_version")
    def set_version(self, ver: int) -> int:
        self.req.set_version(_a.check_int(ver, "x509_req_set_version", 2, "long"))
        return 1


# Shared with the load_cert* functions (_signed.py).
(_parse_request, load_request, load_request_bio, load_request_string,
 load_request_der_string) = signed_loaders("request", Request, core.CertificateRequest,
                                           lambda req: Request(req, 1), "Failed to load request")
