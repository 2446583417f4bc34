"""Verification: X509_Store (trusted certificates and CRLs) and
X509_Store_Context (one verification, with the strict WebPKI profile on top
of OpenSSL's verdict)."""
from __future__ import annotations

from typing import Any, Callable, List, Optional

from cryptoshim.x509_verification import X509_V_ERR_APPLICATION_VERIFICATION, legacy_chain_policy
from M2Crypto import _m2_pki_args as _a
from M2Crypto._common import core
from M2Crypto._common import native_free as _native_free
from M2Crypto.X509._cert import X509
from M2Crypto.X509._common import V_OK, X509Error, _class, _ep
from M2Crypto.X509._crl import CRL, CRL_Stack
from M2Crypto.X509._stack import X509_Stack


@_ep("m2crypto.X509.x509_store_default_cb")
def x509_store_default_cb(ok: int, ctx) -> int:
    return ok


@_class("m2crypto.X509.X509_Store")
class X509_Store:
    """Trusted certificates and CRLs for verification."""
    m2_x509_store_free = _native_free("m2crypto.X509.X509_Store.m2_x509_store_free")

    def __init__(self, store=None, _pyfree: int = 0) -> None:
        if store is None:
            store, _pyfree = core.Store(), 1
        elif not isinstance(store, core.Store):
            raise X509Error("'store' type error")
        self._store = store
        self._pyfree = _pyfree
        self._verify_cb: Optional[Callable] = None

    @property
    def store(self):
        return self._store

    def _ptr(self):
        return self._store

    @_ep("m2crypto.X509.X509_Store.load_info")
    def load_info(self, file: str) -> int:
        if isinstance(file, bytes):
            file = file.decode()
        if not isinstance(file, str):
            raise TypeError("file must be a path")
        self._store.load_locations(file, None)
        return 1

    load_locations = load_info

    @_ep("m2crypto.X509.X509_Store.add_x509")
    def add_x509(self, x509: X509) -> int:
        if not isinstance(x509, X509):
            raise X509Error("x509 must be an X509.X509")
        self._store.add_cert(x509._ptr())
        return 1

    add_cert = add_x509

    @_ep("m2crypto.X509.X509_Store.add_crl")
    def add_crl(self, crl: CRL) -> int:
        if not isinstance(crl, CRL):
            raise X509Error("crl must be an X509.CRL")
        self._store.add_crl(crl._ptr())
        return 1

    @_ep("m2crypto.X509.X509_Store.set_verify_cb")
    def set_verify_cb(self, callback: Optional[Callable] = None) -> None:
        """The callback is told of a failed verification (ok=0) and may not
        override it: verification here fails closed."""
        if callback is None:
            callback = x509_store_default_cb
        if not callable(callback):
            raise X509Error("set_verify(): callback is not callable")
        self._verify_cb = callback

    @_ep("m2crypto.X509.X509_Store.set_flags")
    def set_flags(self, flags: int) -> int:
        self._store.set_flags(_a.store_flags(flags))
        return 1


@_class("m2crypto.X509.X509_Store_Context")
class X509_Store_Context:
    """One verification of a certificate against a store."""
    m2_x509_store_ctx_free = _native_free("m2crypto.X509.X509_Store_Context.m2_x509_store_ctx_free")
    _ssl: Any  # the TLS connection, when SSL.Context's verify callback made it

    # A fresh context's state, as class attributes: __init__ and each verify
    # then set only what changes (a verify is one C call, bench row
    # "X509_Store_Context verify 3-cert chain").
    _pyfree = 1
    _store: Optional[X509_Store] = None
    _cert: Optional[X509] = None
    _untrusted: Any = ()
    _crls: Any = ()
    _error = V_OK
    _depth = 0
    _current: Optional[X509] = None
    _chain_list: Optional[List] = None
    _verified: Any = None  # the last verify's _core.VerifiedChain
    #: The WebPKI rule a chain broke under CRYPTOSHIM_POLICY=strict.
    policy_error: Optional[str] = None

    def __init__(self, x509_store_ctx=None, _pyfree: int = 0) -> None:
        if x509_store_ctx is not None:
            raise X509Error("X509_Store_Context cannot wrap a foreign context")

    @property
    def _chain(self) -> List:
        """The chain the last verify built (X509_STORE_CTX_get1_chain), made
        into _core.Certificate objects only when asked for."""
        if self._chain_list is None:
            verified = self._verified
            self._chain_list = [] if verified is None else verified.certificates()
        return self._chain_list

    @_chain.setter
    def _chain(self, chain: List) -> None:
        self._chain_list = chain

    @property
    def ctx(self):
        """M2Crypto's X509_STORE_CTX handle, which the flat
        m2.x509_store_ctx_* take: this object itself. A property, not an
        attribute set to self: that cycle kept each verify callback's store
        context, and the TLS connection it names, alive until the cyclic
        GC ran (many connections' SSL objects at once on a busy client)."""
        return self.__dict__.get("_ctx_handle", self)

    @ctx.setter
    def ctx(self, value) -> None:
        self.__dict__["_ctx_handle"] = value

    def _ptr(self):
        return self

    @_ep("m2crypto.X509.X509_Store_Context.get_current_cert")
    def get_current_cert(self) -> Optional[X509]:
        return self._current

    @_ep("m2crypto.X509.X509_Store_Context.get_error")
    def get_error(self) -> int:
        return self._error

    @_ep("m2crypto.X509.X509_Store_Context.get_error_depth")
    def get_error_depth(self) -> int:
        return self._depth

    @_ep("m2crypto.X509.X509_Store_Context.get1_chain")
    def get1_chain(self) -> X509_Stack:
        return X509_Stack(self._chain, 1, 1)

    @_ep("m2crypto.X509.X509_Store_Context.init")
    def init(self, store: X509_Store, cert: X509, untrusted: Optional[X509_Stack] = None) -> None:
        if not isinstance(store, X509_Store):
            raise X509Error("store must be an X509.X509_Store")
        if not isinstance(cert, X509):
            raise X509Error("cert must be an X509.X509")
        if untrusted is not None and not isinstance(untrusted, X509_Stack):
            raise X509Error("untrusted must be an X509.X509_Stack")
        self._store, self._cert = store, cert
        # The stack's own list of X509s, read by the verify (as M2Crypto's
        # X509_STORE_CTX holds the STACK_OF(X509) itself): no list of core
        # certificates made per init. An empty stack is no stack, as
        # M2Crypto's `if untrusted:` makes it (len(pystack), without calling
        # X509_Stack.__len__ per init).
        pystack = None if untrusted is None else untrusted.pystack
        self._untrusted = pystack if pystack else ()

    @_ep("m2crypto.X509.X509_Store_Context.add_crls")
    def add_crls(self, crls: CRL_Stack) -> None:
        if not isinstance(crls, CRL_Stack):
            raise X509Error("crls must be an X509.CRL_Stack")
        self._crls = crls._ptr()

    @_ep("m2crypto.X509.X509_Store_Context.verify_cert")
    def verify_cert(self) -> int:
        store, cert = self._store, self._cert
        if store is None or cert is None:
            raise X509Error("X509_Store_Context is not initialised (call init first)")
        # One C call: X509_verify_cert, then compat's weak-cryptography look.
        error, depth, _message, current, verified, weak = core.legacy_verify(
            store._store, cert._cert, self._untrusted, self._crls)
        self._error, self._depth, self._verified = error, depth, verified
        self._chain_list = None
        self.policy_error = None
        if error == V_OK:
            # OpenSSL's last check is the leaf's: it is the current certificate.
            self._current = cert
            if weak is None:
                return 1  # compat, nothing weak: legacy_chain_policy would return None
            # CRYPTOSHIM_POLICY=strict adds the WebPKI profile to OpenSSL's
            # verdict; a violation fails like any verification error, with
            # X509_V_ERR_APPLICATION_VERIFICATION at depth 0 and the rule in
            # ``policy_error``. compat warns on weak cryptography only.
            problem = legacy_chain_policy(
                self._chain, "m2crypto.X509.X509_Store_Context.verify_cert",
                validation_time=store._store.time)
            if problem is None:
                return 1
            self.policy_error = f"WebPKI policy: {problem}"
            self._error, self._depth = X509_V_ERR_APPLICATION_VERIFICATION, 0
            self._current = self._cert
        else:
            self._current = X509._from_core(current) if current is not None else None
        callback = store._verify_cb
        if callback is not None:
            callback(0, self)  # informational: fails closed whatever it returns
        return 0
