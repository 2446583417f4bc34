"""The SWIG internals of M2Crypto 0.51.0's flat m2 (OPENSSL_sk_*,
ossl_check_*, pyfd_*, bignum_st, BIO_PYFD_CTX, cvar):

- differential: differential/m2_swig_cases.py runs the same calls through
  the real M2Crypto ($CRYPTOSHIM_REAL_M2CRYPTO_PYTHON) and the drop-in; the
  values and exception classes must agree, and each drop-in message must be
  the real one, or the real one followed by a hint in parentheses;
- the drop-in only: the calls that crash or corrupt the real module
  (NULL callbacks on elements, pyfd_read/pyfd_gets into a str,
  BIO_C_SET_FD through NULL, a freed stack) refuse with the class the real
  one raises for misuse and say what to use instead."""
import json
import os
import pathlib
import subprocess
import sys

import pytest
from cryptoshim import catalog
from cryptoshim.legacy import API_ATTRIBUTE
from M2Crypto import BIO, X509, m2

HERE = pathlib.Path(__file__).resolve().parent
SCRIPT = HERE / "differential" / "m2_swig_cases.py"
GROUPS = ("sk", "ossl", "bio", "util")
sys.path.insert(0, str(HERE))
from test_m2_flat_pki import _real_env, _real_python  # noqa: E402

# Compared by exception class only, each with why the messages differ.
CLASS_ONLY = {
    "util: bignum_st()": "the class's module: SWIG names it after its module (m2crypto / _m2)",
}


def _agrees(want, got, class_only: bool) -> bool:
    """Same value, or same exception class with the real message (a hint may follow)."""
    if isinstance(want, dict) and "raises" in want:
        if not isinstance(got, dict) or got.get("raises") != want["raises"]:
            return False
        if class_only:
            return True
        message = got.get("message", "")
        return message == want["message"] or message.startswith(want["message"] + " (")
    if isinstance(want, dict) and "list" in want and isinstance(got, dict) and "list" in got:
        return len(want["list"]) == len(got["list"]) and all(
            _agrees(w, g, class_only) for w, g in zip(want["list"], got["list"]))
    return want == got


@pytest.fixture(scope="module")
def both_sides(tmp_path_factory):
    real = _real_python()
    out = {}
    for side, python, env in (("real", real, _real_env()), ("ours", sys.executable, dict(os.environ))):
        run = subprocess.run([python, str(SCRIPT), str(tmp_path_factory.mktemp(side))],
                             capture_output=True, text=True, env=env)
        assert run.stdout, f"{python} printed nothing (rc {run.returncode}): {run.stderr[-2000:]}"
        out[side] = json.loads(run.stdout)
    return out["real"], out["ours"]


@pytest.mark.parametrize("group", GROUPS)
def test_group_matches_real_m2crypto(group, both_sides):
    real, ours = both_sides
    names = [n for n in real if n.startswith(group + ":")]
    assert names
    mismatches = {n: {"real": real[n], "ours": ours.get(n)} for n in names
                  if not _agrees(real[n], ours.get(n), n in CLASS_ONLY)}
    assert mismatches == {}, json.dumps(mismatches, indent=1)


def test_every_case_ran_on_both_sides(both_sides):
    real, ours = both_sides
    assert set(real) == set(ours)
    assert {n.split(":")[0] for n in real} == set(GROUPS)
    assert set(CLASS_ONLY) <= set(real)


# --- the drop-in only ---------------------------------------------------------------

NAMES = [r["name"] for r in catalog.records() if r["id"].startswith("m2crypto.m2.") and
         r["name"].startswith(("OPENSSL_sk_", "ossl_check_", "pyfd_"))] + ["bignum_st", "BIO_PYFD_CTX"]


@pytest.mark.parametrize("name", NAMES)
def test_each_name_is_a_counted_entry_point(name):
    assert getattr(getattr(m2, name), API_ATTRIBUTE) == "m2crypto.m2." + name
    assert catalog.by_id()["m2crypto.m2." + name]["replacement"]


def test_null_callbacks_on_elements_refuse():
    cert = X509.X509()._ptr()
    g = m2.OPENSSL_sk_new_null()
    m2.OPENSSL_sk_push(g, cert)
    with pytest.raises(ValueError, match="OPENSSL_sk_dup"):
        m2.OPENSSL_sk_deep_copy(g, None, None)
    with pytest.raises(ValueError, match="OPENSSL_sk_free"):
        m2.OPENSSL_sk_pop_free(g, None)
    assert m2.OPENSSL_sk_num(g) == 1  # refused, so nothing was freed
    m2.OPENSSL_sk_free(g)
    with pytest.raises(ValueError, match="freed"):
        m2.OPENSSL_sk_num(g)
    with pytest.raises(TypeError, match="pass None"):
        m2.OPENSSL_sk_set_cmp_func(m2.OPENSSL_sk_new_null(), len)


def test_elements_are_the_pushed_handles():
    cert = X509.X509()._ptr()
    g = m2.OPENSSL_sk_new_null()
    m2.OPENSSL_sk_push(g, cert)
    assert m2.OPENSSL_sk_value(g, 0) is cert
    assert m2.x509_get_version(m2.OPENSSL_sk_pop(g)) == 0  # still a usable X509 handle


def test_typed_stack_casts_say_what_to_use():
    with pytest.raises(TypeError, match="OPENSSL_sk_new_null"):
        m2.ossl_check_OPENSSL_STRING_sk_type(m2.sk_x509_new_null())


def _pipe_bio():
    r, w = os.pipe()
    return r, w, m2.bio_new_pyfd(w, 1)


def test_pyfd_read_and_gets_cannot_fill_a_str():
    r, w, b = _pipe_bio()
    with pytest.raises(TypeError, match="m2.bio_read"):
        m2.pyfd_read(b, "buffer", 6)
    with pytest.raises(TypeError, match="m2.bio_gets"):
        m2.pyfd_gets(b, "buffer", 6)
    with pytest.raises(ValueError, match="m2.bio_gets"):
        m2.pyfd_gets(b, None, 6)
    with pytest.raises(ValueError, match="m2.bio_new_pyfd"):
        m2.pyfd_ctrl(b, 104, 0, None)  # BIO_C_SET_FD through a NULL int *
    os.close(r)
    assert m2.pyfd_free(b) == 1  # owned: closes w


def test_pyfd_refuses_other_bios_and_past_the_string():
    with pytest.raises(BIO.BIOError, match="descriptor BIO"):
        m2.pyfd_write(m2.bio_new(m2.bio_s_mem()), "x", 1)
    with pytest.raises(BIO.BIOError, match="descriptor BIO"):
        m2.pyfd_new(m2.bio_new(m2.bio_s_mem()))
    r, w, b = _pipe_bio()
    with pytest.raises(ValueError, match="length"):
        m2.pyfd_write(b, "ab", 3)
    with pytest.raises(ValueError, match="NULL"):
        m2.pyfd_puts(b, None)
    m2.pyfd_free(b)
    os.close(r)
    with pytest.raises(BIO.BIOError, match="not been initialized"):
        m2.pyfd_write(b, "x", 1)


def test_cvar_gives_the_registered_classes():
    from M2Crypto import EVP, RSA, SSL
    assert m2.cvar._evp_err is EVP.EVPError
    assert m2.cvar._rsa_err is RSA.RSAError
    assert m2.cvar._ssl_err is SSL.SSLError
    assert m2.cvar._x509_err is X509.X509Error
    assert m2.bio_new(m2.cvar.methods_fdp).fileno() == -1
