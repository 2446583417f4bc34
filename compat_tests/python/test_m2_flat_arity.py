"""Argument errors of the flat M2Crypto.m2 functions: every function both
sides have is called with no arguments, nine arguments and an unknown
keyword, through the real M2Crypto 0.51.0 ($CRYPTOSHIM_REAL_M2CRYPTO_PYTHON)
and through the drop-in (differential/m2_arity_cases.py); the exception
class and message must be the same. SWIG words these errors itself
("rsa_sign expected 3 arguments, got 0", "M2Crypto._m2crypto.bio_new() takes
exactly one argument (0 given)"), and the drop-in's functions written in
Python raise the same (M2Crypto/_m2_arity.py)."""
import json
import os
import pathlib
import subprocess
import sys
import warnings

import pytest
from M2Crypto import m2

HERE = pathlib.Path(__file__).resolve().parent
SCRIPT = HERE / "differential" / "m2_arity_cases.py"
sys.path.insert(0, str(HERE))
from test_m2_flat_pki import _real_env, _real_python  # noqa: E402

_REFUSED = "a refused feature: the drop-in raises its own error before looking at the arguments"
_OVERLOADED = ("an overloaded SWIG function: SWIG tries every C prototype and words the "
               "failure as 'Wrong number or type of arguments for overloaded function'")
# Functions whose argument errors differ, each with why.
KNOWN = {
    **{f"engine_{n}": _REFUSED for n in (
        "ctrl_cmd_string", "finish", "free", "get_id", "get_name", "init", "load_certificate",
        "load_dynamic", "load_openssl", "load_private_key", "load_public_key", "new",
        "pkcs11_data_free", "pkcs11_data_new", "set_default")},
    **{f"provider_{n}": _REFUSED for n in (
        "context_free", "context_new", "destroy_key", "generate_ec_key_pair",
        "generate_rsa_key_pair", "load", "load_certificate", "load_key", "unload")},
    **{n: _OVERLOADED for n in ("digest_sign_init", "digest_verify_init", "rand_file_name",
                                "x509_store_set_flags", "x509_store_set_verify_cb")},
    "lib_init": "a Python no-op here (OpenSSL 3 initialises itself), not a SWIG function",
    "raise_ossl_error": "real M2Crypto converts its nine None arguments before counting them "
                        "(ValueError 'Received a NULL pointer.')",
}


@pytest.fixture(scope="module")
def both_sides():
    out = {}
    for side, python, env in (("real", _real_python(), _real_env()),
                              ("ours", sys.executable, dict(os.environ))):
        run = subprocess.run([python, str(SCRIPT)], capture_output=True, text=True, env=env)
        assert run.stdout, f"{python} printed nothing (rc {run.returncode}): {run.stderr[-2000:]}"
        out[side] = json.loads(run.stdout.splitlines()[-1])
    return out["real"], out["ours"]


def test_argument_errors_match_real_m2crypto(both_sides):
    real, ours = both_sides
    common = sorted(set(real) & set(ours))
    assert len(common) >= 2000  # 677 m2 functions both sides have, three cases each
    mismatches = {case: {"real": real[case], "ours": ours[case]} for case in common
                  if real[case] != ours[case] and case.split(":")[0] not in KNOWN}
    assert mismatches == {}, json.dumps(mismatches, indent=1)


def test_every_known_difference_is_still_one(both_sides):
    real, ours = both_sides
    agreeing = {name for name in KNOWN
                if all(real.get(f"{name}: {c}") == ours.get(f"{name}: {c}")
                       for c in ("none", "nine", "keyword"))}
    assert agreeing == set()


def test_the_real_library_has_every_function_the_drop_in_has(both_sides):
    real, _ = both_sides
    real_names = {case.split(":")[0] for case in real}
    assert real_names - {n for n in vars(m2) if not n.startswith("_")} == set()


def test_a_type_error_from_the_body_keeps_its_message():
    # Right count, wrong type: the error comes from the function itself.
    with pytest.raises(TypeError, match="argument 1 of type 'BIO_METHOD \\*'"):
        m2.bio_new(42)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(TypeError, match=r"^rsa_sign expected 3 arguments, got 1$"):
            m2.rsa_sign(None)


def test_swig_functions_name_m2crypto_s_extension():
    assert m2.bn_to_hex.__module__ == "M2Crypto._m2crypto"
    assert m2.sha256.__module__ == "M2Crypto._m2crypto"
    import M2Crypto._m2crypto as extension
    from M2Crypto import _m2crypto
    assert extension is _m2crypto is m2
