"""The policy step of legacy chain verification (x509_verification.
legacy_chain_policy) through pyOpenSSL's X509StoreContext and M2Crypto's
X509_Store_Context: chains with a SHA-1 signed or a 1024-bit RSA intermediate
verify in compat with an InsecureLegacyWarning, and are refused in strict with
each library's own error; a chain that meets the WebPKI profile passes both
silently. All certificates are generated here with the ``cryptography``
package."""
from __future__ import annotations

import datetime
import warnings

import pytest
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, rsa  # noqa: E402

from cryptoshim.exceptions import InsecureLegacyWarning  # noqa: E402

NOW = datetime.datetime.now(datetime.timezone.utc)
APPLICATION_VERIFICATION = 50  # X509_V_ERR_APPLICATION_VERIFICATION


def _issue(certs, cn, issuer, key, *, ca, sha1=False):
    """A WebPKI-conforming certificate for `key`, signed by `issuer`
    ((certificate, key), or None for self-signed) with SHA-256, or SHA-1."""
    issuer_key = issuer[1] if issuer else None
    cert, _ = certs(cn, key=key, issuer=issuer, ca=True if ca else None,
                    not_before=NOW - datetime.timedelta(days=1),
                    not_after=NOW + datetime.timedelta(days=30),
                    extensions=certs.webpki(key, issuer_key, ca=ca, san=None if ca else cn))
    return (certs.resign_sha1(cert, issuer_key or key) if sha1 else cert), key


@pytest.fixture(scope="module")
def root(certs):
    return _issue(certs, "Policy Test Root", None, rsa.generate_private_key(65537, 2048), ca=True)


def _chain(certs, root, kind):
    """(root, intermediate, leaf) with the intermediate made weak by `kind`."""
    if kind == "sha1-intermediate":
        ica = _issue(certs, "Policy Test Intermediate", root, rsa.generate_private_key(65537, 2048), ca=True,
                     sha1=True)
    elif kind == "rsa1024-intermediate":
        ica = _issue(certs, "Policy Test Intermediate", root, rsa.generate_private_key(65537, 1024), ca=True)
    else:
        ica = _issue(certs, "Policy Test Intermediate", root, ec.generate_private_key(ec.SECP256R1()), ca=True)
    leaf = _issue(certs, "example.com", ica, ec.generate_private_key(ec.SECP256R1()), ca=False)
    return root, ica, leaf


WEAK = {"sha1-intermediate": ("sha1WithRSAEncryption", "signature algorithm is not permitted"),
        "rsa1024-intermediate": ("1024-bit RSA key", "RSA key is too small")}




def _pem(cert) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


# --- pyOpenSSL


def _pyopenssl_ctx(chain):
    from OpenSSL import crypto

    root, ica, leaf = chain
    store = crypto.X509Store()
    store.add_cert(crypto.X509.from_cryptography(root[0]))
    return crypto.X509StoreContext(
        store, crypto.X509.from_cryptography(leaf[0]), [crypto.X509.from_cryptography(ica[0])]
    )


def _insecure(records):
    return [str(w.message) for w in records if issubclass(w.category, InsecureLegacyWarning)]


@pytest.mark.parametrize("kind", sorted(WEAK))
def test_pyopenssl_compat_verifies_a_weak_chain_loudly(root, certs, kind, compat):
    ctx = _pyopenssl_ctx(_chain(certs, root, kind))
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        assert ctx.verify_certificate() is None
    insecure = _insecure(records)
    assert len(insecure) == 1, insecure
    assert "weak cryptography" in insecure[0] and WEAK[kind][0] in insecure[0]
    assert "Policy Test Intermediate" in insecure[0]


@pytest.mark.parametrize("kind", sorted(WEAK))
def test_pyopenssl_strict_refuses_a_weak_chain(certs, root, kind, strict):
    from OpenSSL import crypto

    ctx = _pyopenssl_ctx(_chain(certs, root, kind))
    with pytest.raises(crypto.X509StoreContextError) as info:
        ctx.verify_certificate()
    assert str(info.value).startswith("WebPKI policy: ")
    assert WEAK[kind][1] in str(info.value)
    assert info.value.errors[0] == APPLICATION_VERIFICATION
    with pytest.raises(crypto.X509StoreContextError):
        ctx.get_verified_chain()


@pytest.mark.parametrize("mode", ["compat", "strict"])
def test_pyopenssl_good_chain_passes_silently(root, certs, mode, request):
    request.getfixturevalue(mode)
    chain = _chain(certs, root, "good")
    ctx = _pyopenssl_ctx(chain)
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        assert ctx.verify_certificate() is None
        verified = ctx.get_verified_chain()
    assert _insecure(records) == []
    assert [c.to_cryptography() for c in verified] == [chain[2][0], chain[1][0], chain[0][0]]


def test_pyopenssl_openssl_failure_comes_first(root, certs, strict):
    """A chain OpenSSL itself rejects keeps OpenSSL's error, not the policy's."""
    from OpenSSL import crypto

    _, ica, leaf = _chain(certs, root, "sha1-intermediate")
    store = crypto.X509Store()  # the root is not trusted
    ctx = crypto.X509StoreContext(store, crypto.X509.from_cryptography(leaf[0]),
                                  [crypto.X509.from_cryptography(ica[0])])
    with pytest.raises(crypto.X509StoreContextError) as info:
        ctx.verify_certificate()
    assert info.value.errors[0] != APPLICATION_VERIFICATION
    assert "WebPKI" not in str(info.value)


# --- M2Crypto


def _m2_verify(chain):
    """(verify_cert() result, the context, the callback's (ok, error) calls)."""
    from M2Crypto import X509
    root, ica, leaf = chain
    store = X509.X509_Store()
    store.add_x509(X509.load_cert_string(_pem(root[0])))
    seen = []
    store.set_verify_cb(lambda ok, ctx: seen.append((ok, ctx.get_error())) or ok)
    untrusted = X509.X509_Stack()
    untrusted.push(X509.load_cert_string(_pem(ica[0])))
    ctx = X509.X509_Store_Context()
    ctx.init(store, X509.load_cert_string(_pem(leaf[0])), untrusted)
    return ctx.verify_cert(), ctx, seen


@pytest.mark.parametrize("kind", sorted(WEAK))
def test_m2crypto_compat_verifies_a_weak_chain_loudly(root, certs, kind, compat):
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        result, ctx, seen = _m2_verify(_chain(certs, root, kind))
    assert result == 1 and ctx.get_error() == 0 and seen == []
    insecure = _insecure(records)
    assert len(insecure) == 1 and WEAK[kind][0] in insecure[0], insecure
    assert ctx.policy_error is None


@pytest.mark.parametrize("kind", sorted(WEAK))
def test_m2crypto_strict_refuses_a_weak_chain(certs, root, kind, strict):
    chain = _chain(certs, root, kind)
    result, ctx, seen = _m2_verify(chain)
    assert result == 0
    assert ctx.get_error() == APPLICATION_VERIFICATION and ctx.get_error_depth() == 0
    assert seen == [(0, APPLICATION_VERIFICATION)]  # told, as for any failure
    assert ctx.policy_error.startswith("WebPKI policy: ") and WEAK[kind][1] in ctx.policy_error
    assert ctx.get_current_cert().as_der() == chain[2][0].public_bytes(serialization.Encoding.DER)


@pytest.mark.parametrize("mode", ["compat", "strict"])
def test_m2crypto_good_chain_passes_silently(root, certs, mode, request):
    request.getfixturevalue(mode)
    chain = _chain(certs, root, "good")
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        result, ctx, seen = _m2_verify(chain)
    assert result == 1 and ctx.get_error() == 0 and ctx.policy_error is None and seen == []
    assert _insecure(records) == []
    assert len(ctx.get1_chain()) == 3
