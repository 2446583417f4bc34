"""Legacy calls run no import statement per call. On CPython 3.11, a
`from package.module import name` inside a function raises and drops an
AttributeError on every call (the module has no __path__), about 1.2 us,
more than many whole legacy calls; cryptoshim.lazy_import fetches such a
name once instead. Each module here gets a module __getattr__ that records
every attribute lookup that misses, which is how that import shows."""
from __future__ import annotations

import sys
import types

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from cryptoshim.lazy_import import lazy_attr

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.filterwarnings("ignore::cryptoshim.InsecureLegacyWarning")]

_PACKAGES = ("M2Crypto", "OpenSSL", "cryptoshim")


class _Misses:
    def __init__(self):
        self.seen: list = []
        self._installed: list = []

    def __enter__(self):
        for name, module in list(sys.modules.items()):
            if isinstance(module, types.ModuleType) and name.split(".")[0] in _PACKAGES:
                own = module.__dict__.get("__getattr__")

                def trap(attr, _name=name, _own=own):
                    try:
                        if _own is None:
                            raise AttributeError(attr)
                        return _own(attr)  # a module's own lazy names still resolve
                    except AttributeError:
                        self.seen.append(f"{_name}.{attr}")
                        raise
                module.__dict__["__getattr__"] = trap
                self._installed.append((module, own))
        return self

    def __exit__(self, *exc):
        for module, own in self._installed:
            if own is None:
                module.__dict__.pop("__getattr__", None)
            else:
                module.__dict__["__getattr__"] = own


def _m2_calls():
    from M2Crypto import ASN1, DSA, EVP, RSA, SSL, X509, m2

    key = RSA.gen_key(2048, 65537, lambda *a: None)
    pkey = EVP.PKey()
    pkey.assign_rsa(key, capture=False)
    holder = m2.dsa_new()
    ctx = SSL.Context()
    return [
        lambda: EVP.PKey(),
        lambda: m2.rsa_get_n(key.rsa),
        lambda: m2.rsa_get_e(key.rsa),
        lambda: ASN1.ASN1_Integer(5),
        lambda: X509.X509_Stack().stack,
        lambda: X509.X509_Extension_Stack().stack,
        lambda: X509.CRL_Stack().stack,
        lambda: SSL.Connection(ctx),
        lambda: isinstance(holder, object) and DSA,
    ]


def _pyopenssl_calls():
    from cryptography.hazmat.primitives import serialization

    from OpenSSL import SSL, crypto

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pkey = crypto.PKey.from_cryptography_key(key)
    cert = crypto.X509()
    cert.get_subject().CN = "no import per call"
    cert.set_issuer(cert.get_subject())
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(3600)
    cert.set_pubkey(pkey)
    cert.sign(pkey, "sha256")
    pem = crypto.dump_certificate(crypto.FILETYPE_PEM, cert)
    ctx = SSL.Context(SSL.TLS_METHOD)
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return [
        lambda: crypto.X509Store().add_cert(crypto.load_certificate(crypto.FILETYPE_PEM, pem)),
        lambda: ctx.use_certificate(cert),
        lambda: ctx.use_privatekey(pkey),
        lambda: crypto.load_privatekey(crypto.FILETYPE_ASN1, der),
    ]


@pytest.mark.parametrize("calls", [_m2_calls, _pyopenssl_calls], ids=["m2crypto", "pyopenssl"])
def test_repeat_legacy_calls_miss_no_module_attribute(calls):
    work = calls()
    for fn in work:
        fn()  # the first call may import what it needs
    with _Misses() as misses:
        for fn in work:
            fn()
    assert misses.seen == []


def test_the_trap_sees_an_import_inside_a_function():
    def imports_per_call():
        from cryptoshim.lazy_import import lazy_attr as again  # noqa: F401

    imports_per_call()
    with _Misses() as misses:
        imports_per_call()
    assert misses.seen == ["cryptoshim.lazy_import.__path__"]


def test_lazy_attr_imports_once_and_returns_the_attribute(monkeypatch):
    import importlib
    import json

    calls = []
    real = importlib.import_module
    monkeypatch.setattr(importlib, "import_module", lambda name: calls.append(name) or real(name))
    get = lazy_attr("json", "dumps")
    assert calls == []  # nothing imported until the first call
    assert get() is json.dumps
    assert get() is json.dumps
    assert calls == ["json"]
    with pytest.raises(AttributeError):
        lazy_attr("json", "no_such_name")()
