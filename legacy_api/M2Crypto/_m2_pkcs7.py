"""m2.pkcs7_* and m2.smime_*: signing, verification, encryption and the
S/MIME text form on handles, as M2Crypto's SMIME module calls them:

    p7 = m2.pkcs7_sign1(x509._ptr(), pkey._ptr(), stack._ptr(), bio._ptr(),
                        m2.sha256(), flags)
    blob = m2.pkcs7_verify1(p7, stack._ptr(), store._ptr(), data._ptr(), flags)

A PKCS7* is a core Pkcs7 (SMIME.PKCS7 holds one). Failures raise the
classes registered with m2.pkcs7_init / m2.smime_init (SMIME.PKCS7_Error
and SMIME.SMIME_Error): signing and S/MIME parsing report SMIME_Error,
verification and decryption PKCS7_Error, as in M2Crypto. Weak digests and
ciphers, and verification that skips the chain or the signature, are
reported as unsafe operations (refused under CRYPTOSHIM_POLICY=strict)."""
from __future__ import annotations

from typing import Optional, Tuple

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point
from cryptoshim.legacy import unsafe_operation
from M2Crypto import _m2_pki_args as _a
from M2Crypto._m2_pkey_io import cipher_name
from M2Crypto._m2_stack import CertStack, cert_stack
from M2Crypto._m2_x509 import cert, key, md_name
from M2Crypto._m2_x509_store import _callbacks

__all__ = ["pkcs7_init", "smime_init", "pkcs7_new", "pkcs7_free", "pkcs7_add_certificate",
           "pkcs7_get_certs_sk", "pkcs7_get0_signers", "pkcs7_sign0", "pkcs7_sign1",
           "pkcs7_verify0", "pkcs7_verify1", "pkcs7_encrypt", "pkcs7_decrypt",
           "pkcs7_create_degenerate", "smime_write_pkcs7", "smime_write_pkcs7_multi",
           "smime_read_pkcs7", "smime_crlf_copy"]

_PKCS7_TEXT = 0x1
_PKCS7_NOSIGS = 0x4
_PKCS7_NOVERIFY = 0x20


def _pkcs7_error(exc) -> BaseException:
    return _a.error("pkcs7", str(exc))


def _smime_error(exc) -> BaseException:
    return _a.error("smime", str(exc))


def _p7(p7, func: str, argno: int = 1) -> _c.Pkcs7:
    return _a.check(p7, _c.Pkcs7, func, argno, "PKCS7 *")


@_entry_point("m2crypto.m2.pkcs7_init")
def pkcs7_init(pkcs7_err) -> None:
    _a.register_error("pkcs7", pkcs7_err)


@_entry_point("m2crypto.m2.smime_init")
def smime_init(smime_err) -> None:
    _a.register_error("smime", smime_err)


@_entry_point("m2crypto.m2.pkcs7_new", errors=_pkcs7_error)
def pkcs7_new() -> _c.Pkcs7:
    return _c.Pkcs7.new_empty()


@_entry_point("m2crypto.m2.pkcs7_free")
def pkcs7_free(p7) -> None:
    _p7(p7, "pkcs7_free")


@_entry_point("m2crypto.m2.pkcs7_add_certificate", errors=_pkcs7_error)
def pkcs7_add_certificate(p7, x509) -> None:
    _p7(p7, "pkcs7_add_certificate").add_certificate(cert(x509, "pkcs7_add_certificate", 2))


@_entry_point("m2crypto.m2.pkcs7_get_certs_sk")
def pkcs7_get_certs_sk(p7) -> Optional[CertStack]:
    """The certificates of a signed bag (copies), or None for other types."""
    handle = _p7(p7, "pkcs7_get_certs_sk")
    if not (handle.is_signed() or handle.is_signed_and_enveloped()):
        return None
    try:
        return CertStack(handle.certificates())
    except _c.Error:
        return None


@_entry_point("m2crypto.m2.pkcs7_get0_signers", errors=_pkcs7_error)
def pkcs7_get0_signers(p7, certs, flags) -> CertStack:
    handle = _p7(p7, "pkcs7_get0_signers")
    extra = cert_stack(certs, "pkcs7_get0_signers", 2)
    mode = _a.check_int(flags, "pkcs7_get0_signers", 3)
    return CertStack(_c.pkcs7_signers(handle, list(extra), mode))


def _sign(func: str, signer, pkey, certs, bio, md, flags) -> _c.Pkcs7:
    c = cert(signer, func, 1)
    k = key(pkey, func, 2)
    argno = 3 if certs is None else 4
    extra = [] if certs is None else list(cert_stack(certs, func, 3))
    data = _a.read_all(_a.bio(bio, func, argno))
    digest = md_name(md, func, argno + 1, "m2crypto.m2." + func)
    mode = _a.check_int(flags, func, argno + 2)
    return _c.pkcs7_sign(c, k, extra, data, digest, mode)


@_entry_point("m2crypto.m2.pkcs7_sign0", errors=_smime_error)
def pkcs7_sign0(signer_cert, signer_key, data, hash_obj, flags) -> _c.Pkcs7:
    return _sign("pkcs7_sign0", signer_cert, signer_key, None, data, hash_obj, flags)


@_entry_point("m2crypto.m2.pkcs7_sign1", errors=_smime_error)
def pkcs7_sign1(signer_cert, signer_key, certs, data, hash_obj, flags) -> _c.Pkcs7:
    return _sign("pkcs7_sign1", signer_cert, signer_key, certs, data, hash_obj, flags)


def _verify(func: str, p7, certs, store, bio, flags) -> bytes:
    from M2Crypto import SMIME, X509
    handle = _p7(p7, func)
    signers = list(cert_stack(certs, func, 2))
    s = _a.check(store, _c.Store, func, 3, "X509_STORE *")
    data = None if bio is None else _a.read_all(_a.bio(bio, func, 4))
    mode = _a.check_int(flags, func, 5 if bio is not None else 4)
    if mode & (_PKCS7_NOVERIFY | _PKCS7_NOSIGS):
        unsafe_operation("m2crypto.m2." + func,
                         "PKCS7_NOVERIFY / PKCS7_NOSIGS skip the signer's chain or signature")
    wrapper = X509.X509_Store(s, 0)
    wrapper._verify_cb = _callbacks.get(s)
    return _c.pkcs7_verify(handle, signers, s, data, mode, SMIME._verify_callback(wrapper))


@_entry_point("m2crypto.m2.pkcs7_verify0", errors=_pkcs7_error)
def pkcs7_verify0(p7, certs, store, flags) -> bytes:
    return _verify("pkcs7_verify0", p7, certs, store, None, flags)


@_entry_point("m2crypto.m2.pkcs7_verify1", errors=_pkcs7_error)
def pkcs7_verify1(p7, certs, store, data, flags) -> bytes:
    if data is None:
        raise ValueError(_a.NULL_POINTER)
    return _verify("pkcs7_verify1", p7, certs, store, data, flags)


@_entry_point("m2crypto.m2.pkcs7_encrypt", errors=_pkcs7_error)
def pkcs7_encrypt(certs, data, cipher, flags) -> _c.Pkcs7:
    recipients = list(cert_stack(certs, "pkcs7_encrypt", 1))
    payload = _a.read_all(_a.bio(data, "pkcs7_encrypt", 2))
    name = cipher_name(cipher, "pkcs7_encrypt", 3)
    return _c.pkcs7_encrypt(recipients, payload, name, _a.check_int(flags, "pkcs7_encrypt", 4))


@_entry_point("m2crypto.m2.pkcs7_decrypt", errors=_pkcs7_error)
def pkcs7_decrypt(p7, pkey, x509, flags) -> bytes:
    handle = _p7(p7, "pkcs7_decrypt")
    k = key(pkey, "pkcs7_decrypt", 2)
    c = cert(x509, "pkcs7_decrypt", 3)
    return _c.pkcs7_decrypt(handle, k, c, _a.check_int(flags, "pkcs7_decrypt", 4))


@_entry_point("m2crypto.m2.pkcs7_create_degenerate", errors=_pkcs7_error)
def pkcs7_create_degenerate(stack, bio) -> int:
    """Writes a certs-only signedData bag (DER) with the stack's certificates."""
    certs = list(cert_stack(stack, "pkcs7_create_degenerate", 1))
    out = _a.bio(bio, "pkcs7_create_degenerate", 2)
    return _a.write(out, _c.pkcs7_degenerate(certs).to_der())


@_entry_point("m2crypto.m2.smime_write_pkcs7", errors=_smime_error)
def smime_write_pkcs7(bio, p7, flags) -> int:
    out = _a.bio(bio, "smime_write_pkcs7")
    handle = _p7(p7, "smime_write_pkcs7", 2)
    return _a.write(out, _c.smime_write(handle, None, _a.check_int(flags, "smime_write_pkcs7", 3)))


@_entry_point("m2crypto.m2.smime_write_pkcs7_multi", errors=_smime_error)
def smime_write_pkcs7_multi(bio, p7, data, flags) -> int:
    func = "smime_write_pkcs7_multi"
    out = _a.bio(bio, func)
    handle = _p7(p7, func, 2)
    content = _a.read_all(_a.bio(data, func, 3))
    return _a.write(out, _c.smime_write(handle, content, _a.check_int(flags, func, 4)))


@_entry_point("m2crypto.m2.smime_read_pkcs7", errors=_smime_error)
def smime_read_pkcs7(bio) -> Tuple[_c.Pkcs7, Optional[object]]:
    """SMIME_read_PKCS7: the PKCS7 and, for multipart/signed, a BIO with the
    signed content (None otherwise)."""
    from M2Crypto import SMIME
    text = _a.read_all(_a.bio(bio, "smime_read_pkcs7"))
    p7, content = _c.smime_read(text)
    return p7, (None if content is None else SMIME._ContentBuffer(content))


@_entry_point("m2crypto.m2.smime_crlf_copy", errors=_smime_error)
def smime_crlf_copy(in_bio, out_bio) -> int:
    """SMIME_crlf_copy with PKCS7_TEXT: a text/plain MIME part, CRLF lines."""
    data = _a.read_all(_a.bio(in_bio, "smime_crlf_copy"))
    out = _a.bio(out_bio, "smime_crlf_copy", 2)
    return _a.write(out, _c.smime_crlf_copy(data, _PKCS7_TEXT))
