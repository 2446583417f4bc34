"""m2.x509_store_* and x509_store_ctx_* / x509_verify_cert.

An X509_STORE* is a core Store (what X509.X509_Store holds); an
X509_STORE_CTX* is an X509.X509_Store_Context (its .ctx and _ptr() are the
object itself), so m2.x509_store_ctx_* and the class methods share one
verification, including CRYPTOSHIM_POLICY=strict's WebPKI rules. A verify
callback set with m2.x509_store_set_verify_cb is told of failures and, as
in the class layer, cannot turn them into success."""
from __future__ import annotations

import weakref
from typing import Callable, Optional

from cryptoshim import _core as _c
from cryptoshim.legacy import entry_point as _entry_point
from M2Crypto import _m2_pki_args as _a
from M2Crypto._m2_stack import CertStack, CrlStack, _stack, cert_stack
from M2Crypto._m2_x509 import cert, x509_error

__all__ = ["x509_store_new", "x509_store_free", "x509_store_add_cert", "x509_store_add_crl",
           "x509_store_load_locations", "x509_store_set_flags", "x509_store_set_verify_cb",
           "x509_store_ctx_new", "x509_store_ctx_free", "x509_store_ctx_init",
           "x509_store_ctx_set0_crls", "x509_store_ctx_get_current_cert",
           "x509_store_ctx_get_error_depth", "x509_store_ctx_get1_chain",
           "x509_store_ctx_get_app_data", "x509_verify_cert"]

# The callback of each core Store set through m2 (the class layer keeps its
# own on X509.X509_Store); weak keys, so a store's callback dies with it.
_callbacks: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _store(store, func: str, argno: int = 1) -> _c.Store:
    return _a.check(store, _c.Store, func, argno, "X509_STORE *")


def _ctx(ctx, func: str, argno: int = 1):
    from M2Crypto import X509
    return _a.check(ctx, X509.X509_Store_Context, func, argno, "X509_STORE_CTX *")


@_entry_point("m2crypto.m2.x509_store_new")
def x509_store_new() -> _c.Store:
    return _c.Store()


@_entry_point("m2crypto.m2.x509_store_free")
def x509_store_free(store) -> None:
    _store(store, "x509_store_free")


@_entry_point("m2crypto.m2.x509_store_add_cert", errors=x509_error)
def x509_store_add_cert(store, x) -> int:
    _store(store, "x509_store_add_cert").add_cert(cert(x, "x509_store_add_cert", 2))
    return 1


@_entry_point("m2crypto.m2.x509_store_add_crl", errors=x509_error)
def x509_store_add_crl(store, crl) -> int:
    s = _store(store, "x509_store_add_crl")
    s.add_crl(_a.check(crl, _c.Crl, "x509_store_add_crl", 2, "X509_CRL *"))
    return 1


@_entry_point("m2crypto.m2.x509_store_load_locations", errors=x509_error)
def x509_store_load_locations(store, cafile) -> int:
    s = _store(store, "x509_store_load_locations")
    path = _a.check_str(cafile, "x509_store_load_locations", 2, "char const *")
    s.load_locations(path, None)
    return 1


@_entry_point("m2crypto.m2.x509_store_set_flags")
def x509_store_set_flags(store, flags) -> int:
    try:
        s = _store(store, "x509_store_set_flags")
    except TypeError:
        raise _a.overload_error("x509_store_set_flags") from None
    s.set_flags(_a.store_flags(flags))
    return 1


@_entry_point("m2crypto.m2.x509_store_set_verify_cb")
def x509_store_set_verify_cb(store, pyfunc: Callable) -> None:
    s = _store(store, "x509_store_set_verify_cb")
    if not callable(pyfunc):
        raise TypeError("expected a callable")
    _callbacks[s] = pyfunc


@_entry_point("m2crypto.m2.x509_store_ctx_new")
def x509_store_ctx_new():
    from M2Crypto import X509
    return X509.X509_Store_Context()


@_entry_point("m2crypto.m2.x509_store_ctx_free")
def x509_store_ctx_free(ctx) -> None:
    _ctx(ctx, "x509_store_ctx_free")


@_entry_point("m2crypto.m2.x509_store_ctx_init")
def x509_store_ctx_init(ctx, store, x509, stack) -> int:
    """X509_STORE_CTX_init: the store, the certificate to verify (may be
    None until set) and the untrusted intermediates (may be None)."""
    from M2Crypto import X509
    context = _ctx(ctx, "x509_store_ctx_init")
    s = _store(store, "x509_store_ctx_init", 2)
    target = None if x509 is None else cert(x509, "x509_store_ctx_init", 3)
    untrusted = cert_stack(stack, "x509_store_ctx_init", 4, nullable=True)
    wrapper = X509.X509_Store(s, 0)
    wrapper._verify_cb = _callbacks.get(s)
    context._store = wrapper
    context._cert = None if target is None else X509.X509._from_core(target)
    context._untrusted = list(untrusted)
    context._error, context._depth, context._current, context._chain = 0, 0, None, []
    return 1


@_entry_point("m2crypto.m2.x509_store_ctx_set0_crls")
def x509_store_ctx_set0_crls(ctx, crls) -> None:
    context = _ctx(ctx, "x509_store_ctx_set0_crls")
    context._crls = [] if crls is None else list(
        _stack(crls, CrlStack, "x509_store_ctx_set0_crls", 2))


@_entry_point("m2crypto.m2.x509_verify_cert")
def x509_verify_cert(ctx) -> int:
    """X509_verify_cert: 1 verified, 0 not (the error is on the context),
    -1 when the context has no store or certificate."""
    context = _ctx(ctx, "x509_verify_cert")
    if context._store is None or context._cert is None:
        return -1
    return context.verify_cert()  # which leaves the leaf current on success, as OpenSSL


@_entry_point("m2crypto.m2.x509_store_ctx_get_current_cert")
def x509_store_ctx_get_current_cert(ctx) -> Optional[_c.Certificate]:
    current = _ctx(ctx, "x509_store_ctx_get_current_cert").get_current_cert()
    if current is None:
        return None
    return current._ptr() if hasattr(current, "_ptr") else current


@_entry_point("m2crypto.m2.x509_store_ctx_get_error_depth")
def x509_store_ctx_get_error_depth(ctx) -> int:
    return _ctx(ctx, "x509_store_ctx_get_error_depth").get_error_depth()


@_entry_point("m2crypto.m2.x509_store_ctx_get1_chain")
def x509_store_ctx_get1_chain(ctx) -> CertStack:
    return CertStack(_ctx(ctx, "x509_store_ctx_get1_chain")._chain)


@_entry_point("m2crypto.m2.x509_store_ctx_get_app_data")
def x509_store_ctx_get_app_data(ctx):
    """No application data is attached to a verification context here."""
    _ctx(ctx, "x509_store_ctx_get_app_data")
    return None
