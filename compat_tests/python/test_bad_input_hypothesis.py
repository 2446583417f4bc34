"""Bad input through the legacy Python APIs never crashes the interpreter and
always surfaces as the legacy library's own exception type.

- Random bytes into every ``load_*`` of OpenSSL.crypto and of the M2Crypto
  modules (found by name, so a new loader is covered, and one whose calling
  convention is unknown fails the inventory test).
- Wrong types into every public function, class and method of those modules.
- Wrong types into every function of the flat M2Crypto.m2 namespace, in a
  child process, since a NULL handle reaching OpenSSL there would kill the
  interpreter rather than fail a test.

Bounded (few examples per callable, no deadline) so the file runs in well
under a minute.
"""
import importlib
import inspect
import os
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from OpenSSL import crypto

M2_MODULES = ("X509", "RSA", "EVP", "DSA", "EC", "DH", "BIO", "BN", "Rand", "RC4", "util",
              "AuthCookie", "SMIME")

# Each module's own error class(es): what the real library raises for bad data.
M2_ERRORS = {
    "X509": ("X509Error",), "RSA": ("RSAError",), "EVP": ("EVPError",), "DSA": ("DSAError",),
    "EC": ("ECError",), "DH": ("DHError",), "BIO": ("BIOError",), "Rand": ("RandError",),
    "util": ("UtilError",), "SMIME": ("SMIME_Error", "PKCS7_Error"),
}


def _m2_modules():
    mods = {}
    for name in M2_MODULES:
        try:
            mods[name] = importlib.import_module(f"M2Crypto.{name}")
        except ImportError:  # a module another change has not landed yet
            continue
    return mods


M2 = _m2_modules()


def _errors_of(module_name):
    mod = M2[module_name]
    return tuple(getattr(mod, e) for e in M2_ERRORS.get(module_name, ()) if hasattr(mod, e))


def _public(module):
    names = getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]
    for name in sorted(names):
        obj = getattr(module, name, None)
        if callable(obj) and getattr(obj, "__module__", "").startswith(("OpenSSL", "M2Crypto")):
            yield name, obj


# --- random bytes into every loader ------------------------------------------

def _openssl_loaders():
    return {name: fn for name, fn in _public(crypto) if name.startswith("load_")}


def _m2_loaders():
    out = {}
    for mod_name, mod in M2.items():
        for name, fn in _public(mod):
            # Functions, not classes; an entry point is a _core.LegacyFunction
            # (C), which inspect.isfunction does not count.
            if name.startswith("load_") and not inspect.isclass(fn):
                out[f"{mod_name}.{name}"] = fn
    return out


def _passphrase(*_args):
    return b"wrong passphrase"


# What a loader's first parameter takes, by its name in the real libraries
# (M2Crypto names some by what they hold: p7file, p7_bio, crl_string, cert_str).
_CONVENTION = {"type": "type", "buffer": "bytes", "string": "bytes", "der": "bytes", "data": "bytes",
               "crl_string": "bytes", "cert_str": "bytes", "bio": "bio", "p7_bio": "bio",
               "file": "path", "filename": "path", "p7file": "path"}


def _call_loader(fn, data, tmp_path):
    """Calls a loader the way its first parameter says it takes the input."""
    params = list(inspect.signature(fn).parameters)
    kwargs = {"callback": _passphrase} if "callback" in params else {}
    first = _CONVENTION.get(params[0])
    if first == "type":
        return [fn(t, data) for t in (crypto.FILETYPE_PEM, crypto.FILETYPE_ASN1)]
    if first == "bytes":
        return fn(data, **kwargs)
    if first == "bio":
        from M2Crypto import BIO
        return fn(BIO.MemoryBuffer(data), **kwargs)
    if first == "path":
        path = tmp_path / "input.bin"
        path.write_bytes(data)
        if "max_bytes" in params:  # Rand.load_file: any bytes are fine seed
            return fn(str(path), len(data))
        return fn(str(path), **kwargs)
    raise AssertionError(f"{fn.__qualname__}: unknown input parameter {first!r}")


def test_every_loader_has_a_known_calling_convention(tmp_path):
    loaders = {**_openssl_loaders(), **_m2_loaders()}
    assert len(loaders) >= 20, sorted(loaders)
    for name, fn in loaders.items():
        first = list(inspect.signature(fn).parameters)[0]
        assert first in _CONVENTION, name


_random_input = st.one_of(
    st.binary(max_size=512),
    # PEM armour around random bytes gets past the first "no start line" check.
    st.builds(lambda label, body: b"-----BEGIN %s-----\n%s\n-----END %s-----\n"
              % (label, __import__("base64").encodebytes(body).strip(), label),
              st.sampled_from([b"CERTIFICATE", b"PRIVATE KEY", b"RSA PRIVATE KEY", b"PUBLIC KEY",
                               b"X509 CRL", b"CERTIFICATE REQUEST", b"PKCS7", b"DH PARAMETERS",
                               b"DSA PARAMETERS", b"EC PRIVATE KEY", b"ENCRYPTED PRIVATE KEY"]),
              st.binary(max_size=300)),
    # DER SEQUENCE headers around random bytes reach the ASN.1 decoders proper.
    st.binary(max_size=300).map(lambda b: b"\x30\x82" + len(b).to_bytes(2, "big") + b),
)

_FEW = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.mark.parametrize("name", sorted(_openssl_loaders()))
@_FEW
@given(data=_random_input)
def test_openssl_loaders_raise_crypto_error(name, data, tmp_path):
    fn = _openssl_loaders()[name]
    try:
        _call_loader(fn, data, tmp_path)
    except crypto.Error:
        pass


@pytest.mark.parametrize("name", sorted(_m2_loaders()))
@_FEW
@given(data=_random_input)
def test_m2crypto_loaders_raise_the_module_error(name, data, tmp_path):
    mod_name = name.split(".")[0]
    expected = _errors_of(mod_name)
    if mod_name == "Rand":
        expected = ()  # load_file mixes any bytes into the pool
    if name in ("EC.load_key", "EC.load_key_bio", "EC.load_key_string"):
        expected += (OSError,)  # M2Crypto: "Cannot read EC key pair from PEM file"
    if name == "EC.load_key_string_pubkey":
        expected = _errors_of("EVP")  # it returns an EVP.PKey, via EVP's loader
    try:
        _call_loader(_m2_loaders()[name], data, tmp_path)
    except expected:
        pass


# --- wrong types into every public callable ----------------------------------

WRONG = [None, 0, -1, 1 << 80, 1.5, "text", b"", b"\x00" * 3, [], {}, (1,), object(),
         crypto.Error, len]
_wrong_args = st.lists(st.sampled_from(WRONG), max_size=4)

# The exception types the legacy libraries use for misuse. pyOpenSSL reads the
# private attributes of the objects it is given (pkey._pkey, digest.encode),
# so a wrong type there is an AttributeError, in the drop-in as in pyOpenSSL.
_OPENSSL_OK = (TypeError, ValueError, OverflowError, AttributeError, crypto.Error)
# pyOpenSSL's own quirks, kept by the drop-in: b64_encode of an empty SPKI
# fails in cffi's string() with RuntimeError.
_OPENSSL_QUIRKS = {"NetscapeSPKI.b64_encode": RuntimeError}
# Not called: the passphrase prompt reads the terminal, and randfname loops
# `length` times by design (1 << 80 would never return, as in M2Crypto).
_NOT_CALLED = {"util.passphrase_callback", "BN.randfname"}


def _sample_instances():
    """One valid instance per OpenSSL.crypto class, to call methods on."""
    key = crypto.PKey()
    key.generate_key(crypto.TYPE_RSA, 2048)
    cert = crypto.X509()
    cert.set_pubkey(key)
    cert.get_subject().CN = "bad-input"
    cert.set_issuer(cert.get_subject())
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(60)
    cert.sign(key, "sha256")
    req = crypto.X509Req()
    req.set_pubkey(key)
    store = crypto.X509Store()
    store.add_cert(cert)
    return {
        "PKey": key, "X509": cert, "X509Req": req, "X509Name": cert.get_subject(),
        "X509Store": store, "X509StoreContext": crypto.X509StoreContext(store, cert),
        "CRL": crypto.CRL(), "Revoked": crypto.Revoked(), "PKCS12": crypto.PKCS12(),
        "NetscapeSPKI": crypto.NetscapeSPKI(),
        "X509Extension": crypto.X509Extension(b"basicConstraints", True, b"CA:FALSE"),
    }


def _openssl_callables():
    out = {}
    instances = _sample_instances()
    for name, obj in _public(crypto):
        out[name] = obj
        inst = instances.get(name)
        if inst is None:
            continue
        for meth_name in dir(type(inst)):
            if meth_name.startswith("_"):
                continue
            if callable(getattr(type(inst), meth_name, None)):
                out[f"{name}.{meth_name}"] = (name, meth_name)
    return out


OPENSSL_CALLABLES = _openssl_callables()
_INSTANCES_FOR_CALLS = {}


def _resolve(target):
    if isinstance(target, tuple):  # (class, method): a fresh instance each time
        cls_name, meth = target
        return getattr(_sample_instances_cached()[cls_name], meth)
    return target


def _sample_instances_cached():
    if not _INSTANCES_FOR_CALLS:
        _INSTANCES_FOR_CALLS.update(_sample_instances())
    return _INSTANCES_FOR_CALLS


@pytest.mark.parametrize("name", sorted(OPENSSL_CALLABLES))
@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=_wrong_args)
def test_openssl_wrong_types(name, args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # anything that writes a file writes here
    fn = _resolve(OPENSSL_CALLABLES[name])
    try:
        fn(*args)
    except _OPENSSL_OK:
        pass
    except _OPENSSL_QUIRKS.get(name, ()):
        pass
    except crypto.X509StoreContextError:
        pass  # verify_certificate's own error for a chain that fails


def _m2_callables():
    out = {}
    for mod_name, mod in M2.items():
        for name, obj in _public(mod):
            full = f"{mod_name}.{name}"
            if full not in _NOT_CALLED and not (inspect.isclass(obj) and
                                                 issubclass(obj, BaseException)):
                out[full] = obj
    return out


M2_CALLABLES = _m2_callables()
# M2Crypto's own behaviour for these, kept by the drop-in.
_M2_QUIRKS = {
    # "Cannot read EC key pair from PEM file ..." (IOError) for a bad key.
    "EC.load_key": (OSError,), "EC.load_key_bio": (OSError,), "EC.load_key_string": (OSError,),
    # The progress callback indexes its symbol list with the phase number.
    "util.genparam_callback": (IndexError,), "RSA.keygen_callback": (IndexError,),
}


@pytest.mark.parametrize("name", sorted(M2_CALLABLES))
@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=_wrong_args)
def test_m2crypto_wrong_types(name, args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    mod_name = name.split(".")[0]
    # AttributeError: like pyOpenSSL, M2Crypto calls methods on the objects it
    # is given (bio._ptr(), pyfile.flush(), regex.match()).
    allowed = (TypeError, ValueError, OverflowError, AttributeError) + _errors_of(mod_name)
    allowed += _M2_QUIRKS.get(name, ())
    try:
        M2_CALLABLES[name](*args)
    except allowed:
        pass


M2_CHILD = textwrap.dedent("""
    import sys
    from M2Crypto import m2
    wrong = [None, 0, -1, 1 << 80, "text", b"", b"\\x00" * 3, [], object()]
    names = sorted(n for n in dir(m2) if not n.startswith("_") and callable(getattr(m2, n))
                   and not isinstance(getattr(m2, n), type))
    for name in names:
        fn = getattr(m2, name)
        for n_args in range(4):
            for value in wrong:
                print(name, n_args, repr(value)[:20], flush=True)
                try:
                    fn(*([value] * n_args))
                # MemoryError: M2Crypto's answer to a negative rand_bytes count.
                except (TypeError, ValueError, OverflowError, MemoryError):
                    pass
                except Exception as exc:
                    if type(exc).__module__.startswith("M2Crypto"):
                        continue
                    print("UNEXPECTED", name, n_args, repr(value), type(exc).__name__, exc)
                    sys.exit(3)
    print("DONE", len(names))
""")


def test_m2_flat_namespace_wrong_types_do_not_crash(tmp_path):
    # A child process, so a NULL handle reaching OpenSSL shows up as the
    # offending call instead of taking the test run down with it; in a
    # scratch directory, since m2.rand_save_file("text") writes that file.
    result = subprocess.run([sys.executable, "-c", M2_CHILD], capture_output=True, text=True,
                            timeout=300, env=dict(os.environ), cwd=tmp_path)
    last = result.stdout.strip().splitlines()[-1:] or [""]
    assert result.returncode == 0, f"died at {last[0]!r}: {result.stderr[-2000:]}"
    assert last[0].startswith("DONE")


# --- regressions found by the tests above ------------------------------------

@pytest.mark.parametrize("name, error", [
    ("cipher_by_name", TypeError),  # was NULL into strlen (UBSan) in the shim
    ("get_digestbyname", TypeError),
    # OBJ names are NONNULL in M2Crypto's interface: "Received a NULL pointer."
    ("obj_sn2nid", ValueError), ("obj_ln2nid", ValueError), ("obj_txt2nid", ValueError),
])
def test_m2_none_names_raise(name, error):
    from M2Crypto import m2
    with pytest.raises(error):
        getattr(m2, name)(None)


@pytest.mark.parametrize("init", ["evp_init", "rsa_init"])
def test_m2_error_class_registration_refuses_non_exceptions(init):
    # A non-exception stored here made every later EVP/RSA error a SystemError.
    from M2Crypto import m2
    with pytest.raises(TypeError):
        getattr(m2, init)(object())
    with pytest.raises(ValueError):  # the registered class still works
        m2.get_digestbyname("no-such-digest")


# --- the SWIG internals of the flat m2 (issue 11's last names) -----------------
# Pure Python over the drop-in's handles (but BIO_PYFD_CTX, SWIG's own
# struct), so hypothesis drives them in-process with a mix of wrong values and
# real handles: generic stacks with and without elements, typed stacks,
# descriptor BIOs over a pipe this test owns, memory BIOs, certificates and
# callables, in every position.
SWIG_INTERNALS = sorted(n for n in dir(__import__("M2Crypto.m2", fromlist=["m2"]))
                        if n.startswith(("OPENSSL_sk_", "ossl_check_", "pyfd_")))


def _handles():
    from M2Crypto import BIO, X509, m2
    r, w = os.pipe()
    os.set_blocking(w, False)  # a full pipe must not block the test
    full = m2.OPENSSL_sk_new_null()
    m2.OPENSSL_sk_push(full, X509.X509()._ptr())
    m2.OPENSSL_sk_push(full, None)
    return (r, w), [m2.OPENSSL_sk_new_null(), full, m2.sk_x509_new_null(), m2.bio_new_pyfd(w, 0),
                    BIO.MemoryBuffer()._ptr(), X509.X509()._ptr(), X509.X509(), len]


_swig_values = st.one_of(st.none(), st.integers(min_value=-(1 << 70), max_value=1 << 70),
                         st.text(max_size=8), st.binary(max_size=8), st.floats(allow_nan=False),
                         st.sampled_from(range(8)).map(lambda i: ("handle", i)))


@pytest.mark.parametrize("name", SWIG_INTERNALS)
@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=st.lists(_swig_values, max_size=4))
def test_m2_swig_internals_bad_input(name, args):
    from M2Crypto import BIO, m2
    pipe, handles = _handles()
    try:
        call = [handles[a[1]] if isinstance(a, tuple) else a for a in args]
        try:
            getattr(m2, name)(*call)
        except (TypeError, ValueError, OverflowError, BIO.BIOError):
            pass  # SWIG's argument errors, the refusals, and the bio family's own class
    finally:
        for fd in pipe:
            try:
                os.close(fd)
            except OSError:  # pyfd_free closed it (after pyfd_ctrl set the close flag)
                pass


@settings(max_examples=40, deadline=None, derandomize=True)
@given(value=_swig_values.filter(lambda v: not isinstance(v, tuple)))
def test_m2_swig_classes_bad_input(value):
    from M2Crypto import m2
    with pytest.raises(TypeError):
        m2.bignum_st(value)
    with pytest.raises(TypeError):
        m2.BIO_PYFD_CTX(value)
    ctx = m2.BIO_PYFD_CTX()
    try:
        ctx.fd = value
        assert isinstance(value, int) and ctx.fd == value
    except (TypeError, OverflowError):
        pass
    with pytest.raises((TypeError, AttributeError)):
        setattr(m2.cvar, "_bio_err", value)
