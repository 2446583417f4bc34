"""The drop-in M2Crypto.RSA and EVP.PKey, cross-checked with pyca/cryptography."""
import hashlib

import pytest

from M2Crypto import RSA
from M2Crypto import BIO, EVP, m2  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::cryptoshim.InsecureLegacyWarning")


@pytest.fixture(scope="module")
def key():
    return RSA.gen_key(2048, 65537, lambda *a: None)


def test_mpi_components(key):
    assert len(key) == 2048
    assert key.e == b"\x00\x00\x00\x03\x01\x00\x01"
    assert key.check_key() == 1
    new = RSA.new_pub_key(key.pub())
    assert new.n == key.n and isinstance(new, RSA.RSA_pub)


def test_sign_verify_interop(key):
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, utils
    digest = hashlib.sha256(b"message").digest()
    sig = key.sign(digest)  # sha256 by default (0.45.1+)
    assert key.verify(digest, sig) == 1
    pub = serialization.load_pem_public_key(_pub_pem(key))
    pub.verify(sig, digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    with pytest.raises(RSA.RSAError):
        key.verify(hashlib.sha256(b"other").digest(), sig)
    with pytest.raises(ValueError):
        key.sign(digest, "bad_digest_method")


def _pub_pem(key):
    bio = BIO.MemoryBuffer()
    key.save_pub_key_bio(bio)
    return bio.read()


def test_pss_and_encrypt(key):
    digest = hashlib.sha384(b"m").digest()
    sig = key.sign_rsassa_pss(digest, "sha384", 20)
    assert key.verify_rsassa_pss(digest, sig, "sha384", 20) == 1
    assert key.verify_rsassa_pss(hashlib.sha384(b"x").digest(), sig, "sha384", 20) == 0
    ct = key.public_encrypt(b"secret", RSA.pkcs1_oaep_padding)
    assert key.private_decrypt(ct, RSA.pkcs1_oaep_padding) == b"secret"
    with pytest.raises(RSA.RSAError):
        key.private_encrypt(b"x" * 32, RSA.pkcs1_oaep_padding)


def test_pem_round_trip_with_passphrase(key):
    pem = key.as_pem("aes_128_cbc", callback=lambda *a: b"qwerty")
    assert b"ENCRYPTED" in pem
    again = RSA.load_key_string(pem, lambda *a: b"qwerty")
    assert again.n == key.n
    with pytest.raises(RSA.RSAError):
        RSA.load_key_string(b"junk")


def test_pkey_envelope(key):
    pkey = EVP.PKey()
    pkey.assign_rsa(key)
    assert pkey.size() == 256
    pkey.sign_init()
    pkey.sign_update(b"test message")
    sig = pkey.sign_final()
    pub = EVP.load_key_string_pubkey(_pub_pem(key))
    pub.verify_init()
    pub.verify_update(b"test message")
    assert pub.verify_final(sig) == 1
    pub.verify_init()
    pub.verify_update(b"other")
    assert pub.verify_final(sig) == 0
    assert pkey.get_rsa().n == key.n
    with pytest.raises(ValueError):
        EVP.PKey().get_rsa()


def test_raw_handle_interop(key):
    # rsa.rsa is the handle M2Crypto code passes to m2.* helpers.
    assert m2.rsa_get_e(key.rsa) == key.e
    pub = RSA.new_pub_key(key.pub())
    with pytest.raises(RSA.RSAError):
        m2.rsa_set_en(pub.rsa, b"\x00\x00\x00\x03\x01\x00\x01", b"\x00\x00\x00\x03\x01")
    other = RSA.gen_key(2048, 65537, lambda *a: None)
    m2.rsa_set_en(pub.rsa, other.e, other.n)
    assert pub.n == other.n  # the RSA object sees the replaced key
    with pytest.raises(RSA.RSAError):
        m2.rsa_set_en(key.rsa, other.e, other.n)  # private keys are not rewritten


def test_verify_context_is_reused_and_follows_a_replaced_key(key):
    # RSA.sign/verify keep one context pair per key (RSA._RsaHandle.pkcs1):
    # a failed verify must not spoil it, and m2.rsa_set_en must replace it.
    digest = hashlib.sha256(b"reuse").digest()
    sig = key.sign(digest)
    pub = RSA.new_pub_key(key.pub())
    for _ in range(2):
        assert pub.verify(digest, sig) == 1
        with pytest.raises(RSA.RSAError):
            pub.verify(digest, sig[:-1] + bytes([sig[-1] ^ 1]))
        with pytest.raises(RSA.RSAError):
            pub.verify(digest, sig, "sha1")  # another digest on the same context
    other = RSA.gen_key(2048, 65537, lambda *a: None)
    m2.rsa_set_en(pub.rsa, other.e, other.n)
    with pytest.raises(RSA.RSAError):
        pub.verify(digest, sig)
    assert pub.verify(digest, other.sign(digest)) == 1
