"""M2Crypto.X509 is a package of one-concept modules (issue 14), but reads as
the one module M2Crypto has: every class and function the real M2Crypto
0.51.0 defines in M2Crypto.X509 is here, of the same kind, and every class
and function reports __module__ "M2Crypto.X509" (reprs; test_catalog.py only
checks entry points whose __module__ is the public module, so a submodule
name would silently drop them from that check)."""

import inspect
import json
import os
import pathlib
import subprocess

import pytest

from M2Crypto import X509

REAL = os.environ.get("CRYPTOSHIM_REAL_M2CRYPTO_PYTHON", "")

# Names upstream's X509.py defines that M2Crypto.X509 leaves out on purpose:
# none today. A name added here needs a reason.
NOT_PROVIDED: dict = {}

LIST_REAL = """
import inspect, json
import M2Crypto.X509 as X
print(json.dumps({n: "class" if inspect.isclass(o) else "function"
                  for n, o in vars(X).items()
                  if (inspect.isclass(o) or inspect.isfunction(o))
                  and getattr(o, "__module__", "") == "M2Crypto.X509"}))
"""


def _defined_here():
    for name, obj in vars(X509).items():
        # Entry points are cryptoshim._core.LegacyFunction objects, callables
        # but not Python functions.
        if callable(obj) and not inspect.ismodule(obj):
            if str(getattr(obj, "__module__", "")).startswith("M2Crypto.X509"):
                yield name, obj


def test_every_class_and_function_names_the_public_module():
    found = dict(_defined_here())
    assert {"X509", "X509_Name", "X509_Store_Context", "Request", "CRL", "load_cert",
            "new_extension", "_parse_cert", "_EntryRef"} <= set(found)
    wrong = {n: o.__module__ for n, o in found.items() if o.__module__ != "M2Crypto.X509"}
    assert wrong == {}
    methods = {f"{n}.{m}": f.__module__ for n, o in found.items() if inspect.isclass(o)
               for m, f in vars(o).items()
               if callable(f) and str(getattr(f, "__module__", "")).startswith("M2Crypto.X509.")}
    assert methods == {}
    assert repr(X509.X509()).startswith("<M2Crypto.X509.X509 object")


def test_submodules_stay_private():
    public = [n for n, o in vars(X509).items() if inspect.ismodule(o) and not n.startswith("_")
              and o.__name__.startswith("M2Crypto.X509.")]
    assert public == []


def test_private_names_the_drop_in_itself_uses():
    # M2Crypto.m2's name-entry helpers build X509._EntryRef handles; SMIME,
    # SSL and the store helpers wrap core certificates with X509._from_core.
    assert X509._EntryRef.__slots__ == ("name", "index")
    cert = X509.X509._from_core(X509.X509()._ptr())
    assert isinstance(cert, X509.X509) and cert.x509 is cert._ptr()


def _real(script: str):
    """What `script` prints (JSON) in the real M2Crypto's interpreter."""
    if not REAL or not pathlib.Path(REAL).exists():
        if os.environ.get("CRYPTOSHIM_REQUIRE_DATA") == "1":
            pytest.fail(f"CRYPTOSHIM_REAL_M2CRYPTO_PYTHON={REAL!r} is not an interpreter")
        pytest.skip("set CRYPTOSHIM_REAL_M2CRYPTO_PYTHON to compare with the real M2Crypto")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    out = subprocess.run([REAL, "-c", script], capture_output=True, text=True, env=env,
                         check=True)
    return json.loads(out.stdout)


def test_names_match_the_real_m2crypto():
    real = _real(LIST_REAL)
    assert len(real) > 20, real  # the real module, not an empty stand-in
    ours = {n: "class" if inspect.isclass(o) else "function" for n, o in _defined_here()}
    missing = {n: k for n, k in real.items() if n not in ours and n not in NOT_PROVIDED}
    assert missing == {}
    assert {n: k for n, k in real.items() if n in ours and ours[n] != k} == {}


PARAMETERS_REAL = """
import inspect, json
import M2Crypto.X509 as X
print(json.dumps({n: list(inspect.signature(o).parameters) for n, o in vars(X).items()
                  if inspect.isfunction(o) and o.__module__ == "M2Crypto.X509"}))
"""


def test_function_parameters_match_the_real_m2crypto():
    # Callers pass them by keyword (load_cert_der_string(cert_str=...)).
    real = _real(PARAMETERS_REAL)
    assert real["load_cert_der_string"] == ["cert_str"]  # the real module, read right
    ours = {n: list(inspect.signature(o).parameters) for n, o in _defined_here()
            if not inspect.isclass(o)}
    assert {n: (p, ours[n]) for n, p in real.items() if n in ours and ours[n] != p} == {}
