"""Run by the real M2Crypto and by cryptoshim's drop-in (separate
interpreters): the SWIG internals of the flat m2 namespace - OpenSSL's
generic stack (OPENSSL_sk_*), the safestack casts (ossl_check_*), the fd
BIO callbacks (pyfd_*), the proxy classes bignum_st and BIO_PYFD_CTX and
cvar - printed as {"group: case": outcome} JSON.

An outcome is the value (bytes as hex, any handle as "handle") or the
exception's class and message. Only calls the real module survives are
made: NULL callbacks on elements, pyfd_read/gets into a str and
BIO_C_SET_FD crash or corrupt it (test_m2_swig_internals checks the
drop-in's refusals of those)."""
import json
import os
import sys
import tempfile
import warnings

warnings.simplefilter("ignore")
from M2Crypto import BIO, EC, EVP, RSA, SSL, X509, m2, util  # noqa: E402,F401

_KEEP = []  # handles whose Python owners must outlive the stacks holding them


def plain(value):
    if isinstance(value, dict):  # already an outcome (steps)
        return value
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if isinstance(value, (int, str, bool, float, type(None))):
        return {"value": value}
    if isinstance(value, (list, tuple)):
        return {"list": [plain(v) for v in value]}
    return {"handle": True}


def outcome(fn):
    try:
        return plain(fn())
    except Exception as exc:  # every failure shape is recorded
        return {"raises": type(exc).__name__, "message": str(exc)}


def steps(*fns):
    return [outcome(fn) for fn in fns]


def cert():
    x = X509.X509()
    _KEEP.append(x)
    return x._ptr()


def membio():
    b = BIO.MemoryBuffer()
    _KEEP.append(b)
    return b._ptr()


def stack(*items):
    g = m2.OPENSSL_sk_new_null()
    for item in items:
        m2.OPENSSL_sk_push(g, item)
    _KEEP.append(g)
    return g


def shape(g):
    """The stack as None / which of the given handles each element is."""
    return [m2.OPENSSL_sk_num(g)] + [
        None if m2.OPENSSL_sk_value(g, i) is None else "ptr" for i in range(m2.OPENSSL_sk_num(g))]


X, B = cert(), membio()
STACK_CASTS = (m2.ossl_check_OPENSSL_BLOCK_sk_type, m2.ossl_check_OPENSSL_CSTRING_sk_type,
               m2.ossl_check_OPENSSL_STRING_sk_type, m2.ossl_check_const_OPENSSL_BLOCK_sk_type,
               m2.ossl_check_const_OPENSSL_CSTRING_sk_type, m2.ossl_check_const_OPENSSL_STRING_sk_type)
CALLBACK_CASTS = (
    m2.ossl_check_OPENSSL_BLOCK_compfunc_type, m2.ossl_check_OPENSSL_BLOCK_copyfunc_type,
    m2.ossl_check_OPENSSL_BLOCK_freefunc_type, m2.ossl_check_OPENSSL_CSTRING_compfunc_type,
    m2.ossl_check_OPENSSL_CSTRING_copyfunc_type, m2.ossl_check_OPENSSL_CSTRING_freefunc_type,
    m2.ossl_check_OPENSSL_STRING_compfunc_type, m2.ossl_check_OPENSSL_STRING_copyfunc_type,
    m2.ossl_check_OPENSSL_STRING_freefunc_type)

CASES = {
    # --- sk: the generic stack -----------------------------------------------------
    "sk: new_null": lambda: (lambda g: [m2.OPENSSL_sk_num(g), m2.OPENSSL_sk_is_sorted(g)])(
        m2.OPENSSL_sk_new_null()),
    "sk: NULL stack": lambda: steps(
        lambda: m2.OPENSSL_sk_num(None), lambda: m2.OPENSSL_sk_pop(None),
        lambda: m2.OPENSSL_sk_shift(None), lambda: m2.OPENSSL_sk_value(None, 0),
        lambda: m2.OPENSSL_sk_push(None, X), lambda: m2.OPENSSL_sk_insert(None, X, 0),
        lambda: m2.OPENSSL_sk_unshift(None, X), lambda: m2.OPENSSL_sk_set(None, 0, X),
        lambda: m2.OPENSSL_sk_delete(None, 0), lambda: m2.OPENSSL_sk_delete_ptr(None, X),
        lambda: m2.OPENSSL_sk_find(None, X), lambda: m2.OPENSSL_sk_find_ex(None, X),
        lambda: m2.OPENSSL_sk_find_all(None, X, None), lambda: m2.OPENSSL_sk_is_sorted(None),
        lambda: m2.OPENSSL_sk_num(m2.OPENSSL_sk_dup(None)), lambda: m2.OPENSSL_sk_reserve(None, 3),
        lambda: m2.OPENSSL_sk_free(None), lambda: m2.OPENSSL_sk_zero(None),
        lambda: m2.OPENSSL_sk_sort(None),
        lambda: m2.OPENSSL_sk_num(m2.OPENSSL_sk_deep_copy(None, None, None))),
    "sk: push value pop shift": lambda: (lambda g: [
        m2.OPENSSL_sk_push(g, X), m2.OPENSSL_sk_push(g, None), m2.OPENSSL_sk_push(g, B),
        shape(g), m2.OPENSSL_sk_value(g, 0) == X, m2.OPENSSL_sk_value(g, 2) == B,
        m2.OPENSSL_sk_value(g, 3), m2.OPENSSL_sk_value(g, -1), m2.OPENSSL_sk_value(g, True) is None,
        m2.OPENSSL_sk_pop(g) == B, m2.OPENSSL_sk_shift(g) == X, shape(g),
        m2.OPENSSL_sk_pop(g), m2.OPENSSL_sk_pop(g), m2.OPENSSL_sk_shift(g)])(stack()),
    "sk: insert unshift delete": lambda: (lambda g: [
        m2.OPENSSL_sk_insert(g, B, 0), m2.OPENSSL_sk_insert(g, None, 99),
        m2.OPENSSL_sk_insert(g, None, -5), m2.OPENSSL_sk_unshift(g, B), shape(g),
        m2.OPENSSL_sk_delete(g, 1) == X, m2.OPENSSL_sk_delete(g, 10), m2.OPENSSL_sk_delete(g, -1),
        m2.OPENSSL_sk_delete(g, 0) == B, shape(g)])(stack(X)),
    "sk: set": lambda: (lambda g: [
        m2.OPENSSL_sk_set(g, 0, B) == B, m2.OPENSSL_sk_value(g, 0) == B, m2.OPENSSL_sk_set(g, 1, None),
        m2.OPENSSL_sk_set(g, 2, X), m2.OPENSSL_sk_set(g, -1, X), shape(g),
        m2.OPENSSL_sk_is_sorted(g)])(stack(X, X)),
    "sk: find": lambda: (lambda g: [
        m2.OPENSSL_sk_find(g, B), m2.OPENSSL_sk_find(g, X), m2.OPENSSL_sk_find(g, None),
        m2.OPENSSL_sk_find(g, cert()), m2.OPENSSL_sk_find_ex(g, B),
        m2.OPENSSL_sk_find_all(g, X, None), m2.OPENSSL_sk_find(stack(), X)])(stack(X, B, None, B)),
    "sk: delete_ptr": lambda: (lambda g: [
        m2.OPENSSL_sk_delete_ptr(g, B) == B, shape(g), m2.OPENSSL_sk_delete_ptr(g, cert()),
        m2.OPENSSL_sk_delete_ptr(g, None), shape(g)])(stack(X, B, None, B)),
    "sk: dup": lambda: (lambda g: (lambda d: [
        shape(d), m2.OPENSSL_sk_value(d, 0) == X, m2.OPENSSL_sk_push(d, B), shape(g),
        m2.OPENSSL_sk_is_sorted(d)])(m2.OPENSSL_sk_dup(g)))(stack(X, None)),
    "sk: deep_copy of NULL elements": lambda: shape(
        m2.OPENSSL_sk_deep_copy(stack(None, None), None, None)),
    "sk: zero sort set_cmp_func": lambda: (lambda g: [
        m2.OPENSSL_sk_sort(g), m2.OPENSSL_sk_is_sorted(g), m2.OPENSSL_sk_set_cmp_func(g, None),
        m2.OPENSSL_sk_zero(g), shape(g), m2.OPENSSL_sk_zero(g), m2.OPENSSL_sk_push(g, X)])(
        stack(X, B)),
    "sk: new new_reserve reserve": lambda: [
        m2.OPENSSL_sk_num(m2.OPENSSL_sk_new(None)), m2.OPENSSL_sk_num(m2.OPENSSL_sk_new_reserve(None, 4)),
        m2.OPENSSL_sk_num(m2.OPENSSL_sk_new_reserve(None, -1)), m2.OPENSSL_sk_reserve(stack(), 10),
        m2.OPENSSL_sk_reserve(stack(), -1), m2.OPENSSL_sk_reserve(stack(X), 0)],
    "sk: free pop_free": lambda: [m2.OPENSSL_sk_free(m2.OPENSSL_sk_new_null()),
                                  m2.OPENSSL_sk_pop_free(m2.OPENSSL_sk_new_null(), None),
                                  m2.OPENSSL_sk_pop_free(None, None)],
    "sk: typed stack refused": lambda: m2.OPENSSL_sk_num(m2.sk_x509_new_null()),
    "sk: push typed stack refused": lambda: m2.OPENSSL_sk_push(m2.sk_x509_new_null(), X),
    "sk: value str index": lambda: m2.OPENSSL_sk_value(stack(), "0"),
    "sk: value float index": lambda: m2.OPENSSL_sk_value(stack(), 1.0),
    "sk: value overflow": lambda: m2.OPENSSL_sk_value(stack(), 2 ** 40),
    "sk: reserve overflow": lambda: m2.OPENSSL_sk_reserve(stack(), -2 ** 40),
    "sk: push int": lambda: m2.OPENSSL_sk_push(stack(), 1),
    "sk: push str": lambda: m2.OPENSSL_sk_push(stack(), "x"),
    "sk: push bytes": lambda: m2.OPENSSL_sk_push(stack(), b"x"),
    "sk: push class-layer object": lambda: m2.OPENSSL_sk_push(stack(), X509.X509()),
    "sk: insert str where": lambda: m2.OPENSSL_sk_insert(stack(), X, "0"),
    "sk: new with a callable": lambda: m2.OPENSSL_sk_new(lambda a, b: 0),
    "sk: new_reserve int cmp": lambda: m2.OPENSSL_sk_new_reserve(1, 1),
    "sk: find_all pnum": lambda: m2.OPENSSL_sk_find_all(stack(), X, 5),
    "sk: num of an int": lambda: m2.OPENSSL_sk_num(1),
    "sk: free of a str": lambda: m2.OPENSSL_sk_free("x"),
    "sk: no arguments": lambda: m2.OPENSSL_sk_num(),
    "sk: new_null with one": lambda: m2.OPENSSL_sk_new_null(None),
    "sk: deep_copy two arguments": lambda: m2.OPENSSL_sk_deep_copy(None, None),
    # --- ossl: <openssl/safestack.h>'s casts ---------------------------------------------
    "ossl: string casts": lambda: steps(
        lambda: m2.ossl_check_OPENSSL_STRING_type("abc"), lambda: m2.ossl_check_OPENSSL_STRING_type(None),
        lambda: m2.ossl_check_OPENSSL_STRING_type("a\0b"), lambda: m2.ossl_check_OPENSSL_STRING_type("\u00e9"),
        lambda: m2.ossl_check_OPENSSL_CSTRING_type("abc"), lambda: m2.ossl_check_OPENSSL_CSTRING_type(None),
        lambda: m2.ossl_check_OPENSSL_STRING_type(b"abc"), lambda: m2.ossl_check_OPENSSL_CSTRING_type(1)),
    "ossl: block casts": lambda: steps(
        lambda: m2.ossl_check_OPENSSL_BLOCK_type(X) == X, lambda: m2.ossl_check_OPENSSL_BLOCK_type(None),
        lambda: m2.ossl_check_OPENSSL_BLOCK_type(stack()) is not None,
        lambda: m2.ossl_check_OPENSSL_BLOCK_type(1), lambda: m2.ossl_check_OPENSSL_BLOCK_type("x")),
    "ossl: stack casts": lambda: [steps(lambda f=f: f(None), lambda f=f: f(stack()), lambda f=f: f(1))
                                  for f in STACK_CASTS],
    "ossl: callback casts": lambda: [steps(lambda f=f: f(None), lambda f=f: f(len), lambda f=f: f(1))
                                     for f in CALLBACK_CASTS],
    "ossl: no arguments": lambda: m2.ossl_check_OPENSSL_STRING_type(),
}


# --- bio: the fd BIO's callbacks --------------------------------------------------

def _pipe_bio():
    r, w = os.pipe()
    b = m2.bio_new_pyfd(w, 0)
    _KEEP.append((r, w, b))
    return r, w, b


def pyfd_write_puts():
    r, w, b = _pipe_bio()
    return [m2.pyfd_write(b, "hello\n", 6), m2.pyfd_write(b, "abcdef", 3), m2.pyfd_write(b, "", 0),
            m2.pyfd_puts(b, "line2\n"), m2.pyfd_puts(b, "\u00e9"), m2.pyfd_puts(b, "a\0b"),
            os.read(r, 100), m2.pyfd_read(b, None, 3)]


def pyfd_ctrl_pipe():
    r, w, b = _pipe_bio()
    c = m2.pyfd_ctrl
    return [c(b, 105, 0, None) == w, c(b, 8, 0, None), c(b, 9, 1, None), c(b, 8, 0, None),
            c(b, 9, 0, None), c(b, 10, 0, None), c(b, 13, 0, None), c(b, 11, 0, None),
            c(b, 12, 0, None), c(b, 999, 0, None), c(b, 3, 0, None), c(b, 133, 0, None),
            c(b, 128, 0, None), c(b, 1, 0, None), c(b, 105, True, None) == w]


def pyfd_ctrl_file():
    fd, path = tempfile.mkstemp()
    b = m2.bio_new_pyfd(fd, 1)
    _KEEP.append(b)
    c = m2.pyfd_ctrl
    try:
        return [m2.pyfd_write(b, "0123456789", 10), c(b, 133, 0, None), c(b, 3, 0, None),
                c(b, 128, 4, None), c(b, 133, 0, None), c(b, 1, 0, None), c(b, 133, 0, None),
                c(b, 8, 0, None)]
    finally:
        os.unlink(path)


def pyfd_new_free():
    r, w, b = _pipe_bio()
    c = m2.pyfd_ctrl
    return [m2.pyfd_new(b), c(b, 105, 0, None), c(b, 8, 0, None), m2.pyfd_free(b), m2.pyfd_free(b),
            c(b, 105, 0, None), c(b, 11, 0, None)]


def pyfd_free_closes():
    r, w = os.pipe()
    b = m2.bio_new_pyfd(w, 1)
    _KEEP.append(b)
    first = m2.pyfd_free(b)
    try:
        os.write(w, b"x")
        closed = False
    except OSError:
        closed = True
    os.close(r)
    return [first, closed]


def methods_fdp_bio():
    b = m2.bio_new(m2.cvar.methods_fdp)
    _KEEP.append(b)
    return [m2.pyfd_ctrl(b, 105, 0, None), m2.pyfd_ctrl(b, 8, 0, None), m2.pyfd_ctrl(b, 10, 0, None)]


CASES.update({
    "bio: pyfd write puts read": pyfd_write_puts,
    "bio: pyfd_ctrl on a pipe": pyfd_ctrl_pipe,
    "bio: pyfd_ctrl on a file": pyfd_ctrl_file,
    "bio: pyfd_new pyfd_free": pyfd_new_free,
    "bio: pyfd_free closes an owned descriptor": pyfd_free_closes,
    "bio: bio_new(cvar.methods_fdp)": methods_fdp_bio,
    "bio: pyfd_init": lambda: m2.pyfd_init(),
    "bio: pyfd_write bytes": lambda: m2.pyfd_write(_pipe_bio()[2], b"x", 1),
    "bio: pyfd_write str length": lambda: m2.pyfd_write(_pipe_bio()[2], "x", "1"),
    "bio: pyfd_write not a BIO": lambda: m2.pyfd_write(1, "x", 1),
    "bio: pyfd_write NULL BIO": lambda: m2.pyfd_write(None, "x", 1),
    "bio: pyfd_puts int": lambda: m2.pyfd_puts(_pipe_bio()[2], 1),
    "bio: pyfd_ctrl str cmd": lambda: m2.pyfd_ctrl(_pipe_bio()[2], "x", 0, None),
    "bio: pyfd_ctrl int ptr": lambda: m2.pyfd_ctrl(_pipe_bio()[2], 105, 0, 5),
    "bio: pyfd_ctrl overflow cmd": lambda: m2.pyfd_ctrl(_pipe_bio()[2], 2 ** 40, 0, None),
    "bio: pyfd_new NULL": lambda: m2.pyfd_new(None),
    "bio: pyfd_free NULL": lambda: m2.pyfd_free(None),
    "bio: pyfd_free int": lambda: m2.pyfd_free(1),
    "bio: pyfd_read str length": lambda: m2.pyfd_read(_pipe_bio()[2], None, "3"),
    "bio: pyfd_gets arity": lambda: m2.pyfd_gets(_pipe_bio()[2], None),
    "bio: pyfd_ctrl arity": lambda: m2.pyfd_ctrl(),
    "bio: pyfd_init with one": lambda: m2.pyfd_init(None),
})


# --- util: the proxy classes and cvar ----------------------------------------------

def bignum_instances():
    made = [m2.hex_to_bn(b"ff"), m2.dec_to_bn(b"255"), m2.bin_to_bn(b"\xff"),
            m2.mpi_to_bn(b"\x00\x00\x00\x02\x00\xff"), m2.PyObject_Bin_AsBIGNUM(b"\xff")]
    return [[isinstance(b, m2.bignum_st), type(b) is m2.bignum_st, m2.bn_to_hex(b)] for b in made] + \
        [type(m2.bignum_st).__name__, m2.bignum_st.__name__, isinstance(1, m2.bignum_st)]


def pyfd_ctx():
    c = m2.BIO_PYFD_CTX()
    before = c.fd
    c.fd = 5
    return [before, c.fd, c.thisown, isinstance(c, m2.BIO_PYFD_CTX), type(m2.BIO_PYFD_CTX).__name__,
            isinstance(int(c), int)]


def cvar_state():
    v = m2.cvar
    names = str(v).strip("()").split(", ")
    return [repr(v), type(v).__name__, dir(v), names,
            [[n, getattr(v, n) is None] for n in names]]


def cvar_set(name, value):
    setattr(m2.cvar, name, value)


CASES.update({
    "util: bignum_st instances": bignum_instances,
    "util: bignum_st()": lambda: m2.bignum_st(),
    "util: BIO_PYFD_CTX fd": pyfd_ctx,
    "util: BIO_PYFD_CTX fd str": lambda: setattr(m2.BIO_PYFD_CTX(), "fd", "x"),
    "util: BIO_PYFD_CTX fd overflow": lambda: setattr(m2.BIO_PYFD_CTX(), "fd", 2 ** 40),
    "util: BIO_PYFD_CTX(1)": lambda: m2.BIO_PYFD_CTX(1),
    "util: BIO_PYFD_CTX not a BIO": lambda: m2.bio_write(m2.BIO_PYFD_CTX(), b"x"),
    "util: cvar": cvar_state,
    "util: cvar unknown": lambda: m2.cvar.no_such_variable,
    "util: cvar set": lambda: cvar_set("_ssl_err", ValueError),
    "util: cvar set methods_fdp": lambda: cvar_set("methods_fdp", None),
    "util: cvar set unknown": lambda: cvar_set("no_such_variable", 1),
    "util: cvar delete": lambda: delattr(m2.cvar, "_bio_err"),
})

print(json.dumps({name: outcome(fn) for name, fn in CASES.items()}, sort_keys=True), flush=True)
# Skip teardown: the real module's stacks still point at freed handles.
os._exit(0)
