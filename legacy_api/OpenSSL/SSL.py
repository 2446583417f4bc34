"""Drop-in OpenSSL.SSL (pyOpenSSL 23.0.0 surface plus the 26.4.0 additions)
over cryptoshim's TLS core (_core.TlsContext / _core.TlsConnection).

Semantics follow pyOpenSSL: the same exceptions, the same argument checks,
the same callback-exception behaviour. Constants, errors, callback helpers
and object conversions live in OpenSSL/_ssl/.

Unsafe configurations (catalogued as `unsafe`) warn loudly in compat mode and
raise under CRYPTOSHIM_POLICY=strict: TLS below 1.2, a client handshake with
certificate verification turned off, and cipher lists admitting weak suites.
"""
from __future__ import annotations

import socket as _socket
import sys
import weakref
from functools import wraps
from itertools import chain
from typing import Any, Callable, List, Optional

from cryptoshim import _core
from cryptoshim import policy as _policy
from cryptoshim.legacy import entry_point as _entry_point
from cryptoshim.legacy import legacy_class as _legacy_class
from cryptoshim.warning_mode import warn as _cryptoshim_warn
from OpenSSL import _release
from OpenSSL._cffi_ints import array_length, c_int, c_long, c_ulong
from OpenSSL._ssl import callbacks as _cb
from OpenSSL._ssl.constants import *  # noqa: F403
from OpenSSL._ssl.constants import (
    DTLS_CLIENT_METHOD,
    DTLS_METHOD,
    DTLS_SERVER_METHOD,
    MODE_ACCEPT_MOVING_WRITE_BUFFER,
    MODE_ENABLE_PARTIAL_WRITE,
    TLS1_1_VERSION,
    TLS1_2_VERSION,
    TLS1_VERSION,
    TLS_CLIENT_METHOD,
    TLS_METHOD,
    TLS_SERVER_METHOD,
    VERIFY_PEER,
    SSLv23_METHOD,
    TLSv1_1_METHOD,
    TLSv1_2_METHOD,
    TLSv1_METHOD,
)
from OpenSSL._ssl.constants import __all__ as _constants_all
from OpenSSL._ssl.convert import core_certificate, core_private_key, path_bytes, wrap_certificate

# The noqa'd names are OpenSSL.SSL's exceptions, listed in the computed __all__.
from OpenSSL._ssl.errors import (
    IO_OK,
    IO_WANT_READ,
    Error,
    SysCallError,  # noqa: F401
    WantReadError,
    WantWriteError,  # noqa: F401
    WantX509LookupError,  # noqa: F401
    ZeroReturnError,  # noqa: F401
    error_from_core,
    raise_io,
)
from OpenSSL._util import ffi as _ffi  # noqa: F401  (pyOpenSSL's private names; dependents probe them)
from OpenSSL._util import lib as _lib  # noqa: F401
from OpenSSL._util import text_to_bytes_and_warn as _text_to_bytes_and_warn
from OpenSSL.crypto import FILETYPE_ASN1, FILETYPE_PEM, X509Name, X509Store

NO_OVERLAPPING_PROTOCOLS = _cb.NO_OVERLAPPING_PROTOCOLS
_NoOverlappingProtocols = _cb._NoOverlappingProtocols

OPENSSL_VERSION_NUMBER: int = _core.OPENSSL_VERSION_NUMBER
OPENSSL_VERSION: int = 0
OPENSSL_CFLAGS: int = 1
OPENSSL_BUILT_ON: int = 2
OPENSSL_PLATFORM: int = 3
OPENSSL_DIR: int = 4

SSLEAY_VERSION = OPENSSL_VERSION
SSLEAY_CFLAGS = OPENSSL_CFLAGS
SSLEAY_PLATFORM = OPENSSL_PLATFORM
SSLEAY_DIR = OPENSSL_DIR
SSLEAY_BUILT_ON = OPENSSL_BUILT_ON

__all__ = sorted(set(_constants_all) | {
    "OPENSSL_VERSION_NUMBER", "SSLEAY_VERSION", "SSLEAY_CFLAGS", "SSLEAY_PLATFORM", "SSLEAY_DIR",
    "SSLEAY_BUILT_ON", "OPENSSL_VERSION", "OPENSSL_CFLAGS", "OPENSSL_PLATFORM", "OPENSSL_DIR",
    "OPENSSL_BUILT_ON", "Error", "WantReadError", "WantWriteError", "WantX509LookupError",
    "ZeroReturnError", "SysCallError", "NO_OVERLAPPING_PROTOCOLS", "SSLeay_version", "Session",
    "Context", "Connection", "X509VerificationCodes",
})

_UNSPECIFIED = object()
_HANDSHAKE_API = "pyopenssl.SSL.Connection.do_handshake"


def _ssl_entry(api_id: str):
    return _entry_point(api_id, errors=error_from_core)


def _ssl_class(api_id: str):
    return _legacy_class(api_id, errors=error_from_core)


@_entry_point("pyopenssl.SSL.OpenSSL_version")
def OpenSSL_version(type: int) -> bytes:
    """Information about the linked OpenSSL, as bytes."""
    return _core.openssl_version(type)


@_entry_point("pyopenssl.SSL.SSLeay_version")
def SSLeay_version(type: int) -> bytes:
    """Alias of OpenSSL_version (doc-deprecated in pyOpenSSL 22.1.0)."""
    return _core.openssl_version(type)


def _make_requires(flag: Any, error: str) -> Callable[[Any], Any]:
    """pyOpenSSL's feature guard: NotImplementedError when `flag` is false."""
    def _requires_decorator(func: Any) -> Any:
        if not flag:
            @wraps(func)
            def explode(*args: Any, **kwargs: Any) -> Any:
                raise NotImplementedError(error)
            return explode
        return func
    return _requires_decorator


def _asFileDescriptor(obj: Any) -> int:
    fd = None
    if not isinstance(obj, int):
        meth = getattr(obj, "fileno", None)
        if meth is not None:
            obj = meth()
    if isinstance(obj, int):
        fd = obj
    if not isinstance(fd, int):
        raise TypeError("argument must be an int, or have a fileno() method.")
    elif fd < 0:
        raise ValueError(f"file descriptor cannot be a negative integer ({fd:d})")
    return fd


def _alpn_wire(protos: List[bytes]) -> bytes:
    # OpenSSL versions disagree on empty lists (pyOpenSSL #1043): reject them.
    if not protos:
        raise ValueError("at least one protocol must be specified")
    return b"".join(chain.from_iterable((bytes((len(p),)), p) for p in protos))


@_legacy_class("pyopenssl.SSL.X509VerificationCodes")
class X509VerificationCodes:
    """X509_V_* verification result codes (pyOpenSSL 25.x+), read from the
    headers the core was built against."""


def _load_verification_codes() -> None:
    for name, value in _core.X509_VERIFY_CODES.items():
        setattr(X509VerificationCodes, name, value)


_load_verification_codes()


@_ssl_class("pyopenssl.SSL.Session")
class Session:
    """A TLS session, reusable for resumption via Connection.set_session."""

    # Set by Connection.get_session (declared, not assigned: no new attribute).
    _context: Optional[Context]

    def __init__(self) -> None:
        self._session: Optional[_core.TlsSession] = None


# Context methods that 26.x refuses once a Connection exists. In compat mode
# this drop-in only warns (DeprecationWarning), keeping 23.x behaviour; under
# CRYPTOSHIM_POLICY=strict it raises 26.x's ValueError.
def _require_not_used(f: Any) -> Any:
    @wraps(f)
    def inner(self: Context, *args: Any, **kwargs: Any) -> Any:
        if self._used:
            if _policy.current() == "strict":
                raise ValueError(
                    "Context has already been used to create a Connection, it "
                    "cannot be mutated again")
            _cryptoshim_warn(
                "Context has already been used to create a Connection; mutating it "
                "is an error from pyOpenSSL 26.2.0", DeprecationWarning, stacklevel=2)
        return f(self, *args, **kwargs)
    return inner


_METHODS = {
    SSLv23_METHOD: (_core.TlsMethod.TLS, None),
    TLSv1_METHOD: (_core.TlsMethod.TLS, TLS1_VERSION),
    TLSv1_1_METHOD: (_core.TlsMethod.TLS, TLS1_1_VERSION),
    TLSv1_2_METHOD: (_core.TlsMethod.TLS, TLS1_2_VERSION),
    TLS_METHOD: (_core.TlsMethod.TLS, None),
    TLS_SERVER_METHOD: (_core.TlsMethod.TLS_SERVER, None),
    TLS_CLIENT_METHOD: (_core.TlsMethod.TLS_CLIENT, None),
    DTLS_METHOD: (_core.TlsMethod.DTLS, None),
    DTLS_SERVER_METHOD: (_core.TlsMethod.DTLS_SERVER, None),
    DTLS_CLIENT_METHOD: (_core.TlsMethod.DTLS_CLIENT, None),
}

# pyOpenSSL's TLS 1.3 default suites: a cipher string matching no TLS 1.2
# suite leaves exactly these, which pyOpenSSL reports as "no cipher match".
_TLS13_ONLY = ["TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"]


def _install_verify(
    owner: Any, native: Any, mode: int, callback: Optional[Callable[..., Any]]
) -> None:
    """Context.set_verify and Connection.set_verify: validate, wrap the callback
    (kept on `owner` so it lives as long as the native object uses it)."""
    if not isinstance(mode, int):
        raise TypeError("mode must be an integer")
    mode = c_int(mode)
    if callback is None:
        owner._verify_helper = None
        owner._verify_callback = None
        native.set_verify(mode, None)
        return
    if not callable(callback):
        raise TypeError("callback must be callable")
    owner._verify_helper = _cb.VerifyHelper(callback)
    owner._verify_callback = owner._verify_helper.callback
    native.set_verify(mode, owner._verify_callback)


def _with_connection(callback: Callable[..., Any]) -> Callable[..., Any]:
    """The callable the core calls: its first argument, the core connection,
    becomes the pyOpenSSL Connection that owns it."""
    @wraps(callback)
    def wrapper(core_conn: Any, *args: Any) -> Any:
        return callback(_cb.owner(core_conn), *args)
    return wrapper


def _install_info(owner: Any, native: Any, callback: Callable[..., Any]) -> None:
    """Context.set_info_callback and Connection.set_info_callback (kept on
    `owner`, since the binding holds the callable only weakly)."""
    owner._info_callback = _with_connection(callback)
    native.set_info_callback(owner._info_callback)


@_ssl_class("pyopenssl.SSL.Context")
class Context:
    """Parameters for new TLS connections (an SSL_CTX)."""

    def __init__(self, method: int) -> None:
        if not isinstance(method, int):
            raise TypeError("method must be an integer")
        try:
            core_method, version = _METHODS[method]
        except KeyError:
            raise ValueError("No such protocol")  # noqa: B904  (chained as upstream's: implicit __context__, no __cause__)
        if version is not None:
            _policy.check_protocol_floor("pyopenssl.SSL.Context", version, (
                "TLSv1_METHOD" if version == TLS1_VERSION else "TLSv1_1_METHOD"
                if version == TLS1_1_VERSION else "TLSv1_2_METHOD"))
        self._context = _core.TlsContext(core_method)
        self._used = False
        self._passphrase_helper: Optional[_cb.PassphraseHelper] = None
        self._passphrase_callback: Optional[Callable[..., Any]] = None
        self._passphrase_userdata: Any = None
        self._verify_helper: Optional[_cb.VerifyHelper] = None
        self._verify_callback: Optional[Callable[..., Any]] = None
        self._info_callback: Optional[Callable[..., Any]] = None
        self._keylog_callback: Optional[Callable[..., Any]] = None
        self._tlsext_servername_callback: Optional[Callable[..., Any]] = None
        self._app_data: Any = None
        self._alpn_select_helper: Optional[_cb.ALPNSelectHelper] = None
        self._alpn_select_callback: Optional[Callable[..., Any]] = None
        self._ocsp_helper: Any = None
        self._ocsp_callback: Optional[Callable[..., Any]] = None
        self._ocsp_data: Any = None
        self._cookie_generate_helper: Optional[_cb.CookieGenerateCallbackHelper] = None
        self._cookie_verify_helper: Optional[_cb.CookieVerifyCallbackHelper] = None
        self._context.set_mode(MODE_ENABLE_PARTIAL_WRITE | MODE_ACCEPT_MOVING_WRITE_BUFFER)
        if version is not None:
            self._context.set_min_proto_version(version)
            self._context.set_max_proto_version(version)

    @_ssl_entry("pyopenssl.SSL.Context.set_min_proto_version")
    @_require_not_used
    def set_min_proto_version(self, version: int) -> None:
        version = c_int(version)
        _policy.check_protocol_floor("pyopenssl.SSL.Context.set_min_proto_version", version)
        self._context.set_min_proto_version(version)

    @_ssl_entry("pyopenssl.SSL.Context.set_max_proto_version")
    @_require_not_used
    def set_max_proto_version(self, version: int) -> None:
        self._context.set_max_proto_version(c_int(version))

    @_ssl_entry("pyopenssl.SSL.Context.load_verify_locations")
    @_require_not_used
    def load_verify_locations(self, cafile: Any, capath: Any = None) -> None:
        self._context.load_verify_locations(
            None if cafile is None else path_bytes(cafile),  # type: ignore[arg-type]
            None if capath is None else path_bytes(capath))  # type: ignore[arg-type]

    @_ssl_entry("pyopenssl.SSL.Context.set_passwd_cb")
    @_require_not_used
    def set_passwd_cb(self, callback: Callable[..., bytes], userdata: Any = None) -> None:
        if not callable(callback):
            raise TypeError("callback must be callable")
        self._passphrase_helper = _cb.PassphraseHelper(callback, lambda: self._passphrase_userdata)
        self._passphrase_callback = self._passphrase_helper.callback
        self._context.set_passwd_cb(self._passphrase_callback)
        self._passphrase_userdata = userdata

    @_ssl_entry("pyopenssl.SSL.Context.set_default_verify_paths")
    @_require_not_used
    def set_default_verify_paths(self) -> None:
        # Debian's OpenSSL knows its own CA paths (and honours SSL_CERT_FILE /
        # SSL_CERT_DIR); pyOpenSSL's manylinux fallback does not apply.
        self._context.set_default_verify_paths()

    @_ssl_entry("pyopenssl.SSL.Context.use_certificate_chain_file")
    @_require_not_used
    def use_certificate_chain_file(self, certfile: Any) -> None:
        self._context.use_certificate_chain_file(path_bytes(certfile))  # type: ignore[arg-type]  # pybind11's std::string takes bytes too

    @_ssl_entry("pyopenssl.SSL.Context.use_certificate_file")
    @_require_not_used
    def use_certificate_file(self, certfile: Any, filetype: int = FILETYPE_PEM) -> None:
        certfile = path_bytes(certfile)
        if not isinstance(filetype, int):
            raise TypeError("filetype must be an integer")
        self._context.use_certificate_file(certfile, filetype == FILETYPE_ASN1)

    @_ssl_entry("pyopenssl.SSL.Context.use_certificate")
    @_require_not_used
    def use_certificate(self, cert: Any) -> None:
        self._context.use_certificate(core_certificate(cert, "cert"))

    @_ssl_entry("pyopenssl.SSL.Context.add_extra_chain_cert")
    @_require_not_used
    def add_extra_chain_cert(self, certobj: Any) -> None:
        self._context.add_extra_chain_cert(core_certificate(certobj, "certobj"))

    def _raise_passphrase_exception(self, exc: BaseException) -> None:
        if self._passphrase_helper is not None:
            self._passphrase_helper.raise_if_problem(Error)
        raise error_from_core(exc) from None

    @_ssl_entry("pyopenssl.SSL.Context.use_privatekey_file")
    @_require_not_used
    def use_privatekey_file(self, keyfile: Any, filetype: Any = _UNSPECIFIED) -> None:
        keyfile = path_bytes(keyfile)
        if filetype is _UNSPECIFIED:
            filetype = FILETYPE_PEM
        elif not isinstance(filetype, int):
            raise TypeError("filetype must be an integer")
        try:
            self._context.use_privatekey_file(keyfile, filetype == FILETYPE_ASN1)
        except _core.Error as exc:
            self._raise_passphrase_exception(exc)

    @_ssl_entry("pyopenssl.SSL.Context.use_privatekey")
    @_require_not_used
    def use_privatekey(self, pkey: Any) -> None:
        key = core_private_key(pkey)
        if key is None:
            raise Error([("SSL routines", "", "passed a null parameter")])
        self._context.use_privatekey(key)

    @_ssl_entry("pyopenssl.SSL.Context.check_privatekey")
    def check_privatekey(self) -> None:
        self._context.check_privatekey()

    @_ssl_entry("pyopenssl.SSL.Context.load_client_ca")
    @_require_not_used
    def load_client_ca(self, cafile: bytes) -> None:
        cafile = _text_to_bytes_and_warn("cafile", cafile)
        self._context.load_client_ca(path_bytes(cafile))  # type: ignore[arg-type]  # pybind11's std::string takes bytes too

    @_ssl_entry("pyopenssl.SSL.Context.set_session_id")
    @_require_not_used
    def set_session_id(self, buf: bytes) -> None:
        buf = _text_to_bytes_and_warn("buf", buf)
        self._context.set_session_id(buf)

    @_ssl_entry("pyopenssl.SSL.Context.set_session_cache_mode")
    @_require_not_used
    def set_session_cache_mode(self, mode: int) -> int:
        if not isinstance(mode, int):
            raise TypeError("mode must be an integer")
        # SSL_CTX_set_session_cache_mode keeps the low 32 bits (an int).
        return self._context.set_session_cache_mode(c_ulong(mode) & 0xFFFFFFFF)

    @_ssl_entry("pyopenssl.SSL.Context.get_session_cache_mode")
    def get_session_cache_mode(self) -> int:
        return self._context.session_cache_mode

    @_ssl_entry("pyopenssl.SSL.Context.set_verify")
    @_require_not_used
    def set_verify(self, mode: int, callback: Optional[Callable[..., Any]] = None) -> None:
        _install_verify(self, self._context, mode, callback)

    @_ssl_entry("pyopenssl.SSL.Context.set_verify_depth")
    @_require_not_used
    def set_verify_depth(self, depth: int) -> None:
        if not isinstance(depth, int):
            raise TypeError("depth must be an integer")
        self._context.set_verify_depth(c_int(depth))

    @_ssl_entry("pyopenssl.SSL.Context.get_verify_mode")
    def get_verify_mode(self) -> int:
        return self._context.verify_mode

    @_ssl_entry("pyopenssl.SSL.Context.get_verify_depth")
    def get_verify_depth(self) -> int:
        return self._context.verify_depth

    @_ssl_entry("pyopenssl.SSL.Context.load_tmp_dh")
    @_require_not_used
    def load_tmp_dh(self, dhfile: Any) -> None:
        self._context.load_tmp_dh(path_bytes(dhfile))  # type: ignore[arg-type]  # pybind11's std::string takes bytes too

    @_ssl_entry("pyopenssl.SSL.Context.set_tmp_ecdh")
    @_require_not_used
    def set_tmp_ecdh(self, curve: Any) -> None:
        # An OpenSSL.crypto._EllipticCurve or a cryptography EllipticCurve:
        # both carry the OpenSSL short name in `.name`.
        name = getattr(curve, "name", None)
        if not isinstance(name, str):
            raise TypeError("curve must be an EllipticCurve")
        name = _curve_oid(curve) or name
        try:
            self._context.set_ecdh_curve(name)
        except _core.Error as exc:
            # pyOpenSSL ignores SSL_CTX_set_tmp_ecdh's result, so a curve that
            # is no TLS group (an EC2N Oakley curve, say) changes nothing and
            # raises nothing; keep that, but let unknown names fail.
            if getattr(exc, "code", "") != "unsupported":
                raise

    @_ssl_entry("pyopenssl.SSL.Context.set_cipher_list")
    @_require_not_used
    def set_cipher_list(self, cipher_list: bytes) -> None:
        cipher_list = _text_to_bytes_and_warn("cipher_list", cipher_list)
        if not isinstance(cipher_list, bytes):
            raise TypeError("cipher_list must be a byte string.")
        self._context.set_cipher_list(cipher_list.decode("latin-1"))
        # OpenSSL always keeps the TLS 1.3 suites, so an unknown TLS 1.2
        # string "succeeds"; pyOpenSSL detects that case and raises.
        probe = _core.TlsConnection.memory(self._context)
        if probe.cipher_list() == _TLS13_ONLY:
            raise Error([("SSL routines", "", "no cipher match")])
        # Under strict, a weak list is refused when a handshake would use it
        # (cryptoshim.policy.before_handshake), not here: Twisted sets "ALL"
        # on a scratch Context only to list cipher names.
        _policy.check_cipher_list("pyopenssl.SSL.Context.set_cipher_list", self._context,
                                  cipher_list, refuse_at_handshake=True)

    @_ssl_entry("pyopenssl.SSL.Context.set_tls13_ciphersuites")
    @_require_not_used
    def set_tls13_ciphersuites(self, ciphersuites: bytes) -> None:
        if not isinstance(ciphersuites, bytes):
            raise TypeError("ciphersuites must be a byte string.")
        self._context.set_tls13_ciphersuites(ciphersuites.decode("latin-1"))

    @_ssl_entry("pyopenssl.SSL.Context.set_client_ca_list")
    @_require_not_used
    def set_client_ca_list(self, certificate_authorities: Any) -> None:
        names = []
        for ca_name in certificate_authorities:
            core_name = _client_ca_name(ca_name)
            names.append(core_name)
        self._context.set_client_ca_list(names)

    @_ssl_entry("pyopenssl.SSL.Context.add_client_ca")
    @_require_not_used
    def add_client_ca(self, certificate_authority: Any) -> None:
        self._context.add_client_ca(
            core_certificate(certificate_authority, "certificate_authority")
        )

    @_ssl_entry("pyopenssl.SSL.Context.set_timeout")
    @_require_not_used
    def set_timeout(self, timeout: int) -> int:
        if not isinstance(timeout, int):
            raise TypeError("timeout must be an integer")
        return self._context.set_timeout(c_long(timeout))

    @_ssl_entry("pyopenssl.SSL.Context.get_timeout")
    def get_timeout(self) -> int:
        return self._context.timeout

    @_ssl_entry("pyopenssl.SSL.Context.set_info_callback")
    @_require_not_used
    def set_info_callback(self, callback: Callable[..., Any]) -> None:
        _install_info(self, self._context, callback)

    @_ssl_entry("pyopenssl.SSL.Context.set_keylog_callback")
    @_require_not_used
    def set_keylog_callback(self, callback: Callable[..., Any]) -> None:
        self._keylog_callback = _with_connection(callback)
        self._context.set_keylog_callback(self._keylog_callback)

    @_ssl_entry("pyopenssl.SSL.Context.get_app_data")
    def get_app_data(self) -> Any:
        return self._app_data

    @_ssl_entry("pyopenssl.SSL.Context.set_app_data")
    @_require_not_used
    def set_app_data(self, data: Any) -> None:
        self._app_data = data

    @_ssl_entry("pyopenssl.SSL.Context.get_cert_store")
    def get_cert_store(self) -> Optional[X509Store]:
        return X509Store._from_core(self._context.cert_store())

    @_ssl_entry("pyopenssl.SSL.Context.set_options")
    @_require_not_used
    def set_options(self, options: int) -> int:
        if not isinstance(options, int):
            raise TypeError("options must be an integer")
        return self._context.set_options(c_ulong(options))

    @_ssl_entry("pyopenssl.SSL.Context.set_mode")
    @_require_not_used
    def set_mode(self, mode: int) -> int:
        if not isinstance(mode, int):
            raise TypeError("mode must be an integer")
        # SSL_CTX_set_mode ORs into a 32-bit mode: higher bits are dropped.
        return self._context.set_mode(c_ulong(mode) & 0xFFFFFFFF)

    @_ssl_entry("pyopenssl.SSL.Context.clear_mode")
    @_require_not_used
    def clear_mode(self, mode_to_clear: int) -> int:
        return self._context.clear_mode(mode_to_clear)

    @_ssl_entry("pyopenssl.SSL.Context.set_tlsext_servername_callback")
    @_require_not_used
    def set_tlsext_servername_callback(self, callback: Callable[..., Any]) -> None:
        # As pyOpenSSL 26.x: an exception goes to sys.excepthook and aborts
        # the handshake with a fatal alert (23.x let cffi print it and went on).
        @wraps(callback)
        def wrapper(core_conn: Any) -> bool:
            try:
                callback(_cb.owner(core_conn))
            except Exception:
                sys.excepthook(*sys.exc_info())
                return False
            return True

        self._tlsext_servername_callback = wrapper
        self._context.set_servername_callback(wrapper)

    @_ssl_entry("pyopenssl.SSL.Context.set_tlsext_use_srtp")
    @_require_not_used
    def set_tlsext_use_srtp(self, profiles: bytes) -> None:
        if not isinstance(profiles, bytes):
            raise TypeError("profiles must be a byte string.")
        self._context.set_tlsext_use_srtp(profiles.decode("latin-1"))

    @_ssl_entry("pyopenssl.SSL.Context.set_alpn_protos")
    @_require_not_used
    def set_alpn_protos(self, protos: List[bytes]) -> None:
        self._context.set_alpn_protos(_alpn_wire(protos))

    @_ssl_entry("pyopenssl.SSL.Context.set_alpn_select_callback")
    @_require_not_used
    def set_alpn_select_callback(self, callback: Callable[..., Any]) -> None:
        self._alpn_select_helper = _cb.ALPNSelectHelper(callback)
        self._alpn_select_callback = self._alpn_select_helper.callback
        self._context.set_alpn_select_callback(self._alpn_select_callback)

    @_ssl_entry("pyopenssl.SSL.Context.set_ocsp_server_callback")
    @_require_not_used
    def set_ocsp_server_callback(self, callback: Callable[..., Any], data: Any = None) -> None:
        helper = _cb.OCSPServerCallbackHelper(callback, data)
        self._ocsp_helper, self._ocsp_callback, self._ocsp_data = helper, helper.callback, data
        self._context.set_ocsp_server_callback(helper.callback)

    @_ssl_entry("pyopenssl.SSL.Context.set_ocsp_client_callback")
    @_require_not_used
    def set_ocsp_client_callback(self, callback: Callable[..., Any], data: Any = None) -> None:
        helper = _cb.OCSPClientCallbackHelper(callback, data)
        self._ocsp_helper, self._ocsp_callback, self._ocsp_data = helper, helper.callback, data
        self._context.set_ocsp_client_callback(helper.callback)

    @_ssl_entry("pyopenssl.SSL.Context.set_cookie_generate_callback")
    @_require_not_used
    def set_cookie_generate_callback(self, callback: Callable[..., Any]) -> None:
        self._cookie_generate_helper = _cb.CookieGenerateCallbackHelper(callback)
        self._context.set_cookie_generate_callback(self._cookie_generate_helper.callback)

    @_ssl_entry("pyopenssl.SSL.Context.set_cookie_verify_callback")
    @_require_not_used
    def set_cookie_verify_callback(self, callback: Callable[..., Any]) -> None:
        self._cookie_verify_helper = _cb.CookieVerifyCallbackHelper(callback)
        self._context.set_cookie_verify_callback(self._cookie_verify_helper.callback)


def _curve_oid(curve: Any) -> Optional[str]:
    """The dotted OID of a cryptography EllipticCurve (its names are SECG
    names such as secp256r1, which OpenSSL spells prime256v1)."""
    try:
        from cryptography.hazmat.primitives.asymmetric import ec
    except ImportError:  # pragma: no cover
        return None
    if not isinstance(curve, ec.EllipticCurve):
        return None
    for oid, curve_type in getattr(ec, "_OID_TO_CURVE", {}).items():
        if isinstance(curve, curve_type):
            return oid.dotted_string
    return None


def _client_ca_name(ca_name: Any) -> Any:
    if isinstance(ca_name, X509Name):
        return ca_name._name
    try:
        from cryptography import x509
    except ImportError:  # pragma: no cover
        x509 = None  # type: ignore[assignment]  # cryptography is optional
    if x509 is not None and isinstance(ca_name, x509.Name):
        return _core.X509Name.from_der(ca_name.public_bytes())
    raise TypeError(f"client CAs must be X509Name objects, not {type(ca_name).__name__} objects")


def _buffer_len(buf: Any) -> int:
    with memoryview(buf) as view:
        return view.nbytes


@_ssl_class("pyopenssl.SSL.Connection")
class Connection:
    """One TLS connection over a socket or, with socket=None, memory BIOs."""

    def __init__(self, context: Context, socket: Any = None) -> None:
        if not isinstance(context, Context):
            raise TypeError("context must be a Context instance")
        self._socket: Any
        if socket is None:
            ssl = _core.TlsConnection.memory(context._context)
            self._socket = None
        else:
            ssl = _core.TlsConnection.with_fd(context._context, _asFileDescriptor(socket))
            self._socket = socket
        ssl._owner = weakref.ref(self)  # type: ignore[attr-defined]  # a dynamic attribute
        self._ssl = ssl
        self._context = context
        context._used = True
        self._app_data = None
        self._policy_checked = False
        self._peer_check_pending = False
        # As pyOpenSSL: keep the helpers the context had at creation time.
        self._verify_helper = context._verify_helper
        self._verify_callback = context._verify_callback
        self._cookie_generate_helper = context._cookie_generate_helper
        self._cookie_verify_helper = context._cookie_verify_helper
        self._info_callback = None

    def __getattr__(self, name: str) -> Any:
        # Only reached for names not found normally: delegate to the socket.
        if name.startswith("__") or self.__dict__.get("_socket") is None:
            raise AttributeError(f"'{self.__class__.__name__}' object has no attribute '{name}'")
        return getattr(self._socket, name)

    # -- error handling ----------------------------------------------------
    def _check(self, io: Any) -> Any:
        # Runs after every I/O call, and a non-blocking peer retries recv on
        # WantReadError in a loop: the helpers are checked inline and
        # WantReadError raised here, one Python frame instead of three.
        ctx = self._context
        for helper in (self._verify_helper, ctx._verify_helper, ctx._alpn_select_helper,
                       ctx._ocsp_helper):
            if helper is not None:
                helper.raise_if_problem()
        if self._peer_check_pending:
            self._report_peer_check(io)
        status = io[0]
        if status != IO_OK:
            if status == IO_WANT_READ:
                raise WantReadError()
            raise_io(io)
        return io[1]

    def _report_peer_check(self, io: Any) -> None:
        """Once the core's WebPKI check of the server's chain has run (or the
        handshake finished): compat warns with its reason; under strict the
        handshake was refused, and the Error says why."""
        failure = _core.tls_peer_check_failure(self._ssl)
        if failure is None and not self._ssl.is_init_finished:
            return
        self._peer_check_pending = False
        failure = _policy.after_handshake(self._ssl, _HANDSHAKE_API)
        if failure is not None and io[0] != IO_OK and _policy.current() == "strict":
            raise Error([("SSL routines", "", "certificate verify failed: " + failure)])

    def _check_handshake_policy(self) -> None:
        """Runs cryptoshim.policy's handshake checks once per connection,
        before its first handshake step (do_handshake, or the first send or
        recv that starts one)."""
        if self._policy_checked:
            return
        self._policy_checked = True
        ssl = self._ssl
        if ssl.is_init_finished:
            return
        _policy.before_handshake(
            ssl, _HANDSHAKE_API, host=ssl.servername(),
            how_to_name="call Connection.set_tlsext_host_name(b'server.example') before the "
                        "handshake (pyOpenSSL has no other host-name API)",
            cipher_api_id="pyopenssl.SSL.Context.set_cipher_list")
        self._peer_check_pending = not ssl.is_server and bool(ssl.verify_mode & VERIFY_PEER)

    # -- context and configuration -------------------------------------------
    @_ssl_entry("pyopenssl.SSL.Connection.get_context")
    def get_context(self) -> Context:
        return self._context

    @_ssl_entry("pyopenssl.SSL.Connection.set_context")
    def set_context(self, context: Context) -> None:
        if not isinstance(context, Context):
            raise TypeError("context must be a Context instance")
        self._ssl.set_context(context._context)
        self._context = context
        context._used = True

    @_ssl_entry("pyopenssl.SSL.Connection.set_options")
    def set_options(self, options: int) -> int:
        if not isinstance(options, int):
            raise TypeError("options must be an integer")
        return self._ssl.set_options(c_ulong(options))

    @_ssl_entry("pyopenssl.SSL.Connection.get_servername")
    def get_servername(self) -> Optional[bytes]:
        return self._ssl.servername()

    @_ssl_entry("pyopenssl.SSL.Connection.set_verify")
    def set_verify(self, mode: int, callback: Optional[Callable[..., Any]] = None) -> None:
        _install_verify(self, self._ssl, mode, callback)

    @_ssl_entry("pyopenssl.SSL.Connection.get_verify_mode")
    def get_verify_mode(self) -> int:
        return self._ssl.verify_mode

    @_ssl_entry("pyopenssl.SSL.Connection.use_certificate")
    def use_certificate(self, cert: Any) -> None:
        self._ssl.use_certificate(core_certificate(cert, "cert"))

    @_ssl_entry("pyopenssl.SSL.Connection.use_privatekey")
    def use_privatekey(self, pkey: Any) -> None:
        key = core_private_key(pkey)
        if key is None:
            raise Error([("SSL routines", "", "passed a null parameter")])
        self._ssl.use_privatekey(key)

    @_ssl_entry("pyopenssl.SSL.Connection.set_ciphertext_mtu")
    def set_ciphertext_mtu(self, mtu: int) -> None:
        self._ssl.set_mtu(mtu)

    @_ssl_entry("pyopenssl.SSL.Connection.get_cleartext_mtu")
    def get_cleartext_mtu(self) -> int:
        return self._ssl.data_mtu()

    @_ssl_entry("pyopenssl.SSL.Connection.set_tlsext_host_name")
    def set_tlsext_host_name(self, name: bytes) -> None:
        if not isinstance(name, bytes):
            raise TypeError("name must be a byte string")
        elif b"\0" in name:
            raise TypeError("name must not contain NUL byte")
        self._ssl.set_tlsext_host_name(name)  # type: ignore[arg-type]  # pybind11's std::string takes bytes too

    @_ssl_entry("pyopenssl.SSL.Connection.pending")
    def pending(self) -> int:
        return self._ssl.pending()

    # -- I/O ------------------------------------------------------------------
    @_ssl_entry("pyopenssl.SSL.Connection.send")
    def send(self, buf: Any, flags: int = 0) -> int:
        buf = _text_to_bytes_and_warn("buf", buf)
        # check len(buf) rather than the buffer size, as pyOpenSSL does
        if len(buf) > 2147483647:
            raise ValueError("Cannot send more than 2**31-1 bytes at once.")
        if not self._policy_checked:
            self._check_handshake_policy()
        return self._check(self._ssl.write(buf, 0, _buffer_len(buf)))

    @_ssl_entry("pyopenssl.SSL.Connection.write")
    def write(self, buf: Any, flags: int = 0) -> int:
        """Alias of send."""
        return self.send(buf, flags)

    @_ssl_entry("pyopenssl.SSL.Connection.sendall")
    def sendall(self, buf: Any, flags: int = 0) -> int:
        buf = _text_to_bytes_and_warn("buf", buf)
        if not self._policy_checked:
            self._check_handshake_policy()
        left_to_send = _buffer_len(buf)
        total_sent = 0
        while left_to_send:
            # SSL_write takes an int: at most 2**31-1 bytes per call.
            result = self._check(
                self._ssl.write(buf, total_sent, min(left_to_send, 2147483647)))
            total_sent += result
            left_to_send -= result
        return total_sent

    @_ssl_entry("pyopenssl.SSL.Connection.recv")
    def recv(self, bufsiz: int, flags: Optional[int] = None) -> bytes:
        if bufsiz.__class__ is not int or not 0 <= bufsiz <= 0x7FFFFFFF:
            # pyOpenSSL's ffi.new("char[]", bufsiz), then SSL_read's C int.
            bufsiz = c_int(array_length(bufsiz))
        if not self._policy_checked:
            self._check_handshake_policy()
        peek = flags is not None and bool(flags & _socket.MSG_PEEK)
        return self._check(self._ssl.read(bufsiz, peek))

    @_ssl_entry("pyopenssl.SSL.Connection.read")
    def read(self, bufsiz: int, flags: Optional[int] = None) -> bytes:
        """Alias of recv."""
        return self.recv(bufsiz, flags)

    @_ssl_entry("pyopenssl.SSL.Connection.recv_into")
    def recv_into(self, buffer: Any, nbytes: Optional[int] = None,
                  flags: Optional[int] = None) -> int:
        if nbytes is None:
            nbytes = len(buffer)
        else:
            nbytes = min(nbytes, len(buffer))
        if not self._policy_checked:
            self._check_handshake_policy()
        peek = flags is not None and bool(flags & _socket.MSG_PEEK)
        if type(buffer) is bytearray:
            # The common case: decrypt straight into the caller's bytearray.
            return self._check(self._ssl.read_into(buffer, nbytes, peek))
        data = self._check(self._ssl.read(nbytes, peek))
        result = len(data)
        buffer[:result] = memoryview(data)
        return result

    @_ssl_entry("pyopenssl.SSL.Connection.bio_read")
    def bio_read(self, bufsiz: int) -> bytes:
        if not self._ssl.uses_memory_bio:
            raise TypeError("Connection sock was not None")
        if not isinstance(bufsiz, int):
            raise TypeError("bufsiz must be an integer")
        if not 0 <= bufsiz <= 0x7FFFFFFF:  # ffi.new("char[]", bufsiz), then BIO_read's int
            bufsiz = c_int(array_length(bufsiz))
        io = self._ssl.bio_read(bufsiz)
        status = io[0]
        if status != IO_OK:
            if status == IO_WANT_READ:  # nothing pending: every BIO pump ends here
                raise WantReadError()
            raise_io(io)
        return io[1]

    @_ssl_entry("pyopenssl.SSL.Connection.bio_write")
    def bio_write(self, buf: Any) -> int:
        buf = _text_to_bytes_and_warn("buf", buf)
        if not self._ssl.uses_memory_bio:
            raise TypeError("Connection sock was not None")
        io = self._ssl.bio_write(buf)
        if io[0] != IO_OK:
            raise_io(io)
        return io[1]

    @_ssl_entry("pyopenssl.SSL.Connection.renegotiate")
    def renegotiate(self) -> bool:
        if not self.renegotiate_pending():
            self._ssl.renegotiate()
            return True
        return False

    @_ssl_entry("pyopenssl.SSL.Connection.do_handshake")
    def do_handshake(self) -> None:
        if not self._policy_checked:
            self._check_handshake_policy()
        self._check(self._ssl.do_handshake())

    @_ssl_entry("pyopenssl.SSL.Connection.renegotiate_pending")
    def renegotiate_pending(self) -> bool:
        return self._ssl.renegotiate_pending()

    @_ssl_entry("pyopenssl.SSL.Connection.total_renegotiations")
    def total_renegotiations(self) -> int:
        return self._ssl.total_renegotiations()

    @_ssl_entry("pyopenssl.SSL.Connection.connect")
    def connect(self, addr: Any) -> None:
        self._ssl.set_connect_state()
        return self._socket.connect(addr)

    @_ssl_entry("pyopenssl.SSL.Connection.connect_ex")
    def connect_ex(self, addr: Any) -> int:
        connect_ex = self._socket.connect_ex
        self.set_connect_state()
        return connect_ex(addr)

    @_ssl_entry("pyopenssl.SSL.Connection.accept")
    def accept(self) -> Any:
        client, addr = self._socket.accept()
        conn = Connection(self._context, client)
        conn.set_accept_state()
        return (conn, addr)

    @_ssl_entry("pyopenssl.SSL.Connection.DTLSv1_listen")
    def DTLSv1_listen(self) -> None:
        io = self._ssl.dtls_listen()
        for helper in (self._cookie_generate_helper, self._cookie_verify_helper):
            if helper is not None:
                helper.raise_if_problem()
        if io[0] != IO_OK:
            raise_io(io)

    @_ssl_entry("pyopenssl.SSL.Connection.DTLSv1_get_timeout")
    def DTLSv1_get_timeout(self) -> Optional[float]:
        return self._ssl.dtls_timeout()

    @_ssl_entry("pyopenssl.SSL.Connection.DTLSv1_handle_timeout")
    def DTLSv1_handle_timeout(self) -> bool:
        return self._ssl.dtls_handle_timeout()

    @_ssl_entry("pyopenssl.SSL.Connection.bio_shutdown")
    def bio_shutdown(self) -> None:
        if not self._ssl.uses_memory_bio:
            raise TypeError("Connection sock was not None")
        self._ssl.bio_shutdown()

    @_ssl_entry("pyopenssl.SSL.Connection.shutdown")
    def shutdown(self) -> bool:
        io = self._ssl.shutdown()
        result = self._check(io)
        return result > 0

    @_ssl_entry("pyopenssl.SSL.Connection.get_cipher_list")
    def get_cipher_list(self) -> List[str]:
        return self._ssl.cipher_list()

    @_ssl_entry("pyopenssl.SSL.Connection.get_client_ca_list")
    def get_client_ca_list(self, as_cryptography: bool = False) -> List[Any]:
        names = [X509Name._from_core(n) for n in self._ssl.client_ca_list()]
        if as_cryptography:
            return [_to_crypto_name(n) for n in names]
        return names

    @_ssl_entry("pyopenssl.SSL.Connection.makefile")
    def makefile(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("Cannot make file object of OpenSSL.SSL.Connection")

    @_ssl_entry("pyopenssl.SSL.Connection.get_app_data")
    def get_app_data(self) -> Any:
        return self._app_data

    @_ssl_entry("pyopenssl.SSL.Connection.set_app_data")
    def set_app_data(self, data: Any) -> None:
        self._app_data = data

    @_ssl_entry("pyopenssl.SSL.Connection.get_shutdown")
    def get_shutdown(self) -> int:
        return self._ssl.get_shutdown()

    @_ssl_entry("pyopenssl.SSL.Connection.set_shutdown")
    def set_shutdown(self, state: int) -> None:
        if not isinstance(state, int):
            raise TypeError("state must be an integer")
        self._ssl.set_shutdown(c_int(state))

    @_ssl_entry("pyopenssl.SSL.Connection.get_state_string")
    def get_state_string(self) -> bytes:
        return self._ssl.state_string()

    @_ssl_entry("pyopenssl.SSL.Connection.server_random")
    def server_random(self) -> Optional[bytes]:
        return self._ssl.server_random()

    @_ssl_entry("pyopenssl.SSL.Connection.client_random")
    def client_random(self) -> Optional[bytes]:
        return self._ssl.client_random()

    @_ssl_entry("pyopenssl.SSL.Connection.master_key")
    def master_key(self) -> Optional[bytes]:
        return self._ssl.master_key()

    @_ssl_entry("pyopenssl.SSL.Connection.export_keying_material")
    def export_keying_material(self, label: bytes, olen: int,
                               context: Optional[bytes] = None) -> bytes:
        return self._ssl.export_keying_material(label, olen, context)

    @_ssl_entry("pyopenssl.SSL.Connection.sock_shutdown")
    def sock_shutdown(self, *args: Any, **kwargs: Any) -> None:
        return self._socket.shutdown(*args, **kwargs)

    @_ssl_entry("pyopenssl.SSL.Connection.get_certificate")
    def get_certificate(self, *, as_cryptography: bool = False) -> Any:
        cert = self._ssl.certificate()
        return None if cert is None else wrap_certificate(cert, as_cryptography)

    @_ssl_entry("pyopenssl.SSL.Connection.get_peer_certificate")
    def get_peer_certificate(self, *, as_cryptography: bool = False) -> Any:
        cert = self._ssl.peer_certificate()
        return None if cert is None else wrap_certificate(cert, as_cryptography)

    @_ssl_entry("pyopenssl.SSL.Connection.get_peer_cert_chain")
    def get_peer_cert_chain(self, *, as_cryptography: bool = False) -> Optional[List[Any]]:
        chain_ = self._ssl.peer_cert_chain()
        if chain_ is None:
            return None
        return [wrap_certificate(c, as_cryptography) for c in chain_]

    @_ssl_entry("pyopenssl.SSL.Connection.get_verified_chain")
    def get_verified_chain(self, *, as_cryptography: bool = False) -> Optional[List[Any]]:
        chain_ = self._ssl.verified_chain()
        if chain_ is None:
            return None
        return [wrap_certificate(c, as_cryptography) for c in chain_]

    @_ssl_entry("pyopenssl.SSL.Connection.want_read")
    def want_read(self) -> bool:
        return self._ssl.want_read()

    @_ssl_entry("pyopenssl.SSL.Connection.want_write")
    def want_write(self) -> bool:
        return self._ssl.want_write()

    @_ssl_entry("pyopenssl.SSL.Connection.set_accept_state")
    def set_accept_state(self) -> None:
        self._ssl.set_accept_state()

    @_ssl_entry("pyopenssl.SSL.Connection.set_connect_state")
    def set_connect_state(self) -> None:
        self._ssl.set_connect_state()

    @_ssl_entry("pyopenssl.SSL.Connection.get_session")
    def get_session(self) -> Optional[Session]:
        core_session = self._ssl.session()
        if core_session is None:
            return None
        pysession = Session.__new__(Session)
        pysession._session = core_session
        pysession._context = self._context
        return pysession

    @_ssl_entry("pyopenssl.SSL.Connection.set_session")
    def set_session(self, session: Session) -> None:
        if not isinstance(session, Session):
            raise TypeError("session must be a Session instance")
        if getattr(session, "_context", self._context) is not self._context:
            # 26.3.0 raises ValueError here; before, OpenSSL decided. An older
            # release (CRYPTOSHIM_PYOPENSSL_RELEASE) keeps that, except in
            # strict mode, and says what is coming.
            if _release.SESSION_CONTEXT_CHECK or _policy.current() == "strict":
                raise ValueError("session must have been created by a Connection using the "
                                 "same Context as this one")
            _cryptoshim_warn("set_session: the session was created by a Connection using "
                             "another Context (a ValueError from pyOpenSSL 26.3.0)",
                             DeprecationWarning, stacklevel=2)
        if session._session is None:
            raise Error([("SSL routines", "", "passed a null parameter")])
        self._ssl.set_session(session._session)

    @_ssl_entry("pyopenssl.SSL.Connection.get_finished")
    def get_finished(self) -> Optional[bytes]:
        return self._ssl.finished()

    @_ssl_entry("pyopenssl.SSL.Connection.get_peer_finished")
    def get_peer_finished(self) -> Optional[bytes]:
        return self._ssl.peer_finished()

    @_ssl_entry("pyopenssl.SSL.Connection.get_cipher_name")
    def get_cipher_name(self) -> Optional[str]:
        return self._ssl.cipher_name()

    @_ssl_entry("pyopenssl.SSL.Connection.get_cipher_bits")
    def get_cipher_bits(self) -> Optional[int]:
        return self._ssl.cipher_bits()

    @_ssl_entry("pyopenssl.SSL.Connection.get_cipher_version")
    def get_cipher_version(self) -> Optional[str]:
        return self._ssl.cipher_version()

    @_ssl_entry("pyopenssl.SSL.Connection.get_protocol_version_name")
    def get_protocol_version_name(self) -> str:
        return self._ssl.protocol_version_name()

    @_ssl_entry("pyopenssl.SSL.Connection.get_protocol_version")
    def get_protocol_version(self) -> int:
        return self._ssl.protocol_version()

    @_ssl_entry("pyopenssl.SSL.Connection.set_alpn_protos")
    def set_alpn_protos(self, protos: List[bytes]) -> None:
        self._ssl.set_alpn_protos(_alpn_wire(protos))

    @_ssl_entry("pyopenssl.SSL.Connection.get_alpn_proto_negotiated")
    def get_alpn_proto_negotiated(self) -> bytes:
        return self._ssl.alpn_selected()

    @_ssl_entry("pyopenssl.SSL.Connection.get_selected_srtp_profile")
    def get_selected_srtp_profile(self) -> bytes:
        return self._ssl.selected_srtp_profile()

    @_ssl_entry("pyopenssl.SSL.Connection.get_group_name")
    def get_group_name(self) -> Optional[str]:
        return self._ssl.group_name()

    @_ssl_entry("pyopenssl.SSL.Connection.request_ocsp")
    def request_ocsp(self) -> None:
        self._ssl.request_ocsp()

    @_ssl_entry("pyopenssl.SSL.Connection.set_info_callback")
    def set_info_callback(self, callback: Callable[..., Any]) -> None:
        _install_info(self, self._ssl, callback)


def _to_crypto_name(name: X509Name) -> Any:
    """A cryptography x509.Name with the same attributes, in order."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    oids = {"C": NameOID.COUNTRY_NAME, "ST": NameOID.STATE_OR_PROVINCE_NAME,
            "L": NameOID.LOCALITY_NAME, "O": NameOID.ORGANIZATION_NAME,
            "OU": NameOID.ORGANIZATIONAL_UNIT_NAME, "CN": NameOID.COMMON_NAME,
            "emailAddress": NameOID.EMAIL_ADDRESS, "serialNumber": NameOID.SERIAL_NUMBER,
            "DC": NameOID.DOMAIN_COMPONENT, "UID": NameOID.USER_ID}
    attributes = []
    for short_name, value in name.get_components():
        key = short_name.decode("ascii")
        if key not in oids:
            raise Error([("", "", f"cannot convert name attribute {key}")])
        attributes.append(x509.NameAttribute(oids[key], value.decode("utf-8")))
    return x509.Name(attributes)
