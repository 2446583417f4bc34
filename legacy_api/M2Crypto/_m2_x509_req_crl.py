"""m2.x509_req_* (PKCS#10 requests, core CertificateRequest handles, what
X509.Request holds) and m2.x509_crl_* / x509_CRL_* (core Crl handles, what
X509.CRL holds)."""
from __future__ import annotations

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point
from M2Crypto import _m2_pki_args as _a
from M2Crypto._m2_stack import ExtensionStack, _stack
from M2Crypto._m2_x509 import _signature_length, key, md_name, x509_error

__all__ = ["x509_req_new", "x509_req_free", "x509_req_read_pem", "x509_req_write_pem",
           "x509_req_print", "x509_req_get_version", "x509_req_set_version",
           "x509_req_get_pubkey", "x509_req_set_pubkey", "x509_req_get_subject_name",
           "x509_req_set_subject_name", "x509_req_add_extensions", "x509_req_sign",
           "x509_req_verify", "x509_crl_new", "x509_crl_free", "x509_crl_read_pem",
           "x509_crl_print", "x509_crl_get_issuer", "x509_crl_set_issuer", "x509_crl_verify",
           "x509_CRL_get_lastUpdate", "x509_CRL_get_nextUpdate"]


def _req(req, func: str, argno: int = 1) -> _c.CertificateRequest:
    return _a.check(req, _c.CertificateRequest, func, argno, "X509_REQ *")


def _crl(crl, func: str, argno: int = 1) -> _c.Crl:
    return _a.check(crl, _c.Crl, func, argno, "X509_CRL *")


@_entry_point("m2crypto.m2.x509_req_new")
def x509_req_new() -> _c.CertificateRequest:
    req = _c.CertificateRequest()
    req.set_version(0)
    return req


@_entry_point("m2crypto.m2.x509_req_free")
def x509_req_free(req) -> None:
    _req(req, "x509_req_free")


@_entry_point("m2crypto.m2.x509_req_read_pem", errors=x509_error)
def x509_req_read_pem(bio) -> _c.CertificateRequest:
    block = _a.read_pem_block(_a.bio(bio, "x509_req_read_pem"))
    if not block:
        raise _a.error("x509", "no start line (Expecting: CERTIFICATE REQUEST)")
    return _c.CertificateRequest.parse(block, True)


@_entry_point("m2crypto.m2.x509_req_write_pem", errors=x509_error)
def x509_req_write_pem(bio, x) -> int:
    out = _a.bio(bio, "x509_req_write_pem")
    return _a.write(out, _req(x, "x509_req_write_pem", 2).to_pem())


@_entry_point("m2crypto.m2.x509_req_print", errors=x509_error)
def x509_req_print(bio, req) -> int:
    out = _a.bio(bio, "x509_req_print")
    return _a.write(out, _req(req, "x509_req_print", 2).to_text())


@_entry_point("m2crypto.m2.x509_req_get_version")
def x509_req_get_version(x) -> int:
    return _req(x, "x509_req_get_version").version()


@_entry_point("m2crypto.m2.x509_req_set_version", errors=x509_error)
def x509_req_set_version(x, version) -> int:
    req = _req(x, "x509_req_set_version")
    req.set_version(_a.check_int(version, "x509_req_set_version", 2, "long"))
    return 1


@_entry_point("m2crypto.m2.x509_req_get_pubkey", errors=x509_error)
def x509_req_get_pubkey(x) -> _c.Key:
    return _req(x, "x509_req_get_pubkey").public_key()


@_entry_point("m2crypto.m2.x509_req_set_pubkey", errors=x509_error)
def x509_req_set_pubkey(x, pkey) -> int:
    _req(x, "x509_req_set_pubkey").set_public_key(key(pkey, "x509_req_set_pubkey", 2))
    return 1


@_entry_point("m2crypto.m2.x509_req_get_subject_name")
def x509_req_get_subject_name(x) -> _c.X509Name:
    return _req(x, "x509_req_get_subject_name").subject()


@_entry_point("m2crypto.m2.x509_req_set_subject_name", errors=x509_error)
def x509_req_set_subject_name(x, name) -> int:
    req = _req(x, "x509_req_set_subject_name")
    req.set_subject(_a.check(name, _c.X509Name, "x509_req_set_subject_name", 2, "X509_NAME *"))
    return 1


@_entry_point("m2crypto.m2.x509_req_add_extensions", errors=x509_error)
def x509_req_add_extensions(req, exts) -> int:
    r = _req(req, "x509_req_add_extensions")
    if exts is None:
        raise ValueError(_a.NULL_POINTER)
    r.add_extensions(list(_stack(exts, ExtensionStack, "x509_req_add_extensions", 2)))
    return 1


@_entry_point("m2crypto.m2.x509_req_sign")
def x509_req_sign(x, pkey, md) -> int:
    """X509_REQ_sign: the signature's length, or 0 when OpenSSL refuses."""
    req = _req(x, "x509_req_sign")
    k = key(pkey, "x509_req_sign", 2)
    name = md_name(md, "x509_req_sign", 3, "m2crypto.m2.x509_req_sign")
    if not k.has_private:
        return 0
    try:
        req.sign(k, name)
    except _c.Error:
        return 0
    return _signature_length(req.to_der())


@_entry_point("m2crypto.m2.x509_req_verify")
def x509_req_verify(x, pkey) -> int:
    req = _req(x, "x509_req_verify")
    k = key(pkey, "x509_req_verify", 2)
    try:
        req.verify(k)
    except _c.Error:
        return 0
    return 1


@_entry_point("m2crypto.m2.x509_crl_new")
def x509_crl_new() -> _c.Crl:
    return _c.Crl()


@_entry_point("m2crypto.m2.x509_crl_free")
def x509_crl_free(crl) -> None:
    _crl(crl, "x509_crl_free")


@_entry_point("m2crypto.m2.x509_crl_read_pem", errors=x509_error)
def x509_crl_read_pem(bio) -> _c.Crl:
    block = _a.read_pem_block(_a.bio(bio, "x509_crl_read_pem"))
    if not block:
        raise _a.error("x509", "no start line (Expecting: X509 CRL)")
    return _c.Crl.parse(block, False)


@_entry_point("m2crypto.m2.x509_crl_print", errors=x509_error)
def x509_crl_print(bio, crl) -> int:
    out = _a.bio(bio, "x509_crl_print")
    return _a.write(out, _crl(crl, "x509_crl_print", 2).serialize(_c.CrlFormat.TEXT))


@_entry_point("m2crypto.m2.x509_crl_get_issuer")
def x509_crl_get_issuer(crl) -> _c.X509Name:
    return _crl(crl, "x509_crl_get_issuer").issuer()


@_entry_point("m2crypto.m2.x509_crl_set_issuer", errors=x509_error)
def x509_crl_set_issuer(crl, name) -> int:
    c = _crl(crl, "x509_crl_set_issuer")
    n = _a.check(name, _c.X509Name, "x509_crl_set_issuer", 2, "X509_NAME *")
    c.set_issuer(n)
    return 1


@_entry_point("m2crypto.m2.x509_crl_verify")
def x509_crl_verify(crl, pkey) -> int:
    c = _crl(crl, "x509_crl_verify")
    k = key(pkey, "x509_crl_verify", 2)
    try:
        return c.verify_signature(k)
    except _c.Error:
        return -1


@_entry_point("m2crypto.m2.x509_CRL_get_lastUpdate")
def x509_CRL_get_lastUpdate(crl) -> _c.Asn1Time:
    return _crl(crl, "x509_CRL_get_lastUpdate").last_update_time()


@_entry_point("m2crypto.m2.x509_CRL_get_nextUpdate")
def x509_CRL_get_nextUpdate(crl):
    """The nextUpdate time, or None when the CRL has none."""
    t = _crl(crl, "x509_CRL_get_nextUpdate").next_update_time()
    return t if t.is_present() else None
