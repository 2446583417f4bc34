"""SSL contexts (M2Crypto/SSL/Context.py) over the core's TlsContext.

`ctx` is the core context (where M2Crypto keeps the SWIG SSL_CTX pointer);
every Context registers itself in ctxmap() under id(ctx), which old-style
verify callbacks use to find it. Protocol versions below TLS 1.2 ('tlsv1',
or weak_crypto), weak cipher strings and client verification turned off are
reported through the policy (warning in compat, error under strict).
"""
import inspect
import os
import re
import sys
import warnings
from sys import getrefcount
from typing import Any, Callable, Optional, Union
from typing import overload as _overload
from weakref import WeakValueDictionary

from cryptoshim import _core
from cryptoshim import policy as _policy
from cryptoshim.exceptions import LegacyAPIWarning
from cryptoshim.legacy import entry_point, legacy_class, unsafe_operation
from cryptoshim.warning_mode import warn as cryptoshim_warn
from M2Crypto import BIO, X509, m2, util
from M2Crypto import _m2_pki_args as _a
from M2Crypto._common import mapper
from M2Crypto.SSL import cb
from M2Crypto.SSL._verify_step import VerifyStep
from M2Crypto.SSL.Session import Session
from M2Crypto.SSL.SSLError import SSLError

__all__ = ["ctxmap", "Context", "map"]

_errors = mapper(SSLError)
_K = _core.TLS_CONSTANTS
_TLS1_VERSION = _K["TLS1_VERSION"]


def _ep(api_id: str):
    return entry_point(api_id, errors=_errors)


class _ctxmap:
    singleton: Optional["_ctxmap"] = None

    def __init__(self) -> None:
        self._ctxmap: WeakValueDictionary[int, Any] = WeakValueDictionary()

    def __getitem__(self, key: int) -> Any:
        return self._ctxmap[key]

    def __setitem__(self, key: int, value: Any) -> None:
        self._ctxmap[key] = value

    def __delitem__(self, key: int) -> None:
        del self._ctxmap[key]


@entry_point("m2crypto.SSL.Context.ctxmap")
def ctxmap() -> _ctxmap:
    if _ctxmap.singleton is None:
        _ctxmap.singleton = _ctxmap()
    return _ctxmap.singleton


map = ctxmap

# OpenSSL's TLS 1.3 suite names: set_cipher_list routes them to the TLS 1.3
# list (SSL_CTX_set_ciphersuites), as OpenSSL's cipher strings cannot name them.
_TLS13_SUITE = re.compile(r"^TLS_[A-Z0-9_]+$")


@_overload
def _fs(path: None) -> None: ...
@_overload
def _fs(path: Union[str, bytes]) -> str: ...
def _fs(path: Union[str, bytes, None]) -> Optional[str]:
    if path is None:
        return None
    if isinstance(path, bytes):
        return os.fsdecode(path)
    if isinstance(path, (str, os.PathLike)):
        return os.fspath(path)
    raise TypeError(f"expected a file name (str or bytes), not {type(path).__name__}")


def _apply_cipher_list(owner, cipher_list: str, api_id: str) -> int:
    """Context/Connection.set_cipher_list: TLS 1.3 suite names go to the TLS
    1.3 list, the rest is an OpenSSL cipher string. 1 when any cipher could
    be selected, 0 otherwise (SSL_CTX_set_cipher_list's contract)."""
    if not isinstance(cipher_list, str):
        raise TypeError("cipher_list must be str")
    parts = [p for p in re.split(r"[:,\s]+", cipher_list) if p]
    tls13 = [p for p in parts if _TLS13_SUITE.match(p)]
    legacy = [p for p in parts if not _TLS13_SUITE.match(p)]
    is_ctx = hasattr(owner, "_context_only")
    try:
        if tls13:
            if is_ctx:
                owner.ctx.set_tls13_ciphersuites(":".join(tls13))
            else:
                _core.tls_set_connection_cipher_suites(owner.ssl, ":".join(tls13))
        if legacy or not tls13:
            text = ":".join(legacy) if legacy else cipher_list
            if is_ctx:
                owner.ctx.set_cipher_list(text)
            else:
                _core.tls_set_connection_cipher_list(owner.ssl, text)
    except _core.Error:
        return 0
    _policy.check_cipher_list(api_id, owner.ctx if is_ctx else owner.ssl, cipher_list)
    return 1


def _verify_style_is_new(callback: Callable) -> bool:
    """M2Crypto's rule (_lib.i ssl_verify_callback): a function with two
    parameters or a method with three (self included) is new style
    (ok, X509_Store_Context); other plain functions/methods are old style
    (ctx, x509, errnum, depth, ok); any other callable is new style.
    Counted entry points (cb.*) are judged by the function they wrap."""
    if inspect.ismethod(callback):
        code = getattr(inspect.unwrap(callback.__func__), "__code__", None)
        return code is not None and code.co_argcount == 3
    if inspect.isfunction(callback):
        return inspect.unwrap(callback).__code__.co_argcount == 2
    return True


def _verify_wrapper(ssl_ctx: Any, callback: Callable) -> Callable:
    """The core callback for Context.set_verify. Returns (ok, error): as in
    M2Crypto, accepting leaves the store's error as the callback left it
    (so SSL_get_verify_result still reports it) unless the callback
    cleared it with m2.x509_store_ctx_set_error. It holds the context's
    core object (`ssl_ctx`, what an old-style callback is given), not the
    Context, which keeps it in _callbacks: a cycle would keep the Context
    until the cyclic collector ran (the core holds callbacks weakly)."""
    new_style = _verify_style_is_new(callback)

    def verify(conn, cert, error: int, depth: int, ok: int):
        try:
            if new_style:
                store = VerifyStep(conn, cert, error, depth)
                result = callback(ok, store)
                # Any reference besides `store` and getrefcount's argument:
                # the callback kept the context.
                if getrefcount(store) > 2:
                    store.finish()
                error = store._error
            else:
                # No stacklevel, as upstream: the warning names this line.
                warnings.warn("Old style callback, use cb_func(ok, store) instead",  # noqa: B028
                              DeprecationWarning)
                result = callback(ssl_ctx, cert, error, depth, ok)
            return (bool(result), error)
        except Exception as exc:
            sys.stderr.write(f"M2Crypto.SSL: verify callback raised {exc!r}\n")
            return False
    return verify


def _info_wrapper(callback: Callable) -> Callable:
    def info(conn, where: int, ret: int) -> None:
        try:
            callback(where, ret, conn)
        except Exception as exc:
            sys.stderr.write(f"M2Crypto.SSL: info callback raised {exc!r}\n")
    return info


def _passphrase_wrapper(callback: Callable) -> Callable:
    def passphrase(maxlen: int, rwflag: bool) -> Optional[bytes]:
        try:
            value = callback(rwflag)
        except Exception:
            return None
        if value is None:
            return None
        return value.encode() if isinstance(value, str) else bytes(value)
    return passphrase


@legacy_class("m2crypto.SSL.Context", errors=_errors)
class Context:
    """'Context' for SSL connections."""

    _context_only = True

    @staticmethod
    @_ep("m2crypto.SSL.Context.m2_ssl_ctx_free")
    def m2_ssl_ctx_free(ctx) -> None:
        """The core frees the context with its last reference."""

    def __init__(self, protocol: str = "tls", weak_crypto: Optional[int] = None,
                 post_connection_check: Optional[Callable] = None) -> None:
        if not isinstance(protocol, str):
            raise TypeError("protocol must be str")
        if protocol not in ("tls", "sslv23", "tlsv1"):
            raise ValueError(f"no such protocol '{protocol}'")
        self.ctx = _core.TlsContext(_core.TlsMethod.TLS)
        if protocol == "tlsv1":
            warnings.warn("Function TLSv1_method has been deprecated.", DeprecationWarning,
                          stacklevel=2)
            _policy.check_protocol_floor("m2crypto.SSL.Context", _TLS1_VERSION, "protocol 'tlsv1'")
            try:
                self.ctx.set_min_proto_version(_TLS1_VERSION)
                self.ctx.set_max_proto_version(_TLS1_VERSION)
            except _core.Error:
                raise ValueError("TLS 1.0 is not supported by this OpenSSL") from None
        self.allow_unknown_ca: Union[int, bool] = 0
        self.post_connection_check = post_connection_check
        self._callbacks: dict = {}
        ctxmap()[id(self.ctx)] = self
        _core.tls_context_set_session_cache_size(self.ctx, 128)
        if weak_crypto is None and protocol in ("sslv23", "tls"):
            self.ctx.set_options(m2.SSL_OP_ALL | m2.SSL_OP_NO_SSLv2 | m2.SSL_OP_NO_SSLv3
                                 | m2.SSL_OP_NO_TLSv1 | m2.SSL_OP_NO_TLSv1_1)
        elif weak_crypto is not None:
            # M2Crypto leaves TLS 1.0/1.1 enabled; OpenSSL 3's defaults still
            # refuse them at security level 1, but the caller asked for them.
            _policy.check_protocol_floor("m2crypto.SSL.Context", _TLS1_VERSION,
                                         "weak_crypto: TLS 1.0 and 1.1 are not disabled")

    def __del__(self) -> None:
        if getattr(self, "ctx", None) is not None:
            self.m2_ssl_ctx_free(self.ctx)

    @_ep("m2crypto.SSL.Context.close")
    def close(self) -> None:
        try:
            del ctxmap()[id(self.ctx)]
        except KeyError:
            pass

    def _load_key_pair(self, certfile, keyfile, callback, chain: bool) -> None:
        if not callable(callback):
            raise TypeError("callback must be callable")
        self._callbacks["passphrase"] = _passphrase_wrapper(callback)
        self.ctx.set_passwd_cb(self._callbacks["passphrase"])
        cert = _fs(certfile)
        if cert is None:
            raise TypeError("certfile must not be None")
        key = _fs(keyfile) if keyfile else cert
        if chain:
            self.ctx.use_certificate_chain_file(cert)
        else:
            self.ctx.use_certificate_file(cert, False)
        self.ctx.use_privatekey_file(key, False)
        try:
            self.ctx.check_privatekey()
        except _core.Error:
            raise ValueError("public/private key mismatch") from None

    @_ep("m2crypto.SSL.Context.load_cert")
    def load_cert(self, certfile: Union[str, bytes], keyfile: Union[str, bytes, None] = None,
                  callback: Callable = util.passphrase_callback) -> None:
        self._load_key_pair(certfile, keyfile, callback, chain=False)

    @_ep("m2crypto.SSL.Context.load_cert_chain")
    def load_cert_chain(self, certchainfile: Union[str, bytes],
                        keyfile: Union[str, bytes, None] = None,
                        callback: Callable = util.passphrase_callback) -> None:
        self._load_key_pair(certchainfile, keyfile, callback, chain=True)

    @_ep("m2crypto.SSL.Context.set_client_CA_list_from_file")
    def set_client_CA_list_from_file(self, cafile: Union[str, bytes]) -> None:
        self.ctx.load_client_ca(_fs(cafile))

    load_client_CA = load_client_ca = set_client_CA_list_from_file

    @_ep("m2crypto.SSL.Context.load_verify_locations")
    def load_verify_locations(self, cafile: Union[str, bytes, None] = None,
                              capath: Union[str, bytes, None] = None) -> int:
        if cafile is None and capath is None:
            raise ValueError("cafile and capath can not both be None.")
        try:
            self.ctx.load_verify_locations(_fs(cafile), _fs(capath))
        except _core.Error:
            return 0
        return 1

    load_verify_info = load_verify_locations

    @_ep("m2crypto.SSL.Context.set_session_id_ctx")
    def set_session_id_ctx(self, id: bytes) -> None:
        if not isinstance(id, (bytes, bytearray)):
            raise TypeError("id must be bytes")
        self.ctx.set_session_id(bytes(id))

    @_ep("m2crypto.SSL.Context.set_default_verify_paths")
    def set_default_verify_paths(self) -> int:
        try:
            self.ctx.set_default_verify_paths()
        except _core.Error:
            raise ValueError("Cannot use default SSL certificate store!") from None
        return 1

    @_ep("m2crypto.SSL.Context.set_allow_unknown_ca")
    def set_allow_unknown_ca(self, ok: Union[int, bool]) -> None:
        if ok:
            unsafe_operation("m2crypto.SSL.Context.set_allow_unknown_ca",
                             "peer certificates from unknown CAs are accepted")
        self.allow_unknown_ca = ok

    @_ep("m2crypto.SSL.Context.get_allow_unknown_ca")
    def get_allow_unknown_ca(self) -> Union[int, bool]:
        return self.allow_unknown_ca

    @_ep("m2crypto.SSL.Context.set_verify")
    def set_verify(self, mode: int, depth: int, callback: Optional[Callable] = None) -> None:
        # M2Crypto: ssl_ctx_set_verify[_default](ctx, mode[, callback]), then
        # ssl_ctx_set_verify_depth(ctx, depth); SWIG converts each int there.
        if callback is None:
            mode = _a.check_int(mode, "ssl_ctx_set_verify_default", 2)
            self._callbacks.pop("verify", None)
            self.ctx.set_verify(mode, None)
        else:
            mode = _a.check_int(mode, "ssl_ctx_set_verify", 2)
            if not callable(callback):
                raise TypeError("callback must be callable")
            self._callbacks["verify"] = _verify_wrapper(self.ctx, callback)
            self.ctx.set_verify(mode, self._callbacks["verify"])
        self.ctx.set_verify_depth(_a.check_int(depth, "ssl_ctx_set_verify_depth", 2))

    @_ep("m2crypto.SSL.Context.get_verify_mode")
    def get_verify_mode(self) -> int:
        return self.ctx.verify_mode

    @_ep("m2crypto.SSL.Context.get_verify_depth")
    def get_verify_depth(self) -> int:
        return self.ctx.verify_depth

    @_ep("m2crypto.SSL.Context.set_tmp_dh")
    def set_tmp_dh(self, dhpfile: Union[str, bytes]) -> int:
        path = _fs(dhpfile)
        if not os.path.exists(path):
            raise BIO.BIOError(f"could not open {path!r}")
        try:
            self.ctx.load_tmp_dh(path)
        except _core.Error:
            raise BIO.BIOError("Could not read DH parameters") from None
        return 1

    @_ep("m2crypto.SSL.Context.set_tmp_dh_callback")
    def set_tmp_dh_callback(self, callback: Optional[Callable] = None) -> None:
        """OpenSSL 3 deprecates SSL_CTX_set_tmp_dh_callback: the callback is
        accepted but never called; the context uses automatic DH parameters
        (SSL_CTX_set_dh_auto, sized to the certificate key) instead."""
        if callback is None:
            return
        if not callable(callback):
            raise TypeError("callback must be callable")
        cryptoshim_warn("Context.set_tmp_dh_callback: the callback is not called (OpenSSL 3 "
                        "removed it); automatic DH parameters are used instead "
                        "(use Context.set_tmp_dh for fixed parameters)",
                        LegacyAPIWarning, stacklevel=2)
        _core.tls_context_set_dh_auto(self.ctx)
        self._callbacks["tmp_dh"] = callback

    @_ep("m2crypto.SSL.Context.set_tmp_rsa")
    def set_tmp_rsa(self, rsa) -> int:
        """Ephemeral RSA (export cipher suites) is gone since OpenSSL 1.1.0,
        where SSL_CTX_set_tmp_rsa is a macro that does nothing and returns 1."""
        from M2Crypto import RSA
        if not isinstance(rsa, RSA.RSA):
            raise TypeError(f"Expected an instance of RSA.RSA, got {rsa}.")
        return 1

    @_ep("m2crypto.SSL.Context.set_tmp_rsa_callback")
    def set_tmp_rsa_callback(self, callback: Optional[Callable] = None) -> None:
        """As SSL_CTX_set_tmp_rsa_callback since OpenSSL 1.1.0: never called."""

    @_ep("m2crypto.SSL.Context.set_tmp_ecdh")
    def set_tmp_ecdh(self, curve: str) -> int:
        self.ctx.set_ecdh_curve(curve.decode() if isinstance(curve, bytes) else curve)
        return 1

    @_ep("m2crypto.SSL.Context.set_info_callback")
    def set_info_callback(self, callback: Callable = cb.ssl_info_callback) -> None:
        if not callable(callback):
            raise TypeError("callback must be callable")
        self._callbacks["info"] = _info_wrapper(callback)
        self.ctx.set_info_callback(self._callbacks["info"])

    @_ep("m2crypto.SSL.Context.set_cipher_list")
    def set_cipher_list(self, cipher_list: str) -> int:
        if isinstance(cipher_list, bytes):
            cipher_list = cipher_list.decode("ascii")
        return _apply_cipher_list(self, cipher_list, "m2crypto.SSL.Context.set_cipher_list")

    @_ep("m2crypto.SSL.Context.add_session")
    def add_session(self, session: Session) -> int:
        return int(_core.tls_context_add_session(self.ctx, session._ptr()))

    @_ep("m2crypto.SSL.Context.remove_session")
    def remove_session(self, session: Session) -> int:
        return int(_core.tls_context_remove_session(self.ctx, session._ptr()))

    @_ep("m2crypto.SSL.Context.get_session_timeout")
    def get_session_timeout(self) -> int:
        return self.ctx.timeout

    @_ep("m2crypto.SSL.Context.set_session_timeout")
    def set_session_timeout(self, timeout: int) -> int:
        return self.ctx.set_timeout(_a.check_int(timeout, "ssl_ctx_set_session_timeout", 2, "long"))

    @_ep("m2crypto.SSL.Context.set_session_cache_mode")
    def set_session_cache_mode(self, mode: int) -> int:
        return self.ctx.set_session_cache_mode(
            _a.check_int(mode, "ssl_ctx_set_session_cache_mode", 2))

    @_ep("m2crypto.SSL.Context.get_session_cache_mode")
    def get_session_cache_mode(self) -> int:
        return self.ctx.session_cache_mode

    @_ep("m2crypto.SSL.Context.set_options")
    def set_options(self, op: int) -> int:
        # M2Crypto passes a C long (so -1 sets every option) and returns the
        # new options as a long.
        op = _a.check_int(op, "ssl_ctx_set_options", 2, "long")
        options = self.ctx.set_options(op & 0xFFFFFFFFFFFFFFFF)
        return options - (1 << 64) if options >= 1 << 63 else options

    @_ep("m2crypto.SSL.Context.get_cert_store")
    def get_cert_store(self) -> X509.X509_Store:
        return X509.X509_Store(self.ctx.cert_store())
