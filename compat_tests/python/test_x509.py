"""OpenSSL.crypto certificates through the drop-in: X509, X509Name,
X509Extension, load_certificate/dump_certificate, with pyOpenSSL 23.0.0's
exception types and messages."""
import datetime
import warnings

import pytest

import cryptoshim
from cryptoshim import _core
from OpenSSL.crypto import (
    FILETYPE_ASN1,
    FILETYPE_PEM,
    FILETYPE_TEXT,
    X509,
    Error,
    PKey,
    X509Extension,
    X509Name,
    dump_certificate,
    load_certificate,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::cryptoshim.LegacyAPIWarning",
                                        "ignore::cryptoshim.InsecureLegacyWarning")


@pytest.fixture(scope="module")
def ec_key():
    return PKey._from_core(_core.generate_ec_key("prime256v1"))


@pytest.fixture(scope="module")
def rsa_key():
    return PKey._from_core(_core.generate_rsa_key(2048))


def make_cert(key, cn="example.test", serial=1):
    cert = X509()
    cert.set_version(2)
    cert.set_serial_number(serial)
    cert.get_subject().CN = cn
    cert.set_issuer(cert.get_subject())
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(3600)
    cert.set_pubkey(key)
    cert.sign(key, "sha256")
    return cert



def test_types_report_openssl_crypto_module():
    for cls in (X509, X509Name, X509Extension):
        assert cls.__module__ == "OpenSSL.crypto"
    assert type(X509()) is X509


def test_pem_der_text_round_trip(ec_key):
    cert = make_cert(ec_key)
    pem = dump_certificate(FILETYPE_PEM, cert)
    assert pem.startswith(b"-----BEGIN CERTIFICATE-----\n")
    der = dump_certificate(FILETYPE_ASN1, cert)
    assert dump_certificate(FILETYPE_ASN1, load_certificate(FILETYPE_PEM, pem)) == der
    # pyOpenSSL accepts str PEM.
    again = load_certificate(FILETYPE_PEM, pem.decode("ascii"))
    assert again.get_subject().CN == "example.test"
    assert b"Subject: CN=example.test" in dump_certificate(FILETYPE_TEXT, cert)
    assert again.get_signature_algorithm() == b"ecdsa-with-SHA256"


def test_load_and_dump_errors():
    with pytest.raises(Error) as info:
        load_certificate(FILETYPE_PEM, b"garbage")
    assert info.value.args[0] == [("PEM routines", "", "no start line")]
    with pytest.raises(Error):
        load_certificate(FILETYPE_ASN1, b"garbage")
    with pytest.raises(ValueError, match="FILETYPE_PEM or FILETYPE_ASN1"):
        load_certificate(7, b"x")
    with pytest.raises(ValueError, match="FILETYPE_TEXT"):
        dump_certificate(99, X509())


def test_serial_numbers_of_any_size():
    cert = X509()
    assert cert.get_serial_number() == 0
    cert.set_serial_number(2**200 + 7)
    assert cert.get_serial_number() == 2**200 + 7
    with pytest.raises(TypeError, match="serial must be an integer"):
        cert.set_serial_number("1")
    # pyOpenSSL stores 0 and raises an empty Error for negative serials.
    with pytest.raises(Error):
        cert.set_serial_number(-5)
    assert cert.get_serial_number() == 0


def test_version_checks():
    cert = X509()
    cert.set_version(2)
    assert cert.get_version() == 2
    with pytest.raises(TypeError, match="version must be an integer"):
        cert.set_version("2")
    with pytest.raises(OverflowError):
        cert.set_version(2**70)


def test_validity_times():
    cert = X509()
    assert cert.get_notBefore() is None
    with pytest.raises(ValueError, match="Unable to determine notAfter"):
        cert.has_expired()
    cert.set_notBefore(b"20200102030405Z")
    assert cert.get_notBefore() == b"20200102030405Z"
    cert.set_notAfter(b"200102030405Z")  # UTCTime in, GeneralizedTime out
    assert cert.get_notAfter() == b"20200102030405Z"
    assert cert.has_expired()
    with pytest.raises(ValueError, match="Invalid string"):
        cert.set_notBefore(b"2020")
    with pytest.raises(TypeError, match="when must be a byte string"):
        cert.set_notBefore("20200102030405Z")
    cert.gmtime_adj_notAfter(3600)
    not_after = datetime.datetime.strptime(cert.get_notAfter().decode(), "%Y%m%d%H%M%SZ")
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    assert abs((not_after - now).total_seconds() - 3600) < 60
    assert not cert.has_expired()
    with pytest.raises(TypeError, match="amount must be an integer"):
        cert.gmtime_adj_notBefore(1.5)


def test_name_attribute_semantics():
    name = X509().get_subject()
    name.CN = "first"
    name.O = b"org"
    name.commonName = "second"
    assert name.get_components() == [(b"O", b"org"), (b"CN", b"second")]
    assert name.CN == "second" and name.commonName == "second"
    assert name.C is None
    assert repr(name) == "<X509Name object '/O=org/CN=second'>"
    with pytest.raises(AttributeError, match="No such attribute"):
        name.noSuchThing
    with pytest.raises(AttributeError):
        setattr(name, "no such thing", "x")
    with pytest.raises(TypeError):
        setattr(name, "CN", 5)
    with pytest.raises(Error) as info:
        name.C = "USA"
    assert ("asn1 encoding routines", "", "string too long") in info.value.args[0]
    name.L = "h\u00e9llo"
    assert name.L == "h\u00e9llo"


def test_name_comparison_copy_hash_der():
    a = X509().get_subject()
    a.CN = "foo"
    b = X509Name(a)
    assert a == b and not (a != b)
    b.CN = "goo"
    assert a.CN == "foo"
    assert a < b and a <= b and b > a and b >= a
    assert a != object()
    with pytest.raises(TypeError):
        hash(a)
    with pytest.raises(TypeError):
        a < 1
    assert isinstance(a.hash(), int) and a.hash() != b.hash()
    assert a.der() == b"0\x0e1\x0c0\n\x06\x03U\x04\x03\x0c\x03foo"


def test_names_are_live_and_invalidated_on_replace():
    cert = X509()
    subject = cert.get_subject()
    subject.CN = "live"
    assert cert.get_subject().CN == "live"
    replacement = X509Name(subject)
    replacement.CN = "new"
    cert.set_subject(replacement)
    assert cert.get_subject().CN == "new"
    # Like pyOpenSSL, names handed out before set_subject stop working.
    with pytest.raises(AttributeError):
        subject.CN
    with pytest.raises(TypeError, match="name must be an X509Name"):
        cert.set_issuer("CN=x")


def test_extensions(ec_key):
    cert = make_cert(ec_key)
    bc = X509Extension(b"basicConstraints", True, b"CA:TRUE, pathlen:3")
    assert str(bc) == "CA:TRUE, pathlen:3"
    assert bc.get_critical() == 1
    assert bc.get_short_name() == b"basicConstraints"
    assert bc.get_data() == b"0\x06\x01\x01\xff\x02\x01\x03"
    ski = X509Extension(b"subjectKeyIdentifier", False, b"hash", subject=cert)
    san = X509Extension(b"subjectAltName", False, b"DNS:a.example, IP:192.0.2.1, email:x@y.z")
    assert str(san) == "DNS:a.example, IP Address:192.0.2.1, email:x@y.z"
    count = cert.get_extension_count()
    cert.add_extensions([bc, ski, san])
    assert cert.get_extension_count() == count + 3
    assert cert.get_extension(count + 2).get_short_name() == b"subjectAltName"
    with pytest.raises(IndexError, match="extension index out of bounds"):
        cert.get_extension(count + 3)
    with pytest.raises(IndexError):
        cert.get_extension(-1)
    with pytest.raises(ValueError, match="not an X509Extension"):
        cert.add_extensions([1])


def test_extension_errors():
    with pytest.raises(Error) as info:
        X509Extension(b"noSuchExtension", False, b"x")
    assert ("X509 V3 routines", "", "unknown extension name") in info.value.args[0]
    with pytest.raises(Error):
        X509Extension(b"subjectKeyIdentifier", False, b"hash")
    with pytest.raises(TypeError, match="issuer must be an X509 instance"):
        X509Extension(b"basicConstraints", False, b"CA:TRUE", issuer=object())
    with pytest.raises(TypeError, match="subject must be an X509 instance"):
        X509Extension(b"basicConstraints", False, b"CA:TRUE", subject=object())
    with pytest.raises(TypeError):
        X509Extension("basicConstraints", False, b"CA:TRUE")


def test_pubkey_and_signing_checks(ec_key):
    cert = make_cert(ec_key)
    pub = cert.get_pubkey()
    assert isinstance(pub, PKey) and pub._only_public
    with pytest.raises(ValueError, match="Key only has public part"):
        cert.sign(pub, "sha256")
    with pytest.raises(ValueError, match="No such digest method"):
        cert.sign(ec_key, "nope")
    with pytest.raises(TypeError, match="pkey must be a PKey instance"):
        cert.sign(object(), "sha256")
    with pytest.raises(ValueError, match="Key is uninitialized"):
        cert.sign(PKey(), "sha256")
    with pytest.raises(Error):
        X509().get_pubkey()
    with pytest.raises(Error):
        X509().set_pubkey(PKey())


def test_digest_and_hashes(ec_key):
    cert = make_cert(ec_key)
    fp = cert.digest("sha256")
    assert len(fp.split(b":")) == 32 and fp == fp.upper()
    assert cert.digest("SHA256") == cert.digest("RSA-SHA256") == fp
    with pytest.raises(ValueError, match="No such digest method"):
        cert.digest("nope")
    assert cert.subject_name_hash() == cert.get_subject().hash()


def test_md5_signing_is_reported(rsa_key, strict):
    cert = X509()
    cert.set_pubkey(rsa_key)
    with pytest.raises(cryptoshim.InsecureOperationError):
        cert.sign(rsa_key, "md5")
    cert.sign(rsa_key, "sha256")
    assert cert.get_signature_algorithm() == b"sha256WithRSAEncryption"


def test_md5_signing_warns_in_compat(rsa_key):
    cert = X509()
    cert.set_pubkey(rsa_key)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cert.sign(rsa_key, "md5")
    assert any(issubclass(w.category, cryptoshim.InsecureLegacyWarning) for w in caught)
    assert cert.get_signature_algorithm() == b"md5WithRSAEncryption"


def test_cryptography_round_trip(ec_key):
    from cryptography import x509
    cert = make_cert(ec_key, serial=12345)
    crypto_cert = cert.to_cryptography()
    assert isinstance(crypto_cert, x509.Certificate)
    assert crypto_cert.serial_number == 12345
    back = X509.from_cryptography(crypto_cert)
    assert type(back) is X509
    assert dump_certificate(FILETYPE_ASN1, back) == dump_certificate(FILETYPE_ASN1, cert)
    with pytest.raises(TypeError, match="Must be a certificate"):
        X509.from_cryptography(object())
