"""OpenSSL.crypto.PKCS12 / load_pkcs12 / PKCS7 / load_pkcs7_data behave like
pyOpenSSL 23, including legacy (RC2) PKCS#12 archives."""
import shutil
import subprocess

import cryptography  # noqa: F401  (required test dependency)
import pytest
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.serialization import pkcs7 as c_pkcs7  # noqa: E402
from cryptography.hazmat.primitives.serialization import pkcs12 as c_pkcs12  # noqa: E402

from OpenSSL import crypto  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def loaded(certs):
    """loaded(cn): a self-signed (pyOpenSSL X509, PKey) from the shared factory."""
    def load(cn):
        cert, key = certs(cn)
        return (crypto.load_certificate(crypto.FILETYPE_PEM, certs.pem(cert)),
                crypto.load_privatekey(crypto.FILETYPE_PEM, certs.key_pem(key)))
    return load


def test_pkcs12_round_trip(loaded):
    cert, key = loaded("leaf")
    ca, _ = loaded("ca")
    p12 = crypto.PKCS12()
    assert (p12.get_certificate(), p12.get_privatekey(), p12.get_ca_certificates(),
            p12.get_friendlyname()) == (None, None, None, None)
    p12.set_certificate(cert)
    p12.set_privatekey(key)
    p12.set_ca_certificates([ca])
    p12.set_friendlyname(b"friend")
    blob = p12.export(passphrase=b"pw", iter=2, maciter=3)

    loaded = crypto.load_pkcs12(blob, b"pw")
    assert type(loaded) is crypto.PKCS12
    assert loaded.get_friendlyname() == b"friend"
    assert crypto.dump_certificate(crypto.FILETYPE_PEM, loaded.get_certificate()) == \
        crypto.dump_certificate(crypto.FILETYPE_PEM, cert)
    assert crypto.dump_privatekey(crypto.FILETYPE_PEM, loaded.get_privatekey()) == \
        crypto.dump_privatekey(crypto.FILETYPE_PEM, key)
    cas = loaded.get_ca_certificates()
    assert isinstance(cas, tuple) and len(cas) == 1
    assert crypto.dump_certificate(crypto.FILETYPE_ASN1, cas[0]) == \
        crypto.dump_certificate(crypto.FILETYPE_ASN1, ca)

    # cryptography agrees on the contents.
    theirs = c_pkcs12.load_pkcs12(blob, b"pw")
    assert theirs.cert.friendly_name == b"friend"


def test_pkcs12_passwords(loaded):
    cert, key = loaded("leaf")
    p12 = crypto.PKCS12()
    p12.set_certificate(cert)
    p12.set_privatekey(key)
    blob = p12.export(b"right")
    with pytest.raises(crypto.Error) as err:
        crypto.load_pkcs12(blob, b"wrong")
    assert ("PKCS12 routines", "", "mac verify failure") in err.value.args[0]
    for dump_pw in (None, b""):
        blob = p12.export(passphrase=dump_pw, iter=2, maciter=3)
        for load_pw in (None, b""):
            assert crypto.load_pkcs12(blob, load_pw).get_certificate() is not None
    with pytest.warns(DeprecationWarning, match="str for passphrase is no longer accepted"):
        crypto.load_pkcs12(p12.export(b"text"), "text")


def test_pkcs12_type_errors_and_garbage():
    p12 = crypto.PKCS12()
    with pytest.raises(TypeError):
        p12.set_certificate(3)
    with pytest.raises(TypeError):
        p12.set_privatekey("legbone")
    with pytest.raises(TypeError):
        p12.set_ca_certificates((3, 4))
    with pytest.raises(TypeError):
        p12.set_friendlyname(6)
    with pytest.raises(crypto.Error) as err:
        crypto.load_pkcs12(b"fruit loops", b"pw")
    assert err.value.args[0][0][0] == "asn1 encoding routines"


def test_pkcs12_key_cert_mismatch(loaded):
    cert, _ = loaded("one")
    _, key = loaded("two")
    p12 = crypto.PKCS12()
    p12.set_certificate(cert)
    p12.set_privatekey(key)
    with pytest.raises(crypto.Error):
        p12.export()


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl CLI")
def test_legacy_rc2_pkcs12(tmp_path, certs):
    cert, key = certs("legacy")
    cert_pem, key_pem = certs.pem(cert), certs.key_pem(key)
    (tmp_path / "in.pem").write_bytes(key_pem + cert_pem)
    proc = subprocess.run(
        ["openssl", "pkcs12", "-export", "-legacy", "-in", str(tmp_path / "in.pem"),
         "-passout", "pass:old", "-name", "oldname", "-certpbe", "PBE-SHA1-RC2-40"],
        capture_output=True)
    if proc.returncode != 0:
        pytest.skip("openssl CLI cannot write legacy PKCS#12: " + proc.stderr.decode()[:200])
    p12 = crypto.load_pkcs12(proc.stdout, b"old")
    assert p12.get_friendlyname() == b"oldname"
    assert crypto.dump_certificate(crypto.FILETYPE_PEM, p12.get_certificate()) == cert_pem
    with pytest.raises(crypto.Error):
        crypto.load_pkcs12(proc.stdout, b"wrong")


def test_pkcs7_signed_bag(certs):
    cert, _ = certs("p7")
    pem = c_pkcs7.serialize_certificates([cert], serialization.Encoding.PEM)
    der = c_pkcs7.serialize_certificates([cert], serialization.Encoding.DER)
    for filetype, data in ((crypto.FILETYPE_PEM, pem), (crypto.FILETYPE_ASN1, der)):
        p7 = crypto.load_pkcs7_data(filetype, data)
        assert type(p7) is crypto.PKCS7
        assert p7.type_is_signed()
        assert not p7.type_is_enveloped()
        assert not p7.type_is_signedAndEnveloped()
        assert not p7.type_is_data()
        assert p7.get_type_name() == b"pkcs7-signedData"
    with pytest.raises(AttributeError):
        p7.foo
    with pytest.raises(crypto.Error):
        crypto.load_pkcs7_data(crypto.FILETYPE_PEM, b"foo")
    with pytest.raises(ValueError):
        crypto.load_pkcs7_data(object(), b"foo")
