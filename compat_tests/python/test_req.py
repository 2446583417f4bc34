"""OpenSSL.crypto certificate requests and SPKAC through the drop-in:
X509Req, load/dump_certificate_request and NetscapeSPKI."""
import pytest

import cryptoshim
from cryptoshim import _core
from OpenSSL.crypto import (
    FILETYPE_ASN1,
    FILETYPE_PEM,
    FILETYPE_TEXT,
    Error,
    NetscapeSPKI,
    PKey,
    X509Extension,
    X509Name,
    X509Req,
    dump_certificate_request,
    load_certificate_request,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::cryptoshim.LegacyAPIWarning",
                                        "ignore::cryptoshim.InsecureLegacyWarning")


@pytest.fixture(scope="module")
def key():
    return PKey._from_core(_core.generate_ec_key("prime256v1"))


@pytest.fixture(scope="module")
def other_key():
    return PKey._from_core(_core.generate_ec_key("prime256v1"))


def signed_request(key):
    req = X509Req()
    req.get_subject().CN = "req.example"
    req.set_pubkey(key)
    req.add_extensions([
        X509Extension(b"basicConstraints", False, b"CA:FALSE"),
        X509Extension(b"keyUsage", True, b"digitalSignature"),
    ])
    req.sign(key, "sha256")
    return req


def test_types():
    assert X509Req.__module__ == "OpenSSL.crypto"
    assert NetscapeSPKI.__module__ == "OpenSSL.crypto"
    assert type(X509Req()) is X509Req


def test_round_trip_and_verify(key):
    req = signed_request(key)
    assert req.verify(key)
    pem = dump_certificate_request(FILETYPE_PEM, req)
    assert pem.startswith(b"-----BEGIN CERTIFICATE REQUEST-----\n")
    loaded = load_certificate_request(FILETYPE_PEM, pem.decode("ascii"))
    assert dump_certificate_request(FILETYPE_ASN1, loaded) == dump_certificate_request(
        FILETYPE_ASN1, req)
    assert loaded.get_subject().CN == "req.example"
    assert [str(e) for e in loaded.get_extensions()] == ["CA:FALSE", "Digital Signature"]
    assert [e.get_critical() for e in loaded.get_extensions()] == [0, 1]
    assert loaded.verify(loaded.get_pubkey())
    assert b"Certificate Request:" in dump_certificate_request(FILETYPE_TEXT, loaded)


def test_verify_failures(key, other_key):
    req = signed_request(key)
    with pytest.raises(Error):
        req.verify(other_key)
    with pytest.raises(TypeError, match="pkey must be a PKey instance"):
        req.verify(object())
    with pytest.raises(Error):
        X509Req().verify(PKey())


def test_version_and_subject():
    req = X509Req()
    assert req.get_version() == 0
    with pytest.raises(TypeError):
        req.set_version("1")
    subject = req.get_subject()
    assert isinstance(subject, X509Name)
    subject.commonName = "foo"
    del req
    # The subject keeps the request alive.
    subject.commonName = "bar"
    assert subject.commonName == "bar"


def test_sign_checks(key):
    req = X509Req()
    req.set_pubkey(key)
    with pytest.raises(ValueError, match="Key has only public part"):
        req.sign(req.get_pubkey(), "sha256")
    with pytest.raises(ValueError, match="Key is uninitialized"):
        req.sign(PKey(), "sha256")
    with pytest.raises(ValueError, match="No such digest method"):
        req.sign(key, "nope")
    with pytest.raises(ValueError, match="not an X509Extension"):
        req.add_extensions([object()])


def test_load_errors():
    with pytest.raises(Error) as info:
        load_certificate_request(FILETYPE_PEM, b"garbage")
    assert info.value.args[0] == [("PEM routines", "", "no start line")]
    with pytest.raises(ValueError):
        load_certificate_request(9, b"garbage")
    with pytest.raises(ValueError, match="FILETYPE_TEXT"):
        dump_certificate_request(9, X509Req())


def test_cryptography_round_trip(key):
    from cryptography import x509
    req = signed_request(key)
    crypto_req = req.to_cryptography()
    assert isinstance(crypto_req, x509.CertificateSigningRequest)
    assert crypto_req.is_signature_valid
    back = X509Req.from_cryptography(crypto_req)
    assert type(back) is X509Req
    assert back.get_subject().CN == "req.example"
    with pytest.raises(TypeError, match="Must be a certificate signing request"):
        X509Req.from_cryptography(object())


def test_netscape_spki(key, other_key):
    spki = NetscapeSPKI()
    with pytest.raises(RuntimeError):
        spki.b64_encode()  # pyOpenSSL fails this way on an empty SPKI
    spki.set_pubkey(key)
    spki.sign(key, "sha256")
    assert spki.verify(key) is True
    with pytest.raises(Error):
        spki.verify(other_key)
    encoded = spki.b64_encode()
    assert isinstance(encoded, bytes) and encoded
    decoded = NetscapeSPKI._from_core(_core.NetscapeSpki.from_b64(encoded))
    assert decoded.verify(decoded.get_pubkey())
    with pytest.raises(ValueError, match="No such digest method"):
        spki.sign(key, "nope")
    with pytest.raises(ValueError, match="Key has only public part"):
        spki.sign(spki.get_pubkey(), "sha256")
