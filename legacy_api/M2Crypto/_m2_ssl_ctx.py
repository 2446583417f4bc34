"""The flat m2.ssl_ctx_* functions of M2Crypto's _ssl.i (and the method
getters ssl_ctx_new takes) over the core TlsContext that SSL.Context keeps
as `.ctx`. They share SSL.Context's helpers, so the policy is the same:
TLS 1.0 and weak cipher strings are reported (warning in compat, refused
under CRYPTOSHIM_POLICY=strict), and callbacks behave as Context's."""
import warnings
import weakref

from cryptoshim import _core
from cryptoshim import policy as _policy
from cryptoshim.exceptions import LegacyAPIWarning
from cryptoshim.legacy import entry_point
from M2Crypto import _m2_ssl_args as _args

__all__ = []  # filled by _export

_TLS1_VERSION = _core.TLS_CONSTANTS["TLS1_VERSION"]
# Python callbacks given to a context: the core holds them weakly.
_callbacks: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _export(fn):
    __all__.append(fn.__name__)
    return entry_point("m2crypto.m2." + fn.__name__)(fn)


def _ssl_error(message: str):
    from M2Crypto.SSL.SSLError import SSLError
    return SSLError(message)


def _keep(ctx, name: str, fn) -> None:
    _callbacks.setdefault(ctx, {})[name] = fn


class _SslMethod:
    """What m2.sslv23_method() / m2.tlsv1_method() return (an SSL_METHOD)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<SSL_METHOD {self.name}>"


_SSLV23 = _SslMethod("sslv23")
_TLSV1 = _SslMethod("tlsv1")


@_export
def sslv23_method():
    """TLS_method: every version the context allows (TLS 1.2+ by default)."""
    return _SSLV23


@_export
def tlsv1_method():
    warnings.warn("Function TLSv1_method has been deprecated.", DeprecationWarning, stacklevel=2)
    return _TLSV1


def _only_tls1(ctx, api_id: str) -> int:
    _policy.check_protocol_floor(api_id, _TLS1_VERSION, "TLS 1.0 requested")
    try:
        ctx.set_min_proto_version(_TLS1_VERSION)
        ctx.set_max_proto_version(_TLS1_VERSION)
    except _core.Error:
        return 0
    return 1


@_export
def ssl_ctx_new(method):
    if method is None:
        raise _ssl_error("null ssl method passed")
    if not isinstance(method, _SslMethod):
        raise TypeError("in method 'ssl_ctx_new', argument 1 of type 'SSL_METHOD *'")
    try:
        ctx = _core.TlsContext(_core.TlsMethod.TLS)
    except _core.Error as exc:
        raise _ssl_error(str(exc)) from None
    if method is _TLSV1:
        _only_tls1(ctx, "m2crypto.m2.ssl_ctx_new")
    return ctx


@_export
def ssl_ctx_set_tls1(ctx) -> int:
    """Limits the context to TLS 1.0 (SSL.Context('tlsv1')); 0 when this
    OpenSSL cannot."""
    return _only_tls1(_args.ctx(ctx, "ssl_ctx_set_tls1"), "m2crypto.m2.ssl_ctx_set_tls1")


@_export
def ssl_ctx_free(ctx) -> None:
    """The core frees the context with its last reference."""
    _args.ctx(ctx, "ssl_ctx_free")


@_export
def ssl_init(ssl_err, ssl_timeout_err) -> None:
    """OpenSSL 3 initialises itself; the drop-in always raises M2Crypto.SSL's
    SSLError and SSLTimeoutError."""


# -- certificates and keys -------------------------------------------------------
def _ssl_call(fn, *args) -> int:
    try:
        fn(*args)
    except _core.Error as exc:
        raise _ssl_error(str(exc)) from None
    return 1


def _path(value, func: str) -> str:
    return _args.text(value, func, 2, ctype="char *")


@_export
def ssl_ctx_use_x509(ctx, x509) -> int:
    ctx = _args.ctx(ctx, "ssl_ctx_use_x509")
    if x509 is None:
        raise _ssl_error("passed a null parameter")
    if not isinstance(x509, _core.Certificate):
        raise TypeError("in method 'ssl_ctx_use_x509', argument 2 of type 'X509 *'")
    return _ssl_call(ctx.use_certificate, x509)


@_export
def ssl_ctx_use_cert(ctx, file: str) -> int:
    ctx = _args.ctx(ctx, "ssl_ctx_use_cert")
    return _ssl_call(ctx.use_certificate_file, _path(file, "ssl_ctx_use_cert"), False)


@_export
def ssl_ctx_use_cert_chain(ctx, file: str) -> int:
    ctx = _args.ctx(ctx, "ssl_ctx_use_cert_chain")
    return _ssl_call(ctx.use_certificate_chain_file, _path(file, "ssl_ctx_use_cert_chain"))


@_export
def ssl_ctx_use_privkey(ctx, file: str) -> int:
    ctx = _args.ctx(ctx, "ssl_ctx_use_privkey")
    return _ssl_call(ctx.use_privatekey_file, _path(file, "ssl_ctx_use_privkey"), False)


@_export
def ssl_ctx_use_pkey_privkey(ctx, pkey) -> int:
    """`pkey` is an EVP.PKey's handle (PKey.pkey / _ptr())."""
    ctx = _args.ctx(ctx, "ssl_ctx_use_pkey_privkey")
    if pkey is None:
        raise ValueError("Received a NULL pointer.")
    if not isinstance(pkey, _core.Key):
        raise TypeError("in method 'ssl_ctx_use_pkey_privkey', argument 2 of type 'EVP_PKEY *'")
    return _ssl_call(ctx.use_privatekey, pkey)


@_export
def ssl_ctx_use_rsa_privkey(ctx, rsa) -> int:
    """`rsa` is an RSA object's handle (RSA.rsa)."""
    ctx = _args.ctx(ctx, "ssl_ctx_use_rsa_privkey")
    if rsa is None:
        raise ValueError("Received a NULL pointer.")
    key = getattr(rsa, "key", None)
    if not isinstance(key, _core.Key):
        raise TypeError("in method 'ssl_ctx_use_rsa_privkey', argument 2 of type 'RSA *'")
    return _ssl_call(ctx.use_privatekey, key)


@_export
def ssl_ctx_check_privkey(ctx) -> int:
    ctx = _args.ctx(ctx, "ssl_ctx_check_privkey")
    return _ssl_call(ctx.check_privatekey)


@_export
def ssl_ctx_passphrase_callback(ctx, pyfunc) -> None:
    """The passphrase callback for encrypted key files: pyfunc(rwflag)."""
    from M2Crypto.SSL.Context import _passphrase_wrapper
    ctx = _args.ctx(ctx, "ssl_ctx_passphrase_callback")
    wrapper = _passphrase_wrapper(_args.callback(pyfunc))
    _keep(ctx, "passphrase", wrapper)
    ctx.set_passwd_cb(wrapper)


# -- verification ------------------------------------------------------------------
@_export
def ssl_ctx_load_verify_locations(ctx, cafile, capath) -> int:
    ctx = _args.ctx(ctx, "ssl_ctx_load_verify_locations")
    cafile = _args.text(cafile, "ssl_ctx_load_verify_locations", 2, allow_none=True)
    capath = _args.text(capath, "ssl_ctx_load_verify_locations", 3, allow_none=True)
    if cafile is None and capath is None:
        return 0
    try:
        ctx.load_verify_locations(cafile, capath)
    except _core.Error:
        return 0
    return 1


@_export
def ssl_ctx_set_default_verify_paths(ctx) -> int:
    ctx = _args.ctx(ctx, "ssl_ctx_set_default_verify_paths")
    try:
        ctx.set_default_verify_paths()
    except _core.Error:
        return 0
    return 1


@_export
def ssl_ctx_set_verify_default(ctx, mode: int) -> None:
    ctx = _args.ctx(ctx, "ssl_ctx_set_verify_default")
    ctx.set_verify(_args.integer(mode, "ssl_ctx_set_verify_default", 2), None)
    _callbacks.get(ctx, {}).pop("verify", None)


@_export
def ssl_ctx_set_verify(ctx, mode: int, pyfunc) -> None:
    """SSL_CTX_set_verify with a Python callback, new style (ok, store) or
    old style (ctx, x509, errnum, depth, ok), as Context.set_verify."""
    from M2Crypto.SSL.Context import _verify_wrapper
    ctx = _args.ctx(ctx, "ssl_ctx_set_verify")
    mode = _args.integer(mode, "ssl_ctx_set_verify", 2)
    _args.callback(pyfunc)
    wrapper = _verify_wrapper(ctx, pyfunc)
    _keep(ctx, "verify", wrapper)
    ctx.set_verify(mode, wrapper)


@_export
def ssl_ctx_set_client_CA_list_from_file(ctx, ca_file: str) -> None:
    """The CA names a server asks client certificates from. As M2Crypto, an
    unreadable file leaves the list empty without an error."""
    ctx = _args.ctx(ctx, "ssl_ctx_set_client_CA_list_from_file")
    ca_file = _args.text(ca_file, "ssl_ctx_set_client_CA_list_from_file", 2)
    try:
        ctx.load_client_ca(ca_file)
    except _core.Error:
        pass


# -- callbacks and parameters ----------------------------------------------------------
@_export
def ssl_ctx_set_info_callback(ctx, pyfunc) -> None:
    """pyfunc(where, ret, ssl) on every handshake state change."""
    from M2Crypto.SSL.Context import _info_wrapper
    ctx = _args.ctx(ctx, "ssl_ctx_set_info_callback")
    wrapper = _info_wrapper(_args.callback(pyfunc))
    _keep(ctx, "info", wrapper)
    ctx.set_info_callback(wrapper)


@_export
def ssl_ctx_set_tmp_dh(ctx, dh) -> int:
    """DH parameters for DHE suites; `dh` is a DH object's handle (DH.dh)."""
    ctx = _args.ctx(ctx, "ssl_ctx_set_tmp_dh")
    if dh is None:
        raise ValueError("Received a NULL pointer.")
    from M2Crypto._m2_keyhandle import KeyHandle
    if isinstance(dh, KeyHandle):  # DH.dh / m2.dh_read_parameters(): the key it holds
        dh = dh.key
    if not isinstance(dh, _core.Key):
        raise TypeError("in method 'ssl_ctx_set_tmp_dh', argument 2 of type 'DH *'")
    try:
        _core.tls_context_set_tmp_dh(ctx, dh)
    except _core.Error:
        return 0
    return 1


@_export
def ssl_ctx_set_tmp_dh_callback(ctx, pyfunc) -> None:
    """OpenSSL 3 removed SSL_CTX_set_tmp_dh_callback: the callback is kept
    but never called; the context uses automatic DH parameters instead."""
    ctx = _args.ctx(ctx, "ssl_ctx_set_tmp_dh_callback")
    _args.callback(pyfunc)
    warnings.warn("m2.ssl_ctx_set_tmp_dh_callback: the callback is not called (OpenSSL 3 "
                  "removed it); automatic DH parameters are used instead", LegacyAPIWarning,
                  stacklevel=2)
    _core.tls_context_set_dh_auto(ctx)
    _keep(ctx, "tmp_dh", pyfunc)


@_export
def ssl_ctx_set_tmp_rsa(ctx, rsa) -> int:
    """Export-grade temporary RSA keys are gone since OpenSSL 1.1 (where
    SSL_CTX_set_tmp_rsa is defined as 1): accepted and ignored."""
    _args.ctx(ctx, "ssl_ctx_set_tmp_rsa")
    if rsa is None:
        raise ValueError("Received a NULL pointer.")
    return 1


@_export
def ssl_ctx_set_tmp_rsa_callback(ctx, pyfunc) -> None:
    """As ssl_ctx_set_tmp_rsa: OpenSSL never asks for a temporary RSA key."""
    _args.ctx(ctx, "ssl_ctx_set_tmp_rsa_callback")
    _args.callback(pyfunc)


class _ContextOwner:
    """What SSL.Context's _apply_cipher_list expects of a context."""

    _context_only = True

    def __init__(self, ctx) -> None:
        self.ctx = ctx


@_export
def ssl_ctx_set_cipher_list(ctx, ciphers: str) -> int:
    """1 when any cipher matched, 0 otherwise; TLS 1.3 suite names select
    TLS 1.3 suites. Weak suites are reported through the policy."""
    from M2Crypto.SSL.Context import _apply_cipher_list
    ctx = _args.ctx(ctx, "ssl_ctx_set_cipher_list")
    ciphers = _args.text(ciphers, "ssl_ctx_set_cipher_list", 2)
    return _apply_cipher_list(_ContextOwner(ctx), ciphers, "m2crypto.m2.ssl_ctx_set_cipher_list")


# -- sessions ----------------------------------------------------------------------------
@_export
def ssl_ctx_set_session_id_context(ctx, sid_ctx) -> int:
    ctx = _args.ctx(ctx, "ssl_ctx_set_session_id_context")
    view = _args.buffer(sid_ctx)
    try:
        ctx.set_session_id(view.tobytes())
    except _core.Error:
        return 0
    return 1


@_export
def ssl_ctx_add_session(ctx, sess) -> int:
    ctx = _args.ctx(ctx, "ssl_ctx_add_session")
    return int(_core.tls_context_add_session(ctx, _args.session(sess, "ssl_ctx_add_session", 2)))


@_export
def ssl_ctx_remove_session(ctx, sess) -> int:
    ctx = _args.ctx(ctx, "ssl_ctx_remove_session")
    sess = _args.session(sess, "ssl_ctx_remove_session", 2)
    return int(_core.tls_context_remove_session(ctx, sess))


@_export
def ssl_ctx_set_session_timeout(ctx, t: int) -> int:
    """Returns the previous timeout in seconds."""
    ctx = _args.ctx(ctx, "ssl_ctx_set_session_timeout")
    return ctx.set_timeout(_args.integer(t, "ssl_ctx_set_session_timeout", 2, "long"))


@_export
def ssl_ctx_get_session_timeout(ctx) -> int:
    return _args.ctx(ctx, "ssl_ctx_get_session_timeout").timeout


@_export
def ssl_ctx_set_session_cache_mode(ctx, mode: int) -> int:
    """Returns the previous mode."""
    ctx = _args.ctx(ctx, "ssl_ctx_set_session_cache_mode")
    return ctx.set_session_cache_mode(_args.integer(mode, "ssl_ctx_set_session_cache_mode", 2))


@_export
def ssl_ctx_get_session_cache_mode(ctx) -> int:
    return _args.ctx(ctx, "ssl_ctx_get_session_cache_mode").session_cache_mode


@_export
def ssl_ctx_set_cache_size(ctx, size: int) -> int:
    """Returns the previous size."""
    ctx = _args.ctx(ctx, "ssl_ctx_set_cache_size")
    size = _args.integer(size, "ssl_ctx_set_cache_size", 2, "long")
    return _core.tls_context_set_session_cache_size(ctx, size)

