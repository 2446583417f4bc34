"""The private-attribute probes real dependents make before they use pyOpenSSL
(legacy_api/private_probes.md), run by whichever pyOpenSSL this interpreter
imports; prints one JSON object. test_private_probes.py runs it through the
real pyOpenSSL and through the drop-in and compares.

Usage: python private_probes_cases.py FLAG_NAME...
"""
import json
import sys
import warnings

warnings.simplefilter("ignore")

import OpenSSL._util  # noqa: E402
from OpenSSL import SSL, crypto  # noqa: E402


def probes() -> dict:
    ctx = SSL.Context(SSL.TLS_METHOD)
    objects = {
        "X509._x509": (crypto.X509(), "_x509"),
        "PKey._pkey": (crypto.PKey(), "_pkey"),
        "X509Name._name": (crypto.X509().get_subject(), "_name"),
        "X509Store._store": (crypto.X509Store(), "_store"),
        "Context._context": (ctx, "_context"),
        "Connection._ssl": (SSL.Connection(ctx, None), "_ssl"),
    }
    # Gone from newer pyOpenSSL releases; probed only where the class exists.
    if hasattr(crypto, "X509Req"):
        objects["X509Req._req"] = (crypto.X509Req(), "_req")
    if hasattr(crypto, "CRL"):
        objects["CRL._crl"] = (crypto.CRL(), "_crl")
    out = {}
    for label, (obj, attr) in objects.items():
        value = getattr(obj, attr, None)
        # What urllib3 checks (`is None`) and what `if obj._x:` checks.
        out[label] = {"is_none": value is None, "truthy": bool(value)}
    return out


def modules() -> dict:
    lib, ffi = OpenSSL._util.lib, OpenSSL._util.ffi
    return {
        "SSL._lib is _util.lib": SSL._lib is lib,
        "SSL._ffi is _util.ffi": SSL._ffi is ffi,
        "crypto._lib is _util.lib": crypto._lib is lib,
        "crypto._ffi is _util.ffi": crypto._ffi is ffi,
        "lib truthy": bool(lib),
        "ffi truthy": bool(ffi),
        "ffi.NULL falsy": not ffi.NULL,
    }


def flags(names) -> dict:
    lib = OpenSSL._util.lib
    return {name: getattr(lib, name, None) for name in names}


if __name__ == "__main__":
    print(json.dumps({"probes": probes(), "modules": modules(), "flags": flags(sys.argv[1:])}))
