"""m2.cvar: SWIG's object for the C global variables of M2Crypto's module
(a 'swigvarlink'): the exception classes its *_init functions registered
and the fd BIO_METHOD. It is read-only from Python, as in M2Crypto, whose
setter refuses every value of these types.

M2Crypto gives an opaque 'PyObject *' pointer for a registered class (None
while nothing is registered); the drop-in gives the class itself, which is
what that pointer points at. methods_fdp is the BIO_METHOD stand-in that
m2.bio_new() takes, as in M2Crypto."""
from __future__ import annotations

import sys
from typing import Any, Callable, Dict

__all__ = ["cvar"]


def _registered(kind: str) -> Any:
    """The class a program registered with the family's *_init, if any."""
    from M2Crypto import _bio_kinds, _m2, _m2_misc, _m2_pki_args
    if kind in ("evp", "rsa"):
        return _m2._evp_rsa_error_classes()[kind == "rsa"]
    if kind == "bio":
        return _bio_kinds._error_class[0]
    return _m2_pki_args._registered.get(kind) or _m2_misc._errors.get(kind)


def _error(kind: str, module: str, name: str) -> Callable[[], Any]:
    """M2Crypto's modules register their class when imported (X509 calls
    m2.x509_init(X509Error)); the drop-in's raise it without registering,
    so an imported module's class stands for its registration."""
    return lambda: _registered(kind) or getattr(sys.modules.get("M2Crypto." + module), name, None)


_assigned: Dict[str, Any] = {}  # methods_fdp, when a program set it


def _methods_fdp() -> Any:
    from M2Crypto import _bio_kinds
    return _assigned.get("methods_fdp", _bio_kinds._S_PYFD)


# In the order M2Crypto 0.51.0's str(m2.cvar) lists them.
_VARIABLES: Dict[str, Callable[[], Any]] = {
    "_engine_err": _error("engine", "Engine", "EngineError"),
    "_provider_err": _error("provider", "Provider", "ProviderError"),
    "_ec_err": _error("ec", "EC", "ECError"), "_util_err": _error("util", "util", "UtilError"),
    "_smime_err": _error("smime", "SMIME", "SMIME_Error"),
    "_pkcs7_err": _error("pkcs7", "SMIME", "PKCS7_Error"),
    "_x509_err": _error("x509", "X509", "X509Error"),
    "_ssl_timeout_err": _error("ssl_timeout", "SSL", "SSLTimeoutError"),
    "_ssl_err": _error("ssl", "SSL", "SSLError"), "_dsa_err": _error("dsa", "DSA", "DSAError"),
    "_rsa_err": _error("rsa", "RSA", "RSAError"), "_dh_err": _error("dh", "DH", "DHError"),
    "_evp_err": _error("evp", "EVP", "EVPError"), "_rand_err": _error("rand", "Rand", "RandError"),
    "methods_fdp": _methods_fdp, "_bio_err": _error("bio", "BIO", "BIOError"),
}


class swigvarlink:
    """SWIG's global-variable link: attributes are the C globals."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        getter = _VARIABLES.get(name)
        if getter is None:
            raise AttributeError(f"Unknown C global variable '{name}'")
        return getter()

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in _VARIABLES:
            raise AttributeError(f"Unknown C global variable '{name}'")
        if name == "methods_fdp":
            # A BIO_METHOD * or NULL is stored (M2Crypto's own BIOs keep
            # using its method, as bio_new_pyfd here does).
            from M2Crypto import _bio_kinds
            if value is not None and not isinstance(value, _bio_kinds._Method):
                raise TypeError("in variable 'methods_fdp' of type 'BIO_METHOD *'")
            _assigned[name] = value
            return
        raise TypeError(f"in variable '{name}' of type 'PyObject *'")

    def __delattr__(self, name: str) -> None:
        if name not in _VARIABLES:
            raise AttributeError(f"Unknown C global variable '{name}'")
        ctype = "BIO_METHOD *" if name == "methods_fdp" else "PyObject *"
        raise TypeError(f"in variable '{name}' of type '{ctype}'")

    def __dir__(self):
        return []

    def __repr__(self) -> str:
        return "<Swig global variables>"

    def __str__(self) -> str:
        return "(" + ", ".join(_VARIABLES) + ")"


cvar = swigvarlink()
