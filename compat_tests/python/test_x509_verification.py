"""cryptoshim.x509_verification: the PolicyBuilder-style WebPKI verifier,
on chains built here with the ``cryptography`` package."""
from __future__ import annotations

import datetime
import ipaddress

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID  # noqa: E402

from cryptoshim import _core  # noqa: E402
from cryptoshim.x509_verification import (  # noqa: E402
    ClientVerifier,
    PolicyBuilder,
    ServerVerifier,
    Store,
    VerificationError,
)

NOW = datetime.datetime(2024, 6, 1, tzinfo=datetime.timezone.utc)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _issue(certs, cn, issuer=None, *, ca, san=None, eku=ExtendedKeyUsageOID.SERVER_AUTH,
           not_after=NOW + datetime.timedelta(days=30), ku_cert_sign=None, key=None,
           subject_cn=True):
    """(certificate, key) from the shared factory (conftest.py); `issuer` is a
    (certificate, key) pair or None."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    extensions = [(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)]
    if issuer:
        extensions.append(
            (x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer[1].public_key()), False))
    cert_sign = ca if ku_cert_sign is None else ku_cert_sign
    extensions.append((
        x509.KeyUsage(digital_signature=not ca, content_commitment=False, key_encipherment=False,
                      data_encipherment=False, key_agreement=False, key_cert_sign=cert_sign,
                      crl_sign=ca, encipher_only=False, decipher_only=False), True))
    if not ca:
        extensions.append((x509.ExtendedKeyUsage([eku]), False))
        extensions.append((x509.SubjectAlternativeName(san or [x509.DNSName(cn)]),
                           not subject_cn))
    return certs(cn, key=key, issuer=issuer, ca=True if ca else None,
                 subject=None if subject_cn else x509.Name([]),
                 not_before=NOW - datetime.timedelta(days=1), not_after=not_after,
                 extensions=extensions)


@pytest.fixture(scope="module")
def pki(certs):
    root = _issue(certs, "Test Root", ca=True)
    ica = _issue(certs, "Test Intermediate", root, ca=True)
    leaf = _issue(certs, "example.com", ica, ca=False)
    return root, ica, leaf


def _server(root, name="example.com", **kw) -> ServerVerifier:
    b = PolicyBuilder().store(Store([root[0]])).time(NOW)
    if "max_chain_depth" in kw:
        b = b.max_chain_depth(kw["max_chain_depth"])
    return b.build_server_verifier(x509.DNSName(name))


def test_verifies_and_returns_the_chain_leaf_to_anchor(pki):
    root, ica, leaf = pki
    chain = _server(root).verify(leaf[0], [ica[0]])
    assert [c.subject for c in chain] == [leaf[0].subject, ica[0].subject, root[0].subject]
    assert isinstance(chain[0], x509.Certificate)


def test_accepts_pem_der_and_core_certificates(pki):
    root, ica, leaf = pki
    pem = leaf[0].public_bytes(serialization.Encoding.PEM)
    der_ica = ica[0].public_bytes(serialization.Encoding.DER)
    chain = _server(root).verify(pem, [der_ica])
    assert chain[0] == leaf[0].public_bytes(serialization.Encoding.DER)
    core_leaf = _core.Certificate.parse(pem, pem=True)
    assert isinstance(_server(root).verify(core_leaf, [der_ica])[0], _core.Certificate)


def test_wrong_name_is_rejected(pki):
    root, ica, leaf = pki
    with pytest.raises(VerificationError, match="no subjectAltName matches"):
        _server(root, "other.example.com").verify(leaf[0], [ica[0]])


def test_missing_intermediate_is_rejected(pki):
    root, _, leaf = pki
    with pytest.raises(VerificationError, match="no issuer found"):
        _server(root).verify(leaf[0], [])


def test_untrusted_root_is_rejected(certs, pki):
    _, ica, leaf = pki
    other = _issue(certs, "Other Root", ca=True)
    with pytest.raises(VerificationError):
        _server(other).verify(leaf[0], [ica[0]])


def test_max_chain_depth(pki):
    root, ica, leaf = pki
    with pytest.raises(VerificationError, match="maximum chain depth"):
        _server(root, max_chain_depth=0).verify(leaf[0], [ica[0]])
    assert len(_server(root, max_chain_depth=1).verify(leaf[0], [ica[0]])) == 3


def test_notafter_second_is_still_valid(certs, pki):
    root, ica, _ = pki
    leaf = _issue(certs, "example.com", ica, ca=False, not_after=NOW)
    assert len(_server(root).verify(leaf[0], [ica[0]])) == 3
    later = (PolicyBuilder().store(Store([root[0]])).time(NOW + datetime.timedelta(seconds=1))
             .build_server_verifier(x509.DNSName("example.com")))
    with pytest.raises(VerificationError, match="expired"):
        later.verify(leaf[0], [ica[0]])


def test_ca_without_keycertsign_is_rejected(certs, pki):
    root, _, _ = pki
    ica = _issue(certs, "Bad Intermediate", root, ca=True, ku_cert_sign=False)
    leaf = _issue(certs, "example.com", ica, ca=False)
    with pytest.raises(VerificationError, match="keyCertSign"):
        _server(root).verify(leaf[0], [ica[0]])


def test_client_eku_on_a_server_chain_is_rejected(certs, pki):
    root, ica, _ = pki
    leaf = _issue(certs, "example.com", ica, ca=False, eku=ExtendedKeyUsageOID.CLIENT_AUTH)
    with pytest.raises(VerificationError, match="required usage"):
        _server(root).verify(leaf[0], [ica[0]])


def test_ip_subject(certs, pki):
    root, ica, _ = pki
    leaf = _issue(certs, "192.0.2.7", ica, ca=False,
                  san=[x509.IPAddress(ipaddress.ip_address("192.0.2.7"))])
    v = (PolicyBuilder().store(Store([root[0]])).time(NOW)
         .build_server_verifier(x509.IPAddress(ipaddress.ip_address("192.0.2.7"))))
    assert len(v.verify(leaf[0], [ica[0]])) == 3


def test_client_verifier_returns_subjects(certs, pki):
    root, ica, _ = pki
    leaf = _issue(certs, "Alice", ica, ca=False, eku=ExtendedKeyUsageOID.CLIENT_AUTH,
                  san=[x509.RFC822Name("alice@example.com")])
    v = PolicyBuilder().store(Store([root[0]])).time(NOW).build_client_verifier()
    assert isinstance(v, ClientVerifier)
    verified = v.verify(leaf[0], [ica[0]])
    assert [(type(s).__name__, s.value) for s in verified.subjects] == [("RFC822Name", "alice@example.com")]
    assert len(verified.chain) == 3


def test_builder_is_single_assignment_and_validates():
    b = PolicyBuilder().time(NOW)
    with pytest.raises(ValueError):
        b.time(NOW)
    with pytest.raises(ValueError):
        PolicyBuilder().max_chain_depth(256)
    with pytest.raises(ValueError):
        Store([])
    with pytest.raises(ValueError, match="store"):
        PolicyBuilder().build_server_verifier(x509.DNSName("example.com"))


def test_invalid_server_name_is_refused(pki):
    root, _, _ = pki
    with pytest.raises(ValueError, match="not a valid DNS name"):
        PolicyBuilder().store(Store([root[0]])).build_server_verifier(x509.DNSName("foo_bar.example.com"))


def test_time_defaults_to_now(pki):
    # The leaf expired 30 days after NOW (2024-06-01); without .time() the
    # verifier uses the current time and must reject it.
    root, ica, leaf = pki
    v = PolicyBuilder().store(Store([root[0]])).build_server_verifier(x509.DNSName("example.com"))
    with pytest.raises(VerificationError, match="expired"):
        v.verify(leaf[0], [ica[0]])


# --- pyOpenSSL's X509StoreContext under CRYPTOSHIM_POLICY=strict


# `strict`: conftest.py's policy fixture.


def _pyopenssl_verify(root, ica, leaf):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from OpenSSL import crypto

        store = crypto.X509Store()
        store.add_cert(crypto.X509.from_cryptography(root[0]))
        store.set_time(NOW.replace(tzinfo=None))
        ctx = crypto.X509StoreContext(
            store, crypto.X509.from_cryptography(leaf[0]), [crypto.X509.from_cryptography(ica[0])]
        )
        return ctx.verify_certificate(), crypto


def test_pyopenssl_compat_keeps_openssl_verdict(certs, pki):
    root, ica, _ = pki
    # keyCertSign on an end-entity: OpenSSL accepts, the WebPKI profile does not.
    leaf = _issue(certs, "example.com", ica, ca=False, ku_cert_sign=True)
    result, _ = _pyopenssl_verify(root, ica, leaf)
    assert result is None


def test_pyopenssl_strict_adds_webpki_profile(certs, pki, strict):
    root, ica, _ = pki
    leaf = _issue(certs, "example.com", ica, ca=False, ku_cert_sign=True)
    from OpenSSL import crypto

    with pytest.raises(crypto.X509StoreContextError) as info:
        _pyopenssl_verify(root, ica, leaf)
    assert "WebPKI policy" in str(info.value)
    assert "keyCertSign" in str(info.value)
    assert info.value.errors[0] == 50  # X509_V_ERR_APPLICATION_VERIFICATION


def test_strict_does_not_judge_the_common_name(certs, pki, strict):
    """CABF 7.1.4.3 (the CN copies a SAN entry) is an issuance rule that
    validators (Chrome, Go, pyca) do not apply; strict does not either."""
    root, ica, _ = pki
    leaf = _issue(certs, "example.com", ica, ca=False, san=[x509.DNSName("www.example.com")])
    result, _ = _pyopenssl_verify(root, ica, leaf)
    assert result is None


def test_pyopenssl_strict_accepts_a_conforming_chain(pki, strict):
    root, ica, leaf = pki
    result, _ = _pyopenssl_verify(root, ica, leaf)
    assert result is None
