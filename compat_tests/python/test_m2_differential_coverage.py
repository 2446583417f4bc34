"""The differential m2 test covers the whole flat API: every function of the
real M2Crypto 0.51.0's m2 (scripts/data/m2_names_0.51.0.txt) is named by a
case of differential/m2_*_cases.py, which test_m2_flat_core, _pki, _ssl
and _swig_internals run through the real library and the drop-in, group by
group. The functions left out are listed with why; a name that gains a
case must leave the list."""
import pathlib
import re

import pytest

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
REAL = REPO / "scripts" / "data" / "m2_names_0.51.0.txt"

_ENGINE = ("the real build here has the ENGINE API and the drop-in refuses it by design "
           "(m2.is_engine_available is False; test_m2crypto_engine checks the refusals)")
_PROVIDER = ("the drop-in's core loads no providers and refuses, where the real one loads "
             "them (test_m2crypto_releases checks M2Crypto.Provider's refusals)")
_ECDSA_SIG = ("no m2 function returns an ECDSA_SIG *, so only bad input can be given, and "
              "the real module crashes on None (test_bad_input_hypothesis covers the drop-in)")
NOT_COMPARED = {
    **{name: _ENGINE for name in (
        "engine_by_id", "engine_cleanup", "engine_ctrl_cmd_string", "engine_finish", "engine_free",
        "engine_get_id", "engine_get_name", "engine_init", "engine_init_error",
        "engine_load_builtin_engines", "engine_load_certificate", "engine_load_dynamic",
        "engine_load_openssl", "engine_load_private_key", "engine_load_public_key", "engine_new",
        "engine_pkcs11_data_free", "engine_pkcs11_data_new", "engine_set_default")},
    **{name: _PROVIDER for name in (
        "provider_context_free", "provider_context_new", "provider_destroy_key",
        "provider_generate_ec_key_pair", "provider_generate_rsa_key_pair", "provider_init_error",
        "provider_load", "provider_load_certificate", "provider_load_key", "provider_unload")},
    "ecdsa_sig_get_r": _ECDSA_SIG,
    "ecdsa_sig_get_s": _ECDSA_SIG,
}
# The groups of issue 11 and the case files that hold them.
GROUPS = ("bio", "rsa", "dsa", "dh", "ec", "pkey", "x509", "asn1", "sk", "pkcs7", "smime", "ssl",
          "rand", "hmac", "digest", "cipher", "rc4", "util")


def _functions() -> list:
    return [line.split()[0] for line in REAL.read_text().splitlines()
            if line.endswith("builtin_function_or_method")]


def _named_in_cases() -> set:
    text = "".join(p.read_text() for p in sorted((HERE / "differential").glob("m2_*_cases.py")))
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))


def test_every_real_function_is_called_by_a_differential_case():
    named = _named_in_cases()
    missing = [n for n in _functions() if n not in named and n not in NOT_COMPARED]
    assert missing == [], f"{len(missing)} m2 functions have no differential case"


def test_the_exclusions_are_current():
    named, functions = _named_in_cases(), set(_functions())
    assert sorted(n for n in NOT_COMPARED if n in named or n not in functions) == []


@pytest.mark.parametrize("group", GROUPS)
def test_every_group_has_differential_cases(group):
    """Each group's cases run in one of the differential tests: the flat core
    groups as "group: case", the PKI families as "family.case", the TLS
    cases in m2_flat_ssl_cases.py, the generic stack as "sk: case"."""
    core = (HERE / "differential" / "m2_flat_cases.py").read_text()
    pki = (HERE / "differential" / "m2_pki_cases.py").read_text()
    swig = (HERE / "differential" / "m2_swig_cases.py").read_text()
    ssl = (HERE / "differential" / "m2_flat_ssl_cases.py").read_text()
    found = (f'"{group}: ' in core or f'"{group}.' in pki or f'"{group}: ' in swig
             or (group == "ssl" and "case(\"" in ssl))
    assert found
