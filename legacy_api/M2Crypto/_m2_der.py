"""m2.d2i_* / i2d_* and the DER certificate sequences: DER in and out of
the x509, x509_req and stack handles (M2Crypto's X509.load_cert_der_string
and X509_Stack.as_der call these)."""
from __future__ import annotations

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point
from M2Crypto import _m2_pki_args as _a
from M2Crypto._m2_stack import CertStack, cert_stack
from M2Crypto._m2_x509 import cert, x509_error
from M2Crypto._m2_x509_req_crl import _req

__all__ = ["d2i_x509", "i2d_x509", "i2d_x509_bio", "d2i_x509_req", "i2d_x509_req_bio",
           "make_stack_from_der_sequence", "get_der_encoding_stack"]


@_entry_point("m2crypto.m2.d2i_x509", errors=x509_error)
def d2i_x509(bio) -> _c.Certificate:
    return _c.Certificate.parse(_a.read_all(_a.bio(bio, "d2i_x509")), False)


@_entry_point("m2crypto.m2.i2d_x509", errors=x509_error)
def i2d_x509(x) -> bytes:
    return cert(x, "i2d_x509").to_der()


@_entry_point("m2crypto.m2.i2d_x509_bio", errors=x509_error)
def i2d_x509_bio(bio, x) -> int:
    out = _a.bio(bio, "i2d_x509_bio")
    return _a.write(out, cert(x, "i2d_x509_bio", 2).to_der())


@_entry_point("m2crypto.m2.d2i_x509_req", errors=x509_error)
def d2i_x509_req(bio) -> _c.CertificateRequest:
    return _c.CertificateRequest.parse(_a.read_all(_a.bio(bio, "d2i_x509_req")), False)


@_entry_point("m2crypto.m2.i2d_x509_req_bio", errors=x509_error)
def i2d_x509_req_bio(bio, req) -> int:
    out = _a.bio(bio, "i2d_x509_req_bio")
    return _a.write(out, _req(req, "i2d_x509_req_bio", 2).to_der())


@_entry_point("m2crypto.m2.make_stack_from_der_sequence")
def make_stack_from_der_sequence(der) -> CertStack:
    data = _a.check_bytes(der, "expected bytes")
    try:
        return CertStack(_c.decode_certificate_sequence(data))
    except _c.Error:
        raise _a.error("x509", "Generating STACK_OF(X509) failed.") from None


@_entry_point("m2crypto.m2.get_der_encoding_stack", errors=x509_error)
def get_der_encoding_stack(stack) -> bytes:
    return _c.encode_certificate_sequence(list(cert_stack(stack, "get_der_encoding_stack", 1)))
