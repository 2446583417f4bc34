"""m2.x509_* on certificates and extensions, as real code mixes them with
the class layer:

    x = m2.x509_read_pem(bio._ptr()); cert = X509.X509(x, 1)
    m2.x509_name_oneline(m2.x509_get_subject_name(cert.x509))

An X509* is a core Certificate (what X509.X509 holds), an EVP_PKEY* a core
Key (EVP.PKey._ptr()), an X509_NAME* a core X509Name (a live view when it
comes from a certificate), an X509_EXTENSION* a core X509Extension, an
EVP_MD* the handle m2.sha256() returns."""
from __future__ import annotations

import ipaddress
import time
from typing import List, Optional, Tuple

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point
from cryptoshim.legacy import unsafe_operation
from cryptoshim.policy import is_weak_digest
from M2Crypto import _m2 as _ext
from M2Crypto import _m2_pki_args as _a
from M2Crypto._m2_asn1 import IntegerHandle, time_handle, unix_time
from M2Crypto._m2_handles import CertificateTime, X509V3Context

__all__ = ["x509_init", "x509_new", "x509_dup", "x509_free", "x509_read_pem", "x509_write_pem",
           "x509_write_pem_file", "x509_print", "x509_type_check", "x509_get_serial_number",
           "x509_set_serial_number", "x509_get_version", "x509_set_version", "x509_get_pubkey",
           "x509_set_pubkey", "x509_get_issuer_name", "x509_set_issuer_name",
           "x509_get_subject_name", "x509_set_subject_name", "x509_set_not_before",
           "x509_set_not_after", "x509_sign", "x509_verify", "x509_check_ca",
           "x509_check_purpose", "x509_check_trust", "x509_check_host", "x509_check_ip_asc",
           "x509_cmp_current_time", "x509_add_ext", "x509_get_ext", "x509_get_ext_count",
           "x509_ext_print", "x509_get_subject_alt_names", "x509_extension_free",
           "x509_extension_get_critical", "x509_extension_set_critical",
           "x509_extension_get_name", "x509v3_authority_key_identifier", "x509v3_ctx_free"]

def x509_error(exc) -> BaseException:
    return _a.error("x509", str(exc))


def cert(x, func: str, argno: int = 1) -> _c.Certificate:
    return _a.check(x, _c.Certificate, func, argno, "X509 *")


def key(pkey, func: str, argno: int) -> _c.Key:
    return _a.check(pkey, _c.Key, func, argno, "EVP_PKEY *")


def md_name(md, func: str, argno: int, api_id: str) -> str:
    """The digest name of an EVP_MD handle; weak digests are reported."""
    if md is None:
        raise ValueError(_a.NULL_POINTER)
    try:
        name = _ext.md_name(md)
    except TypeError:
        raise _a.type_error(func, argno, "EVP_MD *") from None
    if is_weak_digest(name):
        unsafe_operation(api_id, f"signature with {name}")
    return name


def _name(name, func: str, argno: int) -> _c.X509Name:
    return _a.check(name, _c.X509Name, func, argno, "X509_NAME *")


def _ext_handle(ext, func: str, argno: int) -> _c.X509Extension:
    return _a.check(ext, _c.X509Extension, func, argno, "X509_EXTENSION *")


@_entry_point("m2crypto.m2.x509_init")
def x509_init(x509_err) -> None:
    _a.register_error("x509", x509_err)


@_entry_point("m2crypto.m2.x509_new")
def x509_new() -> _c.Certificate:
    return _c.Certificate()


@_entry_point("m2crypto.m2.x509_dup", errors=x509_error)
def x509_dup(x) -> _c.Certificate:
    return _c.Certificate.parse(cert(x, "x509_dup").to_der(), False)


@_entry_point("m2crypto.m2.x509_free")
def x509_free(x) -> None:
    cert(x, "x509_free")


@_entry_point("m2crypto.m2.x509_read_pem", errors=x509_error)
def x509_read_pem(bio) -> _c.Certificate:
    """PEM_read_bio_X509: the next certificate in the BIO."""
    block = _a.read_pem_block(_a.bio(bio, "x509_read_pem"))
    if not block:
        raise _a.error("x509", "no start line (Expecting: CERTIFICATE)")
    return _c.Certificate.parse(block, True)


@_entry_point("m2crypto.m2.x509_write_pem", errors=x509_error)
def x509_write_pem(bio, x) -> int:
    out = _a.bio(bio, "x509_write_pem")
    return _a.write(out, cert(x, "x509_write_pem", 2).to_pem())


@_entry_point("m2crypto.m2.x509_write_pem_file")
def x509_write_pem_file(fp, x) -> int:
    """M2Crypto declares a C FILE*, which no Python 3 object converts to."""
    raise _a.type_error("x509_write_pem_file", 1, "FILE *")


@_entry_point("m2crypto.m2.x509_print", errors=x509_error)
def x509_print(bio, x) -> int:
    out = _a.bio(bio, "x509_print")
    return _a.write(out, cert(x, "x509_print", 2).to_text())


@_entry_point("m2crypto.m2.x509_type_check")
def x509_type_check(x) -> int:
    cert(x, "x509_type_check")
    return 1


@_entry_point("m2crypto.m2.x509_get_serial_number")
def x509_get_serial_number(x) -> IntegerHandle:
    """A view of the serial number: m2.asn1_integer_set on it changes it."""
    return IntegerHandle(cert=cert(x, "x509_get_serial_number"))


@_entry_point("m2crypto.m2.x509_set_serial_number", errors=x509_error)
def x509_set_serial_number(x, bn) -> int:
    c = cert(x, "x509_set_serial_number")
    value = _a.check(bn, IntegerHandle, "x509_set_serial_number", 2, "ASN1_INTEGER *").get()
    c.set_serial_hex(f"{value:X}" if value >= 0 else "-%X" % -value)
    return 1


@_entry_point("m2crypto.m2.x509_get_version")
def x509_get_version(x) -> int:
    return cert(x, "x509_get_version").version()


@_entry_point("m2crypto.m2.x509_set_version", errors=x509_error)
def x509_set_version(x, version) -> int:
    c = cert(x, "x509_set_version")
    c.set_version(_a.check_int(version, "x509_set_version", 2, "long"))
    return 1


@_entry_point("m2crypto.m2.x509_get_pubkey", errors=x509_error)
def x509_get_pubkey(x) -> _c.Key:
    return cert(x, "x509_get_pubkey").public_key()


@_entry_point("m2crypto.m2.x509_set_pubkey", errors=x509_error)
def x509_set_pubkey(x, pkey) -> int:
    cert(x, "x509_set_pubkey").set_public_key(key(pkey, "x509_set_pubkey", 2))
    return 1


@_entry_point("m2crypto.m2.x509_get_issuer_name")
def x509_get_issuer_name(x) -> _c.X509Name:
    return cert(x, "x509_get_issuer_name").issuer()


@_entry_point("m2crypto.m2.x509_set_issuer_name", errors=x509_error)
def x509_set_issuer_name(x, name) -> int:
    cert(x, "x509_set_issuer_name").set_issuer(_name(name, "x509_set_issuer_name", 2))
    return 1


@_entry_point("m2crypto.m2.x509_get_subject_name")
def x509_get_subject_name(x) -> _c.X509Name:
    return cert(x, "x509_get_subject_name").subject()


@_entry_point("m2crypto.m2.x509_set_subject_name", errors=x509_error)
def x509_set_subject_name(x, name) -> int:
    cert(x, "x509_set_subject_name").set_subject(_name(name, "x509_set_subject_name", 2))
    return 1


def _set_time(x, tm, func: str, field: str) -> int:
    c = cert(x, func)
    handle = time_handle(tm, func, 2)
    if isinstance(handle, CertificateTime):
        text = handle.generalized()
        if text is None:
            return 0
        getattr(c, "set_" + field)(text)
    else:
        if not handle.is_present():
            return 0
        getattr(c, f"set_{field}_time")(handle)
    return 1


@_entry_point("m2crypto.m2.x509_set_not_before", errors=x509_error)
def x509_set_not_before(x509, tm) -> int:
    return _set_time(x509, tm, "x509_set_not_before", "not_before")


@_entry_point("m2crypto.m2.x509_set_not_after", errors=x509_error)
def x509_set_not_after(x509, tm) -> int:
    return _set_time(x509, tm, "x509_set_not_after", "not_after")


@_entry_point("m2crypto.m2.x509_sign")
def x509_sign(x, pkey, md) -> int:
    """X509_sign: the signature's length, or 0 when OpenSSL refuses (a
    public key, a digest the key cannot use)."""
    c = cert(x, "x509_sign")
    k = key(pkey, "x509_sign", 2)
    name = md_name(md, "x509_sign", 3, "m2crypto.m2.x509_sign")
    if not k.has_private:
        return 0
    try:
        c.sign(k, name)
    except _c.Error:
        return 0
    return _signature_length(c.to_der())


def _signature_length(der: bytes) -> int:
    """The BIT STRING length (less its unused-bits octet) at the end of a
    signed DER structure."""
    # Walk the outer SEQUENCE: tbs, algorithm, signature BIT STRING.
    def header(pos: int) -> Tuple[int, int]:
        first = der[pos + 1]
        if first < 0x80:
            return pos + 2, first
        n = first & 0x7F
        return pos + 2 + n, int.from_bytes(der[pos + 2:pos + 2 + n], "big")
    pos, _ = header(0)
    for _skip in range(2):
        start, length = header(pos)
        pos = start + length
    _start, length = header(pos)
    return length - 1


@_entry_point("m2crypto.m2.x509_verify")
def x509_verify(x, pkey) -> int:
    c = cert(x, "x509_verify")
    k = key(pkey, "x509_verify", 2)
    try:
        return c.verify_signature(k)
    except _c.Error:
        return -1


@_entry_point("m2crypto.m2.x509_check_ca")
def x509_check_ca(x) -> int:
    return cert(x, "x509_check_ca").check_ca()


@_entry_point("m2crypto.m2.x509_check_purpose")
def x509_check_purpose(x, id, ca) -> int:
    return check_purpose(cert(x, "x509_check_purpose"), id, ca)


def check_purpose(c: _c.Certificate, id, ca) -> int:
    """m2.x509_check_purpose on a core certificate (X509.check_purpose too,
    uncounted there: the method is the legacy call)."""
    purpose = _a.check_int(id, "x509_check_purpose", 2)
    as_ca = bool(_a.check_int(ca, "x509_check_purpose", 3))
    try:
        return c.check_purpose(purpose, as_ca)
    except _c.Error:
        return -1  # X509_check_purpose: an unknown purpose id is -1, not an error


_TRUST_TRUSTED, _TRUST_UNTRUSTED = 1, 3
_TRUST_DO_SS_COMPAT = 1 << 5
_TRUST_NO_SS_COMPAT = 1 << 4


def _self_signed(c: _c.Certificate) -> bool:
    if c.subject().compare(c.issuer()) != 0:
        return False
    try:
        return c.verify_signature(c.public_key()) == 1
    except _c.Error:
        return False


@_entry_point("m2crypto.m2.x509_check_trust")
def x509_check_trust(x, id, flags) -> int:
    """X509_check_trust for certificates without auxiliary trust settings
    (the only kind read here): the compatibility rule trusts a self-signed
    certificate for the ids that allow it, everything else is untrusted."""
    c = cert(x, "x509_check_trust")
    trust = _a.check_int(id, "x509_check_trust", 2)
    flags = _a.check_int(flags, "x509_check_trust", 3)
    if trust == 0:  # X509_TRUST_DEFAULT in OpenSSL 3
        flags |= _TRUST_DO_SS_COMPAT
    elif trust in (2, 3, 4, 5, 8):  # trust_1oidany
        flags |= _TRUST_DO_SS_COMPAT
    elif trust == 1:  # trust_compat
        pass
    elif not flags & _TRUST_DO_SS_COMPAT:  # trust_1oid and unknown ids
        return _TRUST_UNTRUSTED
    if flags & _TRUST_NO_SS_COMPAT:
        return _TRUST_UNTRUSTED
    return _TRUST_TRUSTED if _self_signed(c) else _TRUST_UNTRUSTED


@_entry_point("m2crypto.m2.x509_check_host")
def x509_check_host(x, name, flags) -> int:
    c = cert(x, "x509_check_host")
    host = _a.check_str(name, "x509_check_host", 2, "char const *")
    return _c.certificate_check_host(c, host, _a.check_int(flags, "x509_check_host", 3,
                                                           "unsigned int"))


@_entry_point("m2crypto.m2.x509_check_ip_asc")
def x509_check_ip_asc(x, address, flags) -> int:
    c = cert(x, "x509_check_ip_asc")
    text = _a.check_str(address, "x509_check_ip_asc", 2, "char const *")
    _a.check_int(flags, "x509_check_ip_asc", 3, "unsigned int")
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return -2  # X509_check_ip_asc: the address does not parse
    return _c.certificate_check_ip(c, text)


@_entry_point("m2crypto.m2.x509_cmp_current_time")
def x509_cmp_current_time(tm) -> int:
    """X509_cmp_current_time: -1 when the time has passed, 1 when it is
    ahead, 0 when it cannot be read."""
    seconds = unix_time(time_handle(tm, "x509_cmp_current_time", 1))
    if seconds is None:
        return 0
    return -1 if seconds <= time.time() else 1


# --- extensions -------------------------------------------------------------------

@_entry_point("m2crypto.m2.x509_add_ext", errors=x509_error)
def x509_add_ext(x, ext, loc) -> int:
    c = cert(x, "x509_add_ext")
    e = _ext_handle(ext, "x509_add_ext", 2)
    position = _a.check_int(loc, "x509_add_ext", 3)
    if position not in (-1, c.extension_count()):
        raise _a.error("x509", "x509_add_ext: only appending (loc=-1) is supported")
    c.add_extension(e)
    return 1


@_entry_point("m2crypto.m2.x509_get_ext_count")
def x509_get_ext_count(x) -> int:
    return cert(x, "x509_get_ext_count").extension_count()


@_entry_point("m2crypto.m2.x509_get_ext")
def x509_get_ext(x, loc) -> Optional[_c.X509Extension]:
    c = cert(x, "x509_get_ext")
    index = _a.check_int(loc, "x509_get_ext", 2)
    if not 0 <= index < c.extension_count():
        return None
    return c.extension(index)


@_entry_point("m2crypto.m2.x509_ext_print", errors=x509_error)
def x509_ext_print(bio, ext, flags, indent) -> int:
    out = _a.bio(bio, "x509_ext_print")
    e = _ext_handle(ext, "x509_ext_print", 2)
    text = e.print(_a.check_int(flags, "x509_ext_print", 3, "unsigned long"),
                   _a.check_int(indent, "x509_ext_print", 4))
    return _a.write(out, text)


@_entry_point("m2crypto.m2.x509_get_subject_alt_names", errors=x509_error)
def x509_get_subject_alt_names(x) -> List[Tuple[int, bytes]]:
    return _c.certificate_subject_alt_names(cert(x, "x509_get_subject_alt_names"))


@_entry_point("m2crypto.m2.x509_extension_free")
def x509_extension_free(ext) -> None:
    _ext_handle(ext, "x509_extension_free", 1)


@_entry_point("m2crypto.m2.x509_extension_get_critical")
def x509_extension_get_critical(ext) -> int:
    return int(_ext_handle(ext, "x509_extension_get_critical", 1).critical)


@_entry_point("m2crypto.m2.x509_extension_set_critical")
def x509_extension_set_critical(ext, crit) -> int:
    e = _ext_handle(ext, "x509_extension_set_critical", 1)
    e.set_critical(bool(_a.check_int(crit, "x509_extension_set_critical", 2)))
    return 1


@_entry_point("m2crypto.m2.x509_extension_get_name")
def x509_extension_get_name(ext) -> bytes:
    return bytes(_ext_handle(ext, "x509_extension_get_name", 1).short_name())


@_entry_point("m2crypto.m2.x509v3_authority_key_identifier", errors=x509_error)
def x509v3_authority_key_identifier(keyid) -> _c.X509Extension:
    data = _a.check_bytes(keyid, "expected bytes")
    return _c.X509Extension.authority_key_identifier(data, False)


@_entry_point("m2crypto.m2.x509v3_ctx_free")
def x509v3_ctx_free(ctx) -> None:
    """Releases a context from m2.x509v3_set_nconf() that was not used."""
    handle = _a.check(ctx, X509V3Context, "x509v3_ctx_free", 1, "X509V3_CTX *")
    handle.consumed = True
