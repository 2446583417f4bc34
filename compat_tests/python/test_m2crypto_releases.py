"""The surface of every M2Crypto release still in use (0.38.0 .. 0.51.0), and
the release knob CRYPTOSHIM_M2CRYPTO_RELEASE for the defaults that changed
between them (legacy_api/M2Crypto/_release.py). Expected values come from
independent oracles (the openssl CLI, pyca/cryptography, hmac), not from the
drop-in; the upstream suites m2crypto-0.38.0/0.45.1 compare with the real
releases."""
import hmac
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest
from cryptography import x509 as cx509
from cryptography.hazmat.primitives import serialization

import M2Crypto
from M2Crypto import EVP, Engine, Provider, util


def run_as(release: str, code: str) -> str:
    """Run `code` in a fresh interpreter answering as `release`."""
    env = dict(os.environ, CRYPTOSHIM_M2CRYPTO_RELEASE=release)
    proc = subprocess.run([sys.executable, "-W", "ignore", "-c", textwrap.dedent(code)],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@pytest.fixture(scope="module")
def cert(tmp_path_factory) -> pathlib.Path:
    d = tmp_path_factory.mktemp("rel")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    str(d / "key.pem"), "-subj", "/C=US/O=cryptoshim/CN=rel.example", "-days", "2",
                    "-out", str(d / "cert.pem")], check=True, capture_output=True)
    return d / "cert.pem"


def openssl_x509(cert: pathlib.Path, *args: str) -> str:
    return subprocess.run(["openssl", "x509", "-noout", "-in", str(cert), *args], check=True,
                          capture_output=True, text=True).stdout.strip()


# -- surface that only some releases have ------------------------------------

def test_util_names_of_0_45():
    assert util.is_32bit() is (sys.maxsize <= 2**32)
    assert util.AddrType is not None and util.ModeStr is str

    class Case:
        @util.expectedFailureIf(True)
        def t(self):
            raise AssertionError

    assert getattr(Case.t, "__unittest_expecting_failure__", False)


def test_package_imports_submodules_on_first_use_as_0_38_did():
    code = ("import M2Crypto; "
            "print(M2Crypto.X509.__name__, M2Crypto.urllib2.__name__, M2Crypto.encrypt, M2Crypto.decrypt)")
    assert run_as("0.51.0", code) == "M2Crypto.X509 M2Crypto.m2urllib 1 0"


def test_vendored_six_and_deprecated_callback_module():
    out = run_as("0.38.0", """
        import warnings
        from M2Crypto.six.moves.http_cookies import SimpleCookie
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            from M2Crypto import callback
        print(SimpleCookie.__name__, callback.passphrase_callback.__name__,
              [str(w.message) for w in caught if w.category is DeprecationWarning])
    """)
    assert out == "SimpleCookie passphrase_callback ['Use the util module instead']"


def test_key_identifier_is_rfc5280_method_1(cert):
    pub = cx509.load_pem_x509_certificate(cert.read_bytes()).public_key()
    expected = cx509.SubjectKeyIdentifier.from_public_key(pub).digest
    key = EVP.load_key_string_pubkey(pub.public_bytes(serialization.Encoding.PEM,
                                                      serialization.PublicFormat.SubjectPublicKeyInfo))
    assert key.get_key_identifier() == expected


def test_engine_methods_refuse_saying_why():
    with pytest.raises(Engine.EngineError, match="ENGINE API is not available"):
        Engine.Engine.load_private_key(object.__new__(Engine.Engine), "pkcs11:id=1")
    assert Engine.Engine.is_initialized(object.__new__(Engine.Engine)) is False


# -- M2Crypto.Provider (0.51.0) ----------------------------------------------

def test_provider_refuses_modules_it_cannot_load_saying_why():
    with pytest.raises(Provider.ProviderError,
                       match=r"Failed to load OpenSSL provider 'pkcs11': .*loads no OpenSSL provider"):
        Provider.Provider("pkcs11")
    assert issubclass(Provider.ProviderError, ValueError)


def test_provider_default_generates_keys():
    provider = Provider.Provider("default")
    rsa = provider.generate_rsa_key_pair(2048)
    ec = provider.generate_ec_key_pair("secp384r1")
    assert rsa.size() == 256
    assert len(ec.get_ec()) == 384
    with pytest.raises(Provider.ProviderError, match="Invalid bits value: 100"):
        provider.generate_rsa_key_pair(100)


def test_provider_uri_loading_refused_after_upstreams_checks():
    provider = Provider.Provider("default")
    with pytest.raises(Provider.ProviderError, match="should indicate 'type=private' or 'type=public'"):
        provider.load_key("pkcs11:id=%01")
    with pytest.raises(Provider.ProviderError, match=r"Failed to open store: .*no OSSL_STORE loader"):
        provider.load_key("pkcs11:id=%01;type=private")
    with pytest.raises(Provider.ProviderError, match="Wrong type"):
        provider.load_certificate(b"pkcs11:id=%01")
    with pytest.raises(NotImplementedError):
        provider.destroy_key("pkcs11:id=%01")


# -- the release knob ----------------------------------------------------------

@pytest.mark.parametrize("release, digest", [("0.38.0", "sha1"), ("0.45.1", "sha1"), ("0.51.0", "sha256")])
def test_default_mac_digest_follows_the_release(release, digest):
    out = run_as(release, "from M2Crypto import EVP; print(EVP.hmac(b'k', b'data').hex())")
    assert out == hmac.new(b"k", b"data", digest).hexdigest()


@pytest.mark.parametrize("release, flag", [("0.38.0", "-subject_hash_old"), ("0.51.0", "-subject_hash")])
def test_name_hash_follows_the_release(release, flag, cert):
    out = run_as(release, "from M2Crypto import X509; "
                          f"print('%08x' % X509.load_cert({str(cert)!r}).get_subject().as_hash())")
    assert out == openssl_x509(cert, flag)


@pytest.mark.parametrize("release, md", [("0.45.1", "md5"), ("0.51.0", "sha1")])
def test_fingerprint_default_follows_the_release(release, md, cert):
    out = run_as(release, f"from M2Crypto import X509; print(X509.load_cert({str(cert)!r}).get_fingerprint())")
    expected = openssl_x509(cert, "-fingerprint", f"-{md}").split("=", 1)[1].replace(":", "")
    # M2Crypto drops leading zeros (it formats the digest as an integer).
    assert out.lstrip("0") == expected.lstrip("0")


@pytest.mark.parametrize("release, detached", [("0.45.1", False), ("0.51.0", True)])
def test_smime_default_flags_follow_the_release(release, detached):
    out = run_as(release, "import inspect; from M2Crypto import SMIME; "
                 "print(inspect.signature(SMIME.SMIME.sign).parameters['flags'].default & SMIME.PKCS7_DETACHED)")
    assert bool(int(out)) is detached


def test_version_reports_the_release():
    out = run_as("0.38.0", "import M2Crypto; print(M2Crypto.__version__, M2Crypto.version_info)")
    assert out == "0.38.0 (0, 38, 0)"
    assert M2Crypto.version_info == tuple(int(p) for p in M2Crypto.__version__.split("."))


def test_unknown_release_is_refused_at_import():
    env = dict(os.environ, CRYPTOSHIM_M2CRYPTO_RELEASE="0.20")
    proc = subprocess.run([sys.executable, "-c", "import M2Crypto"], capture_output=True, text=True, env=env)
    assert proc.returncode != 0
    assert "CRYPTOSHIM_M2CRYPTO_RELEASE='0.20': expected an M2Crypto release from 0.38.0 on" in proc.stderr


def test_sha1_pinning_of_old_releases_is_reported_unsafe():
    out = run_as("0.45.1", """
        import warnings
        from cryptoshim import InsecureLegacyWarning
        from M2Crypto.SSL import Checker
        from M2Crypto import X509
        c = Checker.Checker(peerCertHash="00" * 20)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                c._check_fingerprint(X509.X509())
            except Exception as exc:
                print(type(exc).__name__)
        print(any(w.category is InsecureLegacyWarning for w in caught))
    """)
    assert out.splitlines()[-1] == "True"


def test_tampered_cookie_with_non_ascii_mac_is_not_good():
    # M2Crypto 0.38.0's test_cookie_str_changed_mac shifts two characters of the
    # MAC by 13 code points, which can leave a non-ASCII character there.
    from M2Crypto.AuthCookie import AuthCookieJar

    jar = AuthCookieJar()
    good = jar.makeCookie(4102444800.0, "data").output(header="").strip()
    start = good.index("digest=") + len("digest=")
    tampered = good[:start] + "\x82" + good[start + 1:]
    assert jar.isGoodCookieString(good)
    assert jar.isGoodCookieString(tampered) is False


def test_ssl_dispatcher_of_0_38_wraps_a_connection():
    import asyncore

    from M2Crypto import SSL
    from M2Crypto.SSL.ssl_dispatcher import ssl_dispatcher

    ctx = SSL.Context()
    d = ssl_dispatcher()
    d.create_socket(ctx)
    try:
        assert isinstance(d.socket, SSL.Connection) and d.ssl_ctx is ctx
        # As in 0.38.0: add_channel() registers under the dispatcher's _fileno.
        assert asyncore.socket_map.get(d._fileno) is d
    finally:
        d.close()


@pytest.mark.parametrize("release,expected", [("0.38.0", "RSAError RSAError"),
                                              ("0.45.1", "None None"), ("0.51.0", "None None")])
def test_rsa_decrypt_failure_raises_before_0_45(release, expected):
    # M2Crypto 0.45.1's _rsa.i clears the error and returns None where
    # 0.38.0's raised (sources of both sdists); the class calls m2's.
    out = run_as(release, """
        from M2Crypto import RSA, m2
        k = RSA.gen_key(1024, 65537, lambda *a: None)
        def outcome(call):
            try:
                return repr(call())
            except RSA.RSAError:
                return "RSAError"
        print(outcome(lambda: k.private_decrypt(b"x" * 128, RSA.pkcs1_padding)),
              outcome(lambda: m2.rsa_public_decrypt(k.rsa, b"x" * 128, m2.pkcs1_padding)))
    """)
    assert out == expected
