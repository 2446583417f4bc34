"""The drop-in M2Crypto.EC, BIO, BN, RC4 and m2 cipher contexts, cross-checked
with pyca/cryptography where an equivalent exists."""
import hashlib

import pytest

from M2Crypto import EC
from M2Crypto import BIO, BN, EVP, RC4, m2  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::cryptoshim.InsecureLegacyWarning")


def test_ecdsa_signature_verifies_with_cryptography():
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, utils
    key = EC.gen_params(m2.NID_X9_62_prime256v1)
    key.gen_key()
    assert len(key) == 256
    digest = hashlib.sha256(b"m").digest()
    der = key.sign_dsa_asn1(digest)
    bio = BIO.MemoryBuffer()
    key.save_pub_key_bio(bio)
    pub = serialization.load_pem_public_key(bio.read())
    pub.verify(der, digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
    r, s = key.sign_dsa(digest)
    assert key.verify_dsa(digest, r, s) == 1
    assert key.verify_dsa(digest, s, r) == 0
    with pytest.raises(EC.ECError):
        key.verify_dsa_asn1(hashlib.sha256(b"x").digest(), der)


def test_ecdh_and_point_round_trip():
    a = EC.gen_params(EC.NID_secp384r1)
    a.gen_key()
    b = EC.gen_params(EC.NID_secp384r1)
    b.gen_key()
    assert a.compute_dh_key(b.pub()) == b.compute_dh_key(a.pub())
    point = a.pub().get_key()
    assert point[0] == 4 and len(point) == 97
    again = EC.pub_key_from_params(EC.NID_secp384r1, point)
    assert again.get_der() == a.pub().get_der()
    assert any(c["sname"] == "secp384r1" for c in EC.get_builtin_curves())


def test_pkey_get_ec():
    key = EC.gen_params(m2.NID_secp521r1)
    key.gen_key()
    pkey = EVP.PKey()
    pkey.assign_ec(key)
    assert isinstance(pkey.get_ec(), EC.EC_pub)
    with pytest.raises(ValueError):
        EVP.PKey().get_ec()


@pytest.mark.parametrize("alg", ["aes_256_cbc", "bf_cbc", "des_ede3_cfb"])
def test_cipher_stream_round_trip(alg):
    data = b"123456789012345678901234"
    mem = BIO.MemoryBuffer()
    cf = BIO.CipherStream(mem)
    cf.set_cipher(alg, b"k" * 32, b"i" * 16, 1)
    cf.write(data)
    cf.flush()
    ct = mem.read()
    assert ct and ct != data
    cf2 = BIO.CipherStream(BIO.MemoryBuffer(ct))
    cf2.set_cipher(alg, b"k" * 32, b"i" * 16, 0)
    # The final block comes once the memory BIO reports end of data, after
    # write_close() (as upstream's test_bio does); before, the real
    # BIO_f_cipher holds it back (16 of these 24 bytes for AES-CBC).
    cf2.write_close()
    assert cf2.read() == data
    cf2.close()
    with pytest.raises(IOError):
        cf2.read()


def test_memory_buffer_semantics():
    mb = BIO.MemoryBuffer(b"line1\nline2\n")
    assert len(mb) == 12
    assert mb.readline() == b"line1\n"
    assert mb.read() == b"line2\n"
    assert mb.read() is None  # BIO_read of nothing gives None in M2Crypto
    with pytest.raises(TypeError):
        BIO.MemoryBuffer("text")


def test_rc4_vector_and_bn():
    rc4 = RC4.RC4(b"Key")
    assert rc4.update(b"Plaintext").hex().upper() == "BBF316E8D940AF0AD3"
    for _ in range(8):
        assert BN.rand(8, top=1) & 192 == 192
        assert BN.rand(8, bottom=1) % 2 == 1
        assert 0 <= BN.rand_range(5) < 5
    assert BN.rand_range(1) == 0


def test_m2_cipher_context():
    ctx = m2.cipher_ctx_new()
    try:
        m2.cipher_init(ctx, m2.aes_128_cbc(), b"\x01" * 16, b"\x02" * 16, 1)
        m2.cipher_init(ctx, m2.aes_128_cbc(), None, None, 1)  # keeps key and iv
        ct = m2.cipher_update(ctx, b"A" * 16) + m2.cipher_final(ctx)
    finally:
        m2.cipher_ctx_free(ctx)
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    p = padding.PKCS7(128).padder()
    enc = Cipher(algorithms.AES(b"\x01" * 16), modes.CBC(b"\x02" * 16)).encryptor()
    assert ct == enc.update(p.update(b"A" * 16) + p.finalize()) + enc.finalize()
    with pytest.raises(EVP.EVPError):
        m2.cipher_by_name("nosuch_cbc")


def test_dsa_and_dh():
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import utils
    from M2Crypto import DH, DSA
    dsa = DSA.gen_params(1024, lambda *a: None)
    assert not dsa.check_key()
    dsa.gen_key()
    assert dsa.check_key() == 1
    digest = hashlib.sha256(b"m").digest()
    der = dsa.sign_asn1(digest)
    bio = BIO.MemoryBuffer()
    dsa.save_pub_key_bio(bio)
    serialization.load_pem_public_key(bio.read()).verify(der, digest, utils.Prehashed(hashes.SHA256()))
    with pytest.raises(DSA.DSAError):
        dsa.p = b"x"
    params = DH.gen_params(512, 2, lambda *a: None)
    a = DH.set_params(params.p, params.g)
    b = DH.set_params(params.p, params.g)
    a.gen_key()
    b.gen_key()
    assert a.compute_key(b.pub) == b.compute_key(a.pub)
    assert len(a) == 64


def test_low_level_aes_matches_fips197():
    key = m2.aes_new()
    try:
        m2.AES_set_key(key, bytes(range(16)), 128, 0)
        pt = bytes.fromhex("00112233445566778899aabbccddeeff")
        ct = m2.AES_crypt(key, pt, 16, 0)
        assert ct.hex() == "69c4e0d86a7b0430d8cdb78070b4c55a"  # FIPS-197 C.1
        assert m2.AES_crypt(key, ct, 16, 1) == pt
        with pytest.raises(ValueError):
            m2.AES_crypt(key, pt, 15, 0)
    finally:
        m2.AES_free(key)
