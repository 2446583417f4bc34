"""The flat m2.* PKI families (x509, x509_name, x509_req, x509_crl,
x509_store, sk, asn1, pkcs7, smime, dsa, dh, ec):

- differential: differential/m2_pki_cases.py runs the same call sequences
  through the real M2Crypto 0.51.0 ($CRYPTOSHIM_REAL_M2CRYPTO_PYTHON, else
  the interpreter scripts/real-m2crypto-venv.sh prints) and through the
  drop-in; values and exception classes (and SWIG's argument-error
  messages) must agree, family by family. Without a real interpreter the
  test fails: it is never skipped silently;
- the drop-in only: the safety policy on weak digests, ciphers and key
  sizes, and a sweep of bad arguments that must raise, never crash."""
import json
import os
import pathlib
import subprocess
import sys
import warnings

import pytest

warnings.simplefilter("ignore", DeprecationWarning)
from cryptoshim import InsecureLegacyWarning  # noqa: E402
from M2Crypto import BIO, EC, EVP, X509, m2  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCRIPT = HERE / "differential" / "m2_pki_cases.py"

FAMILIES = ("x509", "x509_name", "x509_req", "x509_crl", "x509_store", "sk", "asn1", "pkcs7",
            "smime", "dsa", "dh", "ec")

# Cases whose outcome may differ, each with the reason. Empty: every case
# must agree.
KNOWN_DIFFERENCES: dict = {}


def _real_env() -> dict:
    """The real library's environment: no paths that lead to the drop-in."""
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR", "PYTHONHOME")}


def _real_python() -> str:
    python = os.environ.get("CRYPTOSHIM_REAL_M2CRYPTO_PYTHON")
    if not python:
        made = subprocess.run([str(REPO / "scripts" / "real-m2crypto-venv.sh")],
                              capture_output=True, text=True)
        if made.returncode != 0:
            pytest.fail("no real M2Crypto: set CRYPTOSHIM_REAL_M2CRYPTO_PYTHON or fix "
                        "scripts/real-m2crypto-venv.sh:\n" + made.stderr[-2000:])
        python = made.stdout.strip().splitlines()[-1]
    probe = subprocess.run([python, "-c", "import M2Crypto, sys; import cryptoshim"],
                           capture_output=True, env=_real_env())
    if probe.returncode == 0:
        pytest.fail(f"{python} imports cryptoshim: it is not the real M2Crypto")
    probe = subprocess.run([python, "-c", "import M2Crypto.m2"], capture_output=True,
                           env=_real_env())
    if probe.returncode != 0:
        pytest.fail(f"{python} cannot import the real M2Crypto: {probe.stderr[-2000:]!r}")
    return python


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    d = tmp_path_factory.mktemp("m2pki")

    def run(*args):
        subprocess.run(args, check=True, capture_output=True, cwd=d)
    run("openssl", "genrsa", "-out", "ca.key", "2048")
    run("openssl", "req", "-x509", "-new", "-key", "ca.key", "-subj",
        "/C=US/O=cryptoshim/CN=Diff CA", "-days", "30", "-sha256", "-out", "ca.pem",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("openssl", "genrsa", "-out", "leaf.key", "2048")
    run("openssl", "req", "-new", "-key", "leaf.key", "-subj",
        "/C=US/O=cryptoshim/CN=leaf.example", "-out", "leaf.csr")
    (d / "ext.cnf").write_text("subjectAltName=DNS:leaf.example,IP:127.0.0.1,"
                               "email:a@b.example\nbasicConstraints=CA:FALSE\n")
    run("openssl", "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "20", "-sha256", "-extfile", "ext.cnf", "-out", "leaf.pem")
    (d / "ca.cnf").write_text("[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\n"
                              "crlnumber=crlnumber\ndefault_md=sha256\ndefault_crl_days=7\n")
    (d / "index.txt").write_text("")
    (d / "crlnumber").write_text("01\n")
    run("openssl", "ca", "-config", "ca.cnf", "-gencrl", "-keyfile", "ca.key", "-cert",
        "ca.pem", "-out", "crl.pem")
    run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key")
    run("openssl", "ec", "-in", "ec.key", "-pubout", "-out", "ec.pub")
    run("openssl", "dsaparam", "-out", "dsaparam.pem", "2048")
    run("openssl", "gendsa", "-out", "dsa.key", "dsaparam.pem")
    run("openssl", "dsa", "-in", "dsa.key", "-pubout", "-out", "dsa.pub")
    run("openssl", "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048",
        "-out", "dh.pem")
    return d


def _run(python: str, fixtures: pathlib.Path, env: dict) -> dict:
    done = subprocess.run([python, str(SCRIPT), str(fixtures)], capture_output=True, text=True,
                          env=env)
    assert done.returncode == 0, f"{python} crashed or failed:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def outcomes(fixtures):
    real = _run(_real_python(), fixtures, _real_env())
    # compat: the policy whose behaviour matches the library (strict is tested below).
    ours = _run(sys.executable, fixtures, dict(os.environ, CRYPTOSHIM_POLICY="compat"))
    return real, ours


def _family(case: str) -> str:
    return case.split(".", 1)[0]


def test_every_case_belongs_to_a_family(outcomes):
    real, ours = outcomes
    assert set(real) == set(ours)
    assert {_family(name) for name in real} == set(FAMILIES)


@pytest.mark.parametrize("family", FAMILIES)
def test_family_matches_real_m2crypto(outcomes, family):
    real, ours = outcomes
    cases = [name for name in real if _family(name) == family]
    assert cases
    mismatches = {name: {"real": real[name], "ours": ours.get(name)} for name in cases
                  if name not in KNOWN_DIFFERENCES and real[name] != ours.get(name)}
    assert not mismatches, json.dumps(mismatches, indent=1)


# --- the drop-in only: policy ---------------------------------------------------------------



def _leaf(fixtures):
    return m2.x509_read_pem(BIO.MemoryBuffer((fixtures / "leaf.pem").read_bytes()))


def _leaf_key(fixtures):
    return EVP.load_key(str(fixtures / "leaf.key"))


def test_sha1_certificate_signature_warns(fixtures, compat):
    x = _leaf(fixtures)
    with pytest.warns(InsecureLegacyWarning, match="SHA1"):
        assert m2.x509_sign(x, _leaf_key(fixtures)._ptr(), m2.sha1()) == 256


def test_sha1_signatures_refused_under_strict(fixtures, strict):
    key = _leaf_key(fixtures)
    with pytest.raises(Exception, match="SHA1"):
        m2.x509_sign(_leaf(fixtures), key._ptr(), m2.sha1())
    req = m2.x509_req_read_pem(BIO.MemoryBuffer((fixtures / "leaf.csr").read_bytes()))
    with pytest.raises(Exception, match="SHA1"):
        m2.x509_req_sign(req, key._ptr(), m2.sha1())
    with pytest.raises(Exception, match="SHA1"):
        m2.pkcs7_sign0(_leaf(fixtures), key._ptr(), BIO.MemoryBuffer(b"x"), m2.sha1(), 0)
    assert m2.x509_sign(_leaf(fixtures), key._ptr(), m2.sha256()) == 256


def test_small_dsa_and_dh_parameters_refused_under_strict(strict):
    with pytest.raises(Exception, match="DSA-1024"):
        m2.dsa_generate_parameters(1024, None)
    with pytest.raises(Exception, match="DH-512"):
        m2.dh_generate_parameters(512, 2, None)


def test_legacy_cipher_key_encryption_refused_under_strict(fixtures, strict):
    key = m2.ec_key_read_bio(BIO.MemoryBuffer((fixtures / "ec.key").read_bytes()), None)
    with pytest.raises(Exception, match=r"(?i)des"):
        m2.ec_key_write_bio(key, BIO.MemoryBuffer(), m2.des_ede3_cbc(), lambda *a: b"pw")


def test_skipping_pkcs7_verification_refused_under_strict(fixtures, strict):
    key = _leaf_key(fixtures)
    p7 = m2.pkcs7_sign0(_leaf(fixtures), key._ptr(), BIO.MemoryBuffer(b"x"), m2.sha256(), 0)
    stack = m2.sk_x509_new_null()
    m2.sk_x509_push(stack, _leaf(fixtures))
    with pytest.raises(Exception, match="PKCS7_NOVERIFY"):
        m2.pkcs7_verify0(p7, stack, m2.x509_store_new(), m2.PKCS7_NOVERIFY)


def test_m2_verify_callback_cannot_overrule_a_failure(fixtures):
    store = m2.x509_store_new()
    m2.x509_store_set_verify_cb(store, lambda ok, ctx: 1)
    ctx = m2.x509_store_ctx_new()
    m2.x509_store_ctx_init(ctx, store, _leaf(fixtures), None)
    assert m2.x509_verify_cert(ctx) == 0
    assert m2.x509_store_ctx_get_error(ctx) == m2.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY


# --- the drop-in only: handles the real library crashes on ------------------------------------

def test_unknown_curve_is_ec_error():
    # The real library raises SystemError here (a result with an ECError set).
    with pytest.raises(EC.ECError):
        m2.ec_key_new_by_curve_name(1)


def test_ec_key_without_curve_is_ec_error():
    # The real library crashes reading the length of an empty EC_KEY.
    with pytest.raises(EC.ECError):
        m2.ec_key_keylen(m2.ec_key_new())


def test_class_layer_stack_pointer_is_accepted(fixtures):
    stack = X509.X509_Stack()
    stack.push(X509.X509(_leaf(fixtures), 1))
    assert m2.sk_x509_num(stack._ptr()) == 1
    assert m2.get_der_encoding_stack(stack._ptr()) == stack.as_der()


# --- bad input: the library's exceptions, never a crash --------------------------------------

_PKI_NAMES = sorted(n for n in dir(m2) if n.startswith((
    "x509", "asn1_", "sk_x509", "pkcs7_", "smime_", "dsa_", "dh_", "dhparams", "ec_key", "ecdsa",
    "ecdh", "d2i_x509", "i2d_x509", "make_stack", "get_der_encoding")))
# -1, not a large int: a size argument must not start a long key generation.
_BAD = (None, "text", b"\x30\x03garbage", -1, object(), [object()])


def _library_errors():
    from cryptoshim import InsecureOperationError  # a small size refused under strict
    from M2Crypto import DH, DSA, SMIME
    return (TypeError, ValueError, X509.X509Error, DSA.DSAError, DH.DHError, EC.ECError,
            SMIME.PKCS7_Error, SMIME.SMIME_Error, InsecureOperationError)


@pytest.mark.parametrize("name", _PKI_NAMES)
def test_bad_arguments_raise_cleanly(name):
    fn = getattr(m2, name)
    allowed = _library_errors()
    errors = []
    for arity in range(0, 7):
        for bad in _BAD:
            try:
                fn(*([bad] * arity))
            except Exception as exc:  # classified below
                errors.append(exc)
    # Whatever the arity, a failure is SWIG's TypeError/ValueError or the
    # family's own error class: no core error, no crash.
    strays = [repr(e) for e in errors if not isinstance(e, allowed)]
    assert not strays, strays
