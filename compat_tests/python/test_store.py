"""OpenSSL.crypto.X509Store / X509StoreContext behave like pyOpenSSL 23 (plus
the 26.x add_crl(cryptography CRL))."""
import datetime

import cryptography  # noqa: F401  (required test dependency)
import pytest
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402

import cryptoshim  # noqa: E402
from OpenSSL import crypto  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NOW = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


@pytest.fixture(scope="module")
def pki(certs):
    def issue(cn, issuer=None, *, ca=False, serial):
        return certs(cn, issuer=issuer, ca=ca, serial=serial,
                     not_before=NOW - datetime.timedelta(days=1),
                     not_after=NOW + datetime.timedelta(days=30))
    root = issue("root", ca=True, serial=1)
    inter = issue("intermediate", root, ca=True, serial=2)
    leaf = issue("leaf", inter, serial=3)
    return root, inter, leaf


def _ours(cert):
    return crypto.load_certificate(crypto.FILETYPE_PEM, cert.public_bytes(serialization.Encoding.PEM))


def _crl(issuer, revoked_serials=()):
    builder = (x509.CertificateRevocationListBuilder().issuer_name(issuer[0].subject)
               .last_update(NOW - datetime.timedelta(days=1))
               .next_update(NOW + datetime.timedelta(days=1)))
    for serial in revoked_serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial)
            .revocation_date(NOW - datetime.timedelta(days=1)).build())
    return builder.sign(issuer[1], hashes.SHA256())


def test_verify_and_chain(pki):
    root, inter, leaf = (_ours(c) for c, _ in pki)
    store = crypto.X509Store()
    store.add_cert(root)
    store.add_cert(root)  # duplicates are accepted
    store.add_cert(inter)
    ctx = crypto.X509StoreContext(store, leaf)
    assert ctx.verify_certificate() is None
    assert ctx.verify_certificate() is None  # reusable
    chain = ctx.get_verified_chain()
    assert [c.get_subject().CN for c in chain] == ["leaf", "intermediate", "root"]
    assert all(type(c) is crypto.X509 for c in chain)

    roots_only = crypto.X509Store()
    roots_only.add_cert(root)
    assert crypto.X509StoreContext(roots_only, leaf, chain=[inter]).verify_certificate() is None


def test_failure_details(pki):
    root, inter, leaf = (_ours(c) for c, _ in pki)
    store = crypto.X509Store()
    store.add_cert(inter)
    ctx = crypto.X509StoreContext(store, leaf)
    with pytest.raises(crypto.X509StoreContextError) as exc:
        ctx.verify_certificate()
    assert str(exc.value) == "unable to get issuer certificate"
    assert exc.value.errors == [2, 1, "unable to get issuer certificate"]
    assert exc.value.certificate.get_subject().CN == "intermediate"

    good = crypto.X509Store()
    good.add_cert(root)
    good.add_cert(inter)
    ctx.set_store(good)
    assert ctx.verify_certificate() is None

    with pytest.raises(TypeError):
        good.add_cert("cert")
    with pytest.raises(TypeError):
        crypto.X509StoreContext(good, leaf, chain=[inter, "nope"])
    with pytest.raises(TypeError):
        crypto.X509StoreContext(good, leaf, chain=42)


def test_set_time_and_partial_chain(pki):
    root, inter, leaf = (_ours(c) for c, _ in pki)
    store = crypto.X509Store()
    store.add_cert(root)
    store.add_cert(inter)
    store.set_time(datetime.datetime(2000, 1, 1))
    with pytest.raises(crypto.X509StoreContextError) as exc:
        crypto.X509StoreContext(store, leaf).verify_certificate()
    assert str(exc.value) == "certificate is not yet valid"

    partial = crypto.X509Store()
    partial.add_cert(inter)
    with pytest.raises(crypto.X509StoreContextError):
        crypto.X509StoreContext(partial, leaf).verify_certificate()
    partial.set_flags(crypto.X509StoreFlags.PARTIAL_CHAIN)
    assert crypto.X509StoreContext(partial, leaf).verify_certificate() is None


@pytest.mark.parametrize("wrap", [lambda c: c, crypto.CRL.from_cryptography],
                         ids=["cryptography-crl", "pyopenssl-crl"])
def test_crl_checking(pki, wrap):
    root, inter, leaf = pki
    store = crypto.X509Store()
    store.add_cert(_ours(root[0]))
    store.add_cert(_ours(inter[0]))
    store.add_crl(wrap(_crl(root, [inter[0].serial_number])))
    store.set_flags(crypto.X509StoreFlags.CRL_CHECK | crypto.X509StoreFlags.CRL_CHECK_ALL)
    with pytest.raises(crypto.X509StoreContextError) as exc:
        crypto.X509StoreContext(store, _ours(leaf[0])).verify_certificate()
    assert str(exc.value) == "unable to get certificate CRL"
    assert exc.value.certificate.get_subject().CN == "leaf"
    store.add_crl(wrap(_crl(inter)))
    with pytest.raises(crypto.X509StoreContextError) as exc:
        crypto.X509StoreContext(store, _ours(leaf[0])).verify_certificate()
    assert str(exc.value) == "certificate revoked"
    with pytest.raises(TypeError):
        store.add_crl(object())


def test_ignore_critical_is_reported_as_unsafe():
    store = crypto.X509Store()
    with pytest.warns(cryptoshim.InsecureLegacyWarning):
        store.set_flags(crypto.X509StoreFlags.IGNORE_CRITICAL)


def test_load_locations(pki, tmp_path):
    root, inter, leaf = pki
    store = crypto.X509Store()
    with pytest.raises(crypto.Error):
        store.load_locations(None, None)
    bad = tmp_path / "bad.pem"
    bad.write_text("This is not a certificate")
    with pytest.raises(crypto.Error):
        store.load_locations(str(bad))
    good = tmp_path / "root.pem"
    good.write_bytes(root[0].public_bytes(serialization.Encoding.PEM))
    store.load_locations(str(good))
    assert crypto.X509StoreContext(store, _ours(inter[0])).verify_certificate() is None
