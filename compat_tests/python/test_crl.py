"""OpenSSL.crypto.CRL / Revoked / dump_crl / load_crl behave like pyOpenSSL 23."""
import datetime

import pytest
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes  # noqa: E402

from OpenSSL import crypto  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def ca(certs):
    """A CA (pyOpenSSL X509, PKey) from the shared factory (conftest.py)."""
    cert, key = certs("Test CRL CA", ca=True)
    return (crypto.load_certificate(crypto.FILETYPE_PEM, certs.pem(cert)),
            crypto.load_privatekey(crypto.FILETYPE_PEM, certs.key_pem(key)))


def test_revoked_defaults_and_serial_parsing():
    revoked = crypto.Revoked()
    assert type(revoked) is crypto.Revoked
    assert revoked.get_serial() == b"00"
    assert revoked.get_rev_date() is None
    assert revoked.get_reason() is None
    revoked.set_serial(b"10b")
    assert revoked.get_serial() == b"010B"
    revoked.set_serial(b"31ppp")
    assert revoked.get_serial() == b"31"
    with pytest.raises(ValueError):
        revoked.set_serial(b"pqrst")
    with pytest.raises(TypeError):
        revoked.set_serial(100)


def test_revoked_dates_and_reasons():
    revoked = crypto.Revoked()
    revoked.set_rev_date(b"20160310020145Z")
    assert revoked.get_rev_date() == b"20160310020145Z"
    with pytest.raises(ValueError, match="Invalid string"):
        revoked.set_rev_date(b"2016")
    with pytest.raises(TypeError):
        revoked.set_rev_date("20160310020145Z")
    revoked.set_reason(b"sUpEr SeDEd")
    assert revoked.get_reason() == b"Superseded"
    revoked.set_reason(b"cacompromise")
    assert revoked.get_reason() == b"CA Compromise"
    with pytest.raises(ValueError):
        revoked.set_reason(b"blue")
    with pytest.raises(TypeError):
        revoked.set_reason("superseded")
    revoked.set_reason(None)
    assert revoked.get_reason() is None
    assert revoked.all_reasons()[0] == b"unspecified"
    assert revoked.all_reasons() is not revoked.all_reasons()


def test_crl_sign_dump_load_round_trip(ca):
    cert, key = ca
    crl = crypto.CRL()
    assert crl.get_revoked() is None
    revoked = crypto.Revoked()
    revoked.set_serial(b"3ab")
    revoked.set_rev_date(b"20140601000000Z")
    crl.add_revoked(revoked)
    revoked.set_serial(b"100")  # the CRL keeps its own copy
    revoked.set_reason(b"keyCompromise")
    crl.add_revoked(revoked=revoked)
    crl.set_version(1)
    crl.set_lastUpdate(b"20140601000000Z")
    crl.set_nextUpdate(b"50000601000000Z")
    crl.sign(cert, key, b"sha256")
    assert crl.get_issuer().CN == "Test CRL CA"

    pem = crypto.dump_crl(crypto.FILETYPE_PEM, crl)
    assert pem.startswith(b"-----BEGIN X509 CRL-----")
    loaded = crypto.load_crl(crypto.FILETYPE_PEM, pem.decode("ascii"))
    assert crypto.dump_crl(crypto.FILETYPE_PEM, loaded) == pem
    serials = [r.get_serial() for r in loaded.get_revoked()]
    assert serials == [b"0100", b"03AB"]  # sign() sorts the entries
    assert loaded.get_revoked()[0].get_reason() == b"Key Compromise"

    der = crypto.dump_crl(crypto.FILETYPE_ASN1, crl)
    assert crypto.dump_crl(crypto.FILETYPE_ASN1, crypto.load_crl(crypto.FILETYPE_ASN1, der)) == der
    assert b"Certificate Revocation List" in crypto.dump_crl(crypto.FILETYPE_TEXT, crl)

    theirs = crl.to_cryptography()
    assert isinstance(theirs, x509.CertificateRevocationList)
    assert theirs.is_signature_valid(cert.to_cryptography().public_key())
    assert crypto.dump_crl(crypto.FILETYPE_ASN1, crypto.CRL.from_cryptography(theirs)) == der
    with pytest.raises(TypeError):
        crypto.CRL.from_cryptography(object())


def test_crl_export(ca):
    cert, key = ca
    crl = crypto.CRL()
    revoked = crypto.Revoked()
    revoked.set_serial(b"3ab")
    revoked.set_rev_date(b"20140601000000Z")
    crl.add_revoked(revoked)
    der = crl.export(cert, key, crypto.FILETYPE_ASN1, days=20, digest=b"sha384")
    parsed = x509.load_der_x509_crl(der)
    assert parsed.get_revoked_certificate_by_serial_number(0x3AB) is not None
    assert isinstance(parsed.signature_hash_algorithm, hashes.SHA384)
    assert (parsed.next_update_utc - parsed.last_update_utc) == datetime.timedelta(days=20)
    with pytest.raises(TypeError):
        crl.export(cert, key)  # digest is mandatory
    with pytest.raises(ValueError):
        crl.export(cert, key, digest=b"strange-digest")
    with pytest.raises(ValueError):
        crl.export(cert, key, 100, digest=b"sha256")
    with pytest.raises(TypeError):
        crl.export(None, key, digest=b"sha256")


def test_load_crl_errors():
    with pytest.raises(ValueError):
        crypto.load_crl(100, b"")
    with pytest.raises(crypto.Error) as err:
        crypto.load_crl(crypto.FILETYPE_PEM, b"hello, world")
    assert err.value.args[0] and len(err.value.args[0][0]) == 3
    with pytest.raises(ValueError):
        crypto.dump_crl(100, crypto.CRL())
