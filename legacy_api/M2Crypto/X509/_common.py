"""What every part of M2Crypto.X509 shares: X509Error and the entry-point
decorators bound to it, the file formats, and the argument checks and
conversions (text, paths, keys, digest names, times) M2Crypto applies."""
from __future__ import annotations

import inspect
from typing import Any, Dict

from cryptoshim.lazy_import import lazy_attr
from cryptoshim.legacy import unsafe_operation
from cryptoshim.policy import is_weak_digest
from M2Crypto import ASN1, BIO, EVP, m2
from M2Crypto._common import core, entry, klass
from M2Crypto._common import exception_api as _exception_api
from M2Crypto._common import read_file as _read_file

# M2Crypto._m2_stack's StackView, the m2.sk_* handle of the stack classes,
# looked up on first use as the per-call imports it replaces were.
stack_view = lazy_attr("M2Crypto._m2_stack", "StackView")

FORMAT_DER = 0
FORMAT_PEM = 1


@_exception_api("m2crypto.X509.X509Error")
class X509Error(ValueError):
    pass


V_OK = m2.X509_V_OK
_ep = entry(X509Error)
_class = klass(X509Error)


def _check_format(format: int) -> None:
    if format not in (FORMAT_PEM, FORMAT_DER):
        raise ValueError("Unknown format. Must be either FORMAT_DER or FORMAT_PEM")


def _text(data) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"expected str or bytes, not {type(data).__name__}")


def _read_path(file) -> bytes:
    try:
        return _read_file(file.decode() if isinstance(file, bytes) else file)
    except OSError as ex:
        raise BIO.BIOError(ex.args) from None


def _write_path(filename, data: bytes) -> int:
    with BIO.openfile(filename, "wb") as bio:
        bio.write(data)
    return 1


def _core_key(pkey) -> core.Key:
    key = getattr(pkey, "pkey", None)
    if not isinstance(key, core.Key):
        raise X509Error("pkey must be an initialised EVP.PKey")
    return key


def _legacy_rsa_text(pkey) -> bool:
    return bool(getattr(pkey, "_legacy_rsa_text", False))


def _pubkey_with_origin(key, legacy_rsa_text: bool) -> EVP.PKey:
    pk = EVP.PKey._from_core(key)
    if legacy_rsa_text:
        pk._legacy_rsa_text = True
    return pk


def _key_text(text: str, legacy_rsa_text: bool) -> str:
    """OpenSSL 3 prints a key set from a legacy RSA structure (M2Crypto's
    RSA + assign_rsa) as "RSA Public-Key", one decoded from DER/PEM as
    "Public-Key"; M2Crypto users see the former until they reload."""
    if legacy_rsa_text:
        return text.replace(" Public-Key: (", " RSA Public-Key: (", 1)
    return text


def _digest(md, api_id: str) -> str:
    """Validates a digest name the way M2Crypto does (getattr(m2, md))."""
    if not isinstance(md, str) or not md or md.startswith("_"):
        raise ValueError("unknown message digest", md)
    try:
        core.Digest(md)
    except (core.Error, ValueError):
        raise ValueError("unknown message digest", md) from None
    if is_weak_digest(md):
        unsafe_operation(api_id, f"signature with {md}")
    return md



def _core_time(asn1_time) -> core.Asn1Time:
    if not isinstance(asn1_time, (ASN1.ASN1_TIME, ASN1.ASN1_UTCTIME)):
        raise TypeError("time must be an ASN1.ASN1_TIME or ASN1.ASN1_UTCTIME")
    return asn1_time._ptr()


def _claim_module(namespace: Dict[str, Any], package: str) -> None:
    """Names the public module (the package) as the home of every class and
    function its submodules define, and of the methods of such a class, so
    they read as M2Crypto.X509's own, as before the split. Entry points are
    cryptoshim._core.LegacyFunction objects, callables but not functions."""

    def defined_here(obj: object) -> bool:
        return callable(obj) and str(getattr(obj, "__module__", "")).startswith(package + "._")

    for obj in list(namespace.values()):
        if not defined_here(obj):
            continue
        obj.__module__ = package
        if not inspect.isclass(obj):
            continue
        for member in vars(obj).values():
            inner = member
            if isinstance(member, (classmethod, staticmethod)):
                inner = member.__func__  # the wrapper keeps its own __module__ copy
            elif isinstance(member, property):
                inner = member.fget
            for target in (member, inner):
                if defined_here(target):
                    target.__module__ = package
    namespace.pop("_claim_module", None)
