"""_core.pkcs7_sign (behind M2Crypto's SMIME.sign and m2.pkcs7_sign1) is a
plain CPython function (bindings/core_module/bind_smime.cc), not a pybind11
binding. It must sign as before (the message verifies against the signer,
with the digest asked for, the extra certificates in the bag), release the
GIL while it signs, and refuse bad arguments with TypeError instead of
crashing.
"""

import pytest
from gil_probe import releases_gil

from cryptoshim import _core

MESSAGE = b"a message to sign\r\n" * 40


DETACHED = 0x40  # PKCS7_DETACHED


@pytest.fixture(scope="module")
def signer():
    """A self-signed RSA-2048 certificate and its key, as core objects."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(65537, 2048)
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "pkcs7 signer")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(7)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    pem_key = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return (_core.Certificate.parse(cert.public_bytes(serialization.Encoding.PEM), True),
            _core.load_private_key(pem_key))


def verify(p7, cert):
    store = _core.Store()
    store.add_cert(cert)
    return _core.pkcs7_verify(p7, [cert], store, MESSAGE, DETACHED)


@pytest.mark.parametrize("digest", ["sha256", "sha512"])
def test_signs_with_the_digest_asked_for_and_verifies(signer, digest):
    cert, key = signer
    p7 = _core.pkcs7_sign(cert, key, None, MESSAGE, digest, DETACHED)
    assert type(p7) is _core.Pkcs7
    assert verify(p7, cert) == MESSAGE
    signers = _core.pkcs7_signers(p7, [], 0)
    assert [s.to_der() for s in signers] == [cert.to_der()]


def test_extra_certificates_go_into_the_bag(signer):
    cert, key = signer
    p7 = _core.pkcs7_sign(cert, key, [cert, cert], MESSAGE, "sha256", DETACHED)
    # The signer's own certificate, then the two extra copies.
    assert len(p7.certificates()) == 3


def test_bad_arguments_raise_type_error(signer):
    cert, key = signer
    with pytest.raises(TypeError, match="takes exactly 6 arguments"):
        _core.pkcs7_sign(cert, key, None, MESSAGE, "sha256")
    with pytest.raises(TypeError, match="data must be bytes"):
        _core.pkcs7_sign(cert, key, None, "text", "sha256", 0)
    with pytest.raises(TypeError, match="digest must be str"):
        _core.pkcs7_sign(cert, key, None, MESSAGE, b"sha256", 0)
    with pytest.raises(TypeError, match=r"cryptoshim\._core\.Key"):
        _core.pkcs7_sign(cert, cert, None, MESSAGE, "sha256", 0)
    with pytest.raises(OverflowError):
        _core.pkcs7_sign(cert, key, None, MESSAGE, "sha256", 2**40)
    with pytest.raises(TypeError, match=r"expected a cryptoshim\._core\.Certificate, got .*Key"):
        _core.pkcs7_sign(key, key, None, MESSAGE, "sha256", 0)
    with pytest.raises(TypeError, match=r"expected a cryptoshim\._core\.Certificate, got NoneType"):
        _core.pkcs7_sign(None, key, None, MESSAGE, "sha256", 0)
    with pytest.raises(TypeError, match=r"expected a cryptoshim\._core\.Certificate, got .*Key"):
        _core.pkcs7_sign(cert, key, [key], MESSAGE, "sha256", 0)
    with pytest.raises(TypeError, match="not iterable"):
        _core.pkcs7_sign(cert, key, 5, MESSAGE, "sha256", 0)


def test_an_unknown_digest_is_the_core_error(signer):
    cert, key = signer
    with pytest.raises(_core.Error):
        _core.pkcs7_sign(cert, key, None, MESSAGE, "no-such-digest", 0)


def test_signing_releases_the_gil(signer):
    cert, key = signer
    assert releases_gil(lambda: [_core.pkcs7_sign(cert, key, None, MESSAGE, "sha256", DETACHED)
                                 for _ in range(3)])
