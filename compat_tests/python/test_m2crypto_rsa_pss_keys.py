"""M2Crypto's RSA loaders read id-RSASSA-PSS keys (PKCS#8 and SPKI) as the
real M2Crypto does: OpenSSL's PEM_read_bio_RSAPrivateKey / d2i_RSA_PUBKEY
hand back a plain RSA*, whose RSA_* operations ignore the PSS restrictions.
Keys are made with the openssl command line."""
import hashlib
import shutil
import subprocess

import pytest

from M2Crypto import RSA
from M2Crypto import BIO  # noqa: E402

OPENSSL = shutil.which("openssl")
pytestmark = pytest.mark.skipif(OPENSSL is None, reason="needs the openssl command line")


@pytest.fixture(scope="module")
def pss_key(tmp_path_factory):
    """(private PEM, public PEM) of an RSA-PSS key restricted to SHA-256, salt >= 32."""
    d = tmp_path_factory.mktemp("pss")
    subprocess.run([OPENSSL, "genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048",
                    "-pkeyopt", "rsa_pss_keygen_md:sha256", "-pkeyopt", "rsa_pss_keygen_saltlen:32",
                    "-out", "k.pem"], check=True, capture_output=True, cwd=d)
    subprocess.run([OPENSSL, "pkey", "-in", "k.pem", "-pubout", "-out", "pub.pem"], check=True,
                   capture_output=True, cwd=d)
    text = subprocess.run([OPENSSL, "pkey", "-in", "k.pem", "-noout", "-text"], check=True,
                          capture_output=True, cwd=d).stdout
    assert b"RSASSA-PSS" in text or b"PSS" in text  # really a restricted key
    return (d / "k.pem").read_bytes(), (d / "pub.pem").read_bytes()


def test_private_and_public_pss_keys_load(pss_key):
    private_pem, public_pem = pss_key
    key = RSA.load_key_string(private_pem)
    pub = RSA.load_pub_key_bio(BIO.MemoryBuffer(public_pem))
    assert len(key) == len(pub) == 2048
    assert key.n == pub.n and key.e == pub.e
    assert key.check_key() == 1


def test_operations_ignore_the_pss_restrictions_like_rsa_star(pss_key):
    private_pem, public_pem = pss_key
    key = RSA.load_key_string(private_pem)
    pub = RSA.load_pub_key_bio(BIO.MemoryBuffer(public_pem))
    digest = hashlib.sha256(b"message").digest()
    # Within the restrictions...
    sig = key.sign_rsassa_pss(digest, "sha256", 32)
    assert pub.verify_rsassa_pss(digest, sig, "sha256", 32) == 1
    # ...and outside them (PKCS#1 v1.5, SHA-1 PSS, shorter salt), as RSA_* allows.
    assert pub.verify(digest, key.sign(digest, "sha256"), "sha256") == 1
    sha1 = hashlib.sha1(b"message").digest()
    assert pub.verify_rsassa_pss(sha1, key.sign_rsassa_pss(sha1, "sha1", 20), "sha1", 20) == 1


def test_saved_as_a_plain_rsa_key(pss_key):
    key = RSA.load_key_string(pss_key[0])
    bio = BIO.MemoryBuffer()
    key.save_key_bio(bio, cipher=None)
    pem = bio.read()
    assert pem.startswith(b"-----BEGIN RSA PRIVATE KEY-----")
    assert RSA.load_key_string(pem).n == key.n
