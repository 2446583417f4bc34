"""pyOpenSSL's private cffi layer, as far as a binding-free drop-in can keep it.

pyOpenSSL wraps OpenSSL through cffi: ``OpenSSL._util.lib``/``ffi`` (also
``OpenSSL.SSL._lib``/``_ffi`` and ``OpenSSL.crypto._lib``/``_ffi``) and one
cdata pointer per object (``X509._x509``, ``PKey._pkey``, ...). Real
dependents *probe* these before they use pyOpenSSL (urllib3 refuses to inject
unless ``X509()._x509`` is not None; Twisted and Scrapy read ``lib``);
legacy_api/private_probes.md lists who probes what. cryptoshim has no cffi
binding, so:

- ``lib`` and ``ffi`` exist and are truthy. ``lib`` answers the
  ``Cryptography_HAS_*`` feature flags with what the drop-in supports (1/0,
  ints as in cryptography's binding) and the libssl header constants
  (``SSL_OP_*``, ``SSL_MODE_*``, ...).
- Any real FFI use (calling a ``lib`` function, ``ffi.new``/``cast``/
  ``string``, any other attribute) raises ``NoCffiBindingError``, an
  AttributeError (so ``hasattr``/``getattr(..., None)`` probes read "absent"
  and code that guards FFI calls with ``except AttributeError`` falls back),
  whose message names the public replacement.
- Objects keep a truthy stand-in where pyOpenSSL keeps a pointer
  (``CDataStandIn``); using one as a pointer raises the same error.
"""
from __future__ import annotations

import os
import sys
import warnings
from typing import Any, Callable, Dict, NoReturn, Union

from cryptoshim import _core


class NoCffiBindingError(AttributeError):
    """A use of pyOpenSSL's cffi binding, which cryptoshim does not have."""


_PUBLIC_API = "the public OpenSSL.crypto/OpenSSL.SSL API or pyca/cryptography"

# What to use instead of the lib/ffi members dependents are known to use
# (legacy_api/private_probes.md); anything else gets _PUBLIC_API.
_TMP_KEY = (
    "Connection.get_group_name() (the negotiated key-exchange group; scrapy's get_temp_key_info)"
)
_REPLACEMENTS: Dict[str, str] = {
    "new": "bytes/str values from the public API (there are no cffi buffers)",
    "cast": "the public API's objects (there are no cffi pointers)",
    "string": "bytes/str values from the public API (there are no cffi buffers)",
    "buffer": "bytes values from the public API (there are no cffi buffers)",
    "gc": "no call at all (the core owns and frees every OpenSSL object)",
    "X509_NAME_oneline": "repr(X509Name) or X509Name.to_cryptography().rfc4514_string()",
    "SSL_CTX_get_options": "Context.set_options(0), which returns the context's current options",
    "SSL_CTX_set_options": "Context.set_options",
    "SSL_CTX_set_ecdh_auto": (
        "no call at all (OpenSSL 1.1.0+ always selects ECDH curves automatically)"
    ),
    "SSL_get_server_tmp_key": "Connection.get_group_name() (the negotiated key-exchange group)",
    "SSL_get_peer_cert_chain": "Connection.get_peer_cert_chain()",
    "SSL_set_tlsext_host_name": "Connection.set_tlsext_host_name",
    "SSL_CTX_set_session_id_context": "Context.set_session_id",
    "SSL_CTX_set_alpn_protos": "Context.set_alpn_protos",
    "SSL_CTX_set_cipher_list": "Context.set_cipher_list",
    "SSL_CTX_set_min_proto_version": "Context.set_min_proto_version",
    "SSL_CTX_set_max_proto_version": "Context.set_max_proto_version",
    "SSL_CTX_set_ciphersuites": "Context.set_tls13_ciphersuites",
    "SSL_get_version": "Connection.get_protocol_version_name()",
    "X509_get_ext_d2i": "X509.to_cryptography().extensions",
    "X509_get_serialNumber": "X509.get_serial_number()",
    # What Scrapy reads the server's ephemeral key with (scrapy/utils/ssl.py).
    "EVP_PKEY_id": _TMP_KEY,
    "EVP_PKEY_bits": _TMP_KEY,
    "EVP_PKEY_get1_EC_KEY": _TMP_KEY,
    "EVP_PKEY_free": _TMP_KEY,
    "EC_KEY_get0_group": _TMP_KEY,
    "EC_GROUP_get_curve_name": _TMP_KEY,
    "EC_curve_nid2nist": _TMP_KEY,
    "EC_KEY_free": _TMP_KEY,
    "OBJ_nid2sn": _TMP_KEY,
}

# Cryptography_HAS_* flags: 1 where the drop-in has the feature the flag
# gates in pyOpenSSL, 0 where the real binding on OpenSSL 3 also says 0.
# Flags for features the drop-in lacks (ENGINE, NPN callbacks, FIPS mode,
# PSK, custom extensions, raw BIGNUM/EVP access) are absent, so a
# getattr(lib, flag, None) probe reads "no".
CRYPTOGRAPHY_HAS_FLAGS: Dict[str, int] = {
    "Cryptography_HAS_ALPN": 1,  # Context.set_alpn_protos / select callback
    "Cryptography_HAS_KEYLOG": 1,  # Context.set_keylog_callback
    "Cryptography_HAS_TLSv1_1": 1,  # TLSv1_1_METHOD, OP_NO_TLSv1_1
    "Cryptography_HAS_TLSv1_2": 1,  # TLSv1_2_METHOD, OP_NO_TLSv1_2
    "Cryptography_HAS_TLSv1_3": 1,  # OP_NO_TLSv1_3, TLS1_3_VERSION
    "Cryptography_HAS_TLSv1_3_FUNCTIONS": 1,  # Context.set_tls13_ciphersuites
    "Cryptography_HAS_TLSEXT_HOSTNAME": 1,  # SNI: set_tlsext_host_name / servername callback
    "Cryptography_HAS_SSL_COOKIE": 1,  # DTLS cookie callbacks
    "Cryptography_HAS_DTLS": 1,  # DTLS_METHOD
    "Cryptography_HAS_DTLS_GET_DATA_MTU": 1,  # Connection.get_cleartext_mtu
    "Cryptography_HAS_SRTP": 1,  # Context.set_tlsext_use_srtp
    "Cryptography_HAS_VERIFIED_CHAIN": 1,  # Connection.get_verified_chain
    "Cryptography_HAS_GET_PROTO_VERSION": 1,  # Context.set_min/max_proto_version
    "Cryptography_HAS_OP_NO_COMPRESSION": 1,  # OP_NO_COMPRESSION
    "Cryptography_HAS_OP_NO_RENEGOTIATION": 1,  # OP_NO_RENEGOTIATION
    "Cryptography_HAS_SSL_OP_NO_TICKET": 1,  # OP_NO_TICKET
    "Cryptography_HAS_SSL_OP_IGNORE_UNEXPECTED_EOF": 1,  # OP_IGNORE_UNEXPECTED_EOF
    "Cryptography_HAS_RELEASE_BUFFERS": 1,  # MODE_RELEASE_BUFFERS
    "Cryptography_HAS_TLS_ST": 1,  # TLS_ST_* handshake states
    "Cryptography_HAS_ED25519": 1,  # Ed25519 keys through PKey/X509
    "Cryptography_HAS_ED448": 1,  # Ed448 keys through PKey/X509
    # Newer than cryptography 38's binding (pyOpenSSL 24.1+ reads it).
    "Cryptography_HAS_SSL_GET0_GROUP_NAME": 1,  # Connection.get_group_name
    "Cryptography_HAS_SSL_ST": 0,  # SSL_ST_INIT/BEFORE/OK/RENEGOTIATE: gone in OpenSSL 1.1
    "Cryptography_HAS_SSL3_METHOD": 0,  # SSLv3 is not built into OpenSSL 3
    "Cryptography_HAS_NEXTPROTONEG": 0,  # NPN: removed from pyOpenSSL; 0 in the real binding
}


def _refuse(where: str, attr: str) -> NoReturn:
    replacement = _REPLACEMENTS.get(attr, _PUBLIC_API)
    raise NoCffiBindingError(
        f"{where}.{attr}: cryptoshim's OpenSSL has no cffi binding (pyOpenSSL's private "
        f"FFI layer); use {replacement}")


class _NoCffiBinding:
    """Stands for cryptography's ``lib`` or ``ffi`` object. Truthy; holds only
    plain constants; every other attribute refuses (NoCffiBindingError)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> NoReturn:
        if attr.startswith("__"):
            raise AttributeError(attr)  # copy/pickle protocol probes
        _refuse(f"OpenSSL._util.{self._name}", attr)

    def __repr__(self) -> str:
        return f"<cryptoshim stand-in for OpenSSL._util.{self._name} (no cffi binding)>"


class _NullPointer:
    """Stands for ffi.NULL, which test parametrizations read at import."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "<cdata 'void *' NULL (cryptoshim stand-in)>"


class CDataStandIn:
    """Where pyOpenSSL keeps a cffi pointer (``X509._x509``: ``X509 *``), a
    truthy object that is never NULL, so "is the binding there" probes pass;
    any use of it as a pointer refuses, naming the public replacement."""

    __slots__ = ("_ctype", "_where", "_replacement")

    def __init__(self, ctype: str, where: str, replacement: str) -> None:
        self._ctype = ctype
        self._where = where
        self._replacement = replacement

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"<cdata '{self._ctype}' stand-in for {self._where} (cryptoshim: no cffi binding)>"

    def _refuse(self, what: str) -> NoReturn:
        raise NoCffiBindingError(
            f"{self._where} ({self._ctype}) {what}: cryptoshim's OpenSSL has no cffi binding "
            f"(pyOpenSSL's private FFI layer); use {self._replacement}")

    def __getattr__(self, attr: str) -> NoReturn:
        if attr.startswith("__"):
            raise AttributeError(attr)
        self._refuse(f".{attr}")

    def __getitem__(self, index: Any) -> NoReturn:
        self._refuse("[...]")

    def __int__(self) -> NoReturn:
        self._refuse("as an address")


def cdata_property(ctype: str, where: str, replacement: str) -> property:
    """A read-only attribute that gives each instance one CDataStandIn (the
    same object on every read, as a pointer attribute would be)."""
    slot = "_cffi_standin_" + where.rsplit(".", 1)[-1].lstrip("_")

    def get(self: Any) -> CDataStandIn:
        standin = self.__dict__.get(slot)
        if standin is None:
            standin = self.__dict__[slot] = CDataStandIn(ctype, where, replacement)
        return standin

    return property(get, doc=f"stand-in for pyOpenSSL's {ctype} pointer")


lib = _NoCffiBinding("lib")
ffi = _NoCffiBinding("ffi")
lib.__dict__.update(CRYPTOGRAPHY_HAS_FLAGS)
# libssl's SSL_OP_*/SSL_MODE_*/version constants are plain header values, not
# binding internals; dependents and pyOpenSSL's tests read them. The binding
# on OpenSSL 3 has no DTLS*_VERSION, so neither does this.
for _name, _value in getattr(_core, "TLS_CONSTANTS", {}).items():
    if not _name.startswith("DTLS"):
        lib.__dict__[_name] = _value
ffi.__dict__["NULL"] = _NullPointer()
# EVP_PKEY type ids (header constants; Scrapy compares key types with them).
lib.__dict__.update(EVP_PKEY_RSA=6, EVP_PKEY_DSA=116, EVP_PKEY_DH=28, EVP_PKEY_EC=408)

no_zero_allocator = None
UNSPECIFIED = object()
_TEXT_WARNING = "str for {0} is no longer accepted, use bytes"


def text(charp: Any) -> str:
    if not charp:
        return ""
    if isinstance(charp, bytes):
        return charp.decode("utf-8")
    return str(charp)


def exception_from_error_queue(exception_type: type) -> NoReturn:
    """Raise *exception_type* with this thread's OpenSSL error queue, as
    (library, function, reason) tuples."""
    raise exception_type(_core.drain_error_queue())


def make_assert(error: type) -> Callable[[bool], Any]:
    def openssl_assert(ok: bool) -> None:
        if ok is not True:
            exception_from_error_queue(error)
    return openssl_assert


def path_bytes(s: Union[str, bytes, os.PathLike[str]]) -> bytes:
    b = os.fsencode(s)
    return b


def byte_string(s: str) -> bytes:
    return s.encode("charmap")


def text_to_bytes_and_warn(label: str, obj: Any) -> Any:
    if isinstance(obj, str):
        warnings.warn(_TEXT_WARNING.format(label), category=DeprecationWarning, stacklevel=3)
        return obj.encode("utf-8")
    return obj


_ = sys
