"""The drop-in M2Crypto.EVP / Rand / Err / util / m2 against known answers,
the stdlib and pyca/cryptography."""
import hashlib
import hmac as std_hmac
import warnings

import pytest

from cryptoshim import InsecureLegacyWarning, LegacyAPIWarning, telemetry

from M2Crypto import EVP
from M2Crypto import Err, Rand, m2, util  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::cryptoshim.InsecureLegacyWarning")


def test_message_digest_matches_hashlib():
    md = EVP.MessageDigest("sha256")
    assert md.update(b"Hello") == 1
    assert md.final() == hashlib.sha256(b"Hello").digest()


def test_message_digest_unknown_is_evperror():
    with pytest.raises(EVP.EVPError):
        EVP.MessageDigest("sha513")
    assert issubclass(EVP.EVPError, ValueError)


def test_hmac_default_is_sha256():
    assert EVP.hmac(b"key", b"data") == std_hmac.digest(b"key", b"data", "sha256")
    h = EVP.HMAC(b"key")
    h.update(b"da")
    h.update(b"ta")
    assert h.final() == std_hmac.digest(b"key", b"data", "sha256")
    with pytest.raises(ValueError):
        EVP.hmac(b"key", b"data", algo="sha513")


def test_pbkdf2_is_hmac_sha1():
    assert EVP.pbkdf2(b"password", b"salt", 2, 20) == hashlib.pbkdf2_hmac("sha1", b"password", b"salt", 2, 20)


@pytest.mark.parametrize("alg", ["aes_128_cbc", "aes_256_ctr", "des_ede3_cbc", "bf_cbc", "cast5_ofb"])
def test_cipher_round_trip(alg):
    msg = b"against stupidity the gods themselves contend in vain"
    enc = EVP.Cipher(alg, b"goethe", b"12345678", 1, 1, "sha256", b"saltsalt", 5)
    ct = enc.update(msg) + enc.final()
    dec = EVP.Cipher(alg, b"goethe", b"12345678", 0, 1, "sha256", b"saltsalt", 5)
    assert dec.update(ct) + dec.final() == msg
    assert ct != msg


def test_cipher_matches_cryptography():
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    key, iv = bytes(range(16)), bytes(range(16, 32))
    c = EVP.Cipher("aes_128_cbc", key, iv, 1, padding=0)
    ct = c.update(b"A" * 32) + c.final()
    ref = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    assert ct == ref.update(b"A" * 32) + ref.finalize()


def test_cipher_bad_decrypt_and_unknown():
    c = EVP.Cipher("aes_128_cbc", b"k" * 16, b"i" * 16, 0)
    c.update(b"x" * 16)
    with pytest.raises(EVP.EVPError):
        c.final()
    with pytest.raises(ValueError):
        EVP.Cipher("nosuchalgo4567", b"k", b"i", 1)


def test_legacy_cipher_warns_insecure():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        EVP.Cipher("bf_cbc", b"k" * 16, b"i" * 8, 1)
    assert any(issubclass(w.category, InsecureLegacyWarning) for w in caught)


def test_entry_points_are_counted_and_warn():
    telemetry.reset()
    with pytest.warns(LegacyAPIWarning):
        EVP.hmac(b"k", b"d")
    assert telemetry.snapshot()["apis"]["m2crypto.EVP.hmac"]["calls"] == 1


def test_rand_and_err_and_util():
    assert len(Rand.rand_bytes(7)) == 7
    with pytest.raises(MemoryError):
        Rand.rand_bytes(-1)
    assert Rand.rand_status() == 1
    assert Err.get_error_reason(0) == ""
    assert util.octx_to_num(b"\x01\x00") == 256
    assert util.pkcs7_pad("Hello World", 15) == "Hello World\x04\x04\x04\x04"


def test_m2_namespace_constants_and_helpers():
    assert m2.NID_sha256 == 672
    assert m2.RSA_F4 == 65537
    assert (m2.no_padding, m2.pkcs1_padding, m2.pkcs1_oaep_padding) == (3, 1, 4)
    assert m2.OPENSSL_VERSION_NUMBER >= 0x30000000
    assert m2.X509_V_OK == 0
    assert m2.time_t_bits() in (32, 64)
    bn = m2.hex_to_bn(b"FF01")
    assert m2.bn_to_hex(bn) == b"FF01"
    assert m2.bn_to_mpi(bn) == b"\x00\x00\x00\x03\x00\xff\x01"
    assert m2.bn_to_hex(m2.mpi_to_bn(b"\x00\x00\x00\x01\x7f")) == b"7F"
    assert len(m2.rand_bytes(5)) == 5
    with pytest.raises(MemoryError):
        m2.rand_bytes(-1)
    with pytest.raises(EVP.EVPError):
        m2.get_digestbyname("sha513")
    # OpenSSL's generic stack names are there only as the real module has
    # them (test_m2_namespace, test_m2_swig_internals): 25 + 18.
    assert sum(n.startswith(("OPENSSL_sk_", "ossl_check_")) for n in dir(m2)) == 43


def test_m2_rsa_components():
    rsa = m2.rsa_new()
    try:
        m2.rsa_set_n(rsa, b"\x00\x00\x00\x03\x01\x00\x01")
        assert m2.rsa_get_n(rsa) == b"\x00\x00\x00\x03\x01\x00\x01"
        assert m2.rsa_get_e(rsa) == b"\x00\x00\x00\x00"
    finally:
        m2.rsa_free(rsa)


def test_md4_comes_from_the_private_legacy_context():
    from cryptoshim import _core
    md = EVP.MessageDigest("md4")
    md.update(b"abc")
    # RFC 1320 test suite: MD4("abc").
    assert md.final().hex() == "a448017aaf21d8525fc10ae87aa6729d"
    # The process-wide default context did not gain MD4.
    with pytest.raises(_core.Error):
        _core.Digest("md4")


def test_m2_helpers_are_counted():
    telemetry.reset()
    m2.err_get_error()
    m2.bf_cbc()
    apis = telemetry.snapshot()["apis"]
    assert apis["m2crypto.m2.err_get_error"]["calls"] == 1
    assert apis["m2crypto.m2.bf_cbc"]["calls"] == 1


def test_remembered_unsafe_answers_still_warn_for_each_new_object():
    # EVP.py asks the core once per name whether a choice is unsafe; every
    # object of an unsafe choice is still reported (one warning per line).
    EVP.MessageDigest("md5")
    EVP.Cipher("aes_128_ecb", b"k" * 16, b"", 1)
    with pytest.warns(InsecureLegacyWarning, match="md5"):
        EVP.MessageDigest("md5")
    with pytest.warns(InsecureLegacyWarning, match="ECB"):
        EVP.Cipher("aes_128_ecb", b"k" * 16, b"", 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error", InsecureLegacyWarning)
        EVP.MessageDigest("sha256")  # a safe answer stays safe
        EVP.Cipher("aes_128_cbc", b"k" * 16, b"i" * 16, 1)


def test_an_unknown_name_of_a_known_family_is_m2cryptos_value_error():
    # M2Crypto finds no m2 getter for it (getattr(m2, alg) is None).
    with pytest.raises(ValueError) as info:
        EVP.Cipher("aes_999_cbc", b"k" * 16, b"i" * 16, 1)
    assert type(info.value) is ValueError
    assert info.value.args == ("unknown cipher", "aes_999_cbc")


def test_a_legacy_digest_remembered_by_name_is_still_refused_where_legacy_is():
    # MD4 is fetched from the private legacy context and cached by name
    # (core/src/method_cache.h); a fetch that refuses legacy algorithms
    # must not be served from that entry, before or after.
    from cryptoshim import _core
    with pytest.raises(_core.Error):
        _core.digest("md4", b"abc")
    for _ in range(2):
        EVP.MessageDigest("md4").update(b"abc")
        with pytest.raises(_core.Error):
            _core.digest("md4", b"abc")
        with pytest.raises(_core.Error):
            _core.hmac("md4", b"key", b"abc")


def test_hmac_construction_counts_no_reset_and_warns_on_weak_digests_every_time():
    # M2Crypto's HMAC.__init__ keys the context itself (hmac_init), so the
    # telemetry must not record a reset() the program never called; the
    # per-name memo of the weak-digest verdict must not drop a warning.
    telemetry.reset()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(2):
            h = EVP.HMAC(b"k" * 16, "md5")
            h.update(b"x")
            assert h.final() == std_hmac.new(b"k" * 16, b"x", hashlib.md5).digest()
        EVP.HMAC(b"k" * 16, "sha256").reset(b"other")

        class Name(str):
            pass

        EVP.HMAC(b"k" * 16, Name("md5"))  # a str subclass is checked, not remembered
    insecure = [w for w in caught if issubclass(w.category, InsecureLegacyWarning)]
    assert len(insecure) == 3 and all("HMAC-md5" in str(w.message) for w in insecure)
    apis = telemetry.snapshot()["apis"]
    assert apis["m2crypto.EVP.HMAC"]["calls"] == 4
    assert apis["m2crypto.EVP.HMAC.reset"]["calls"] == 1


def test_one_shot_hmac_warns_on_weak_digests_every_time_and_matches_hmac():
    # EVP.hmac shares HMAC's per-name memo of the weak-digest verdict.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(2):
            assert EVP.hmac(b"k", b"x", "md5") == std_hmac.digest(b"k", b"x", "md5")
        assert EVP.hmac(bytearray(b"k"), memoryview(b"x"), "sha256") == std_hmac.digest(
            b"k", b"x", "sha256")
    insecure = [w for w in caught if issubclass(w.category, InsecureLegacyWarning)]
    assert len(insecure) == 2 and all("HMAC-md5" in str(w.message) for w in insecure)


@pytest.mark.parametrize("length", [0, 1, 64, 2047, 2048, 2049, 1 << 20])
def test_core_hmac_matches_hashlib_for_every_length(length):
    from cryptoshim import _core
    data = bytes(range(256)) * (length // 256 + 1)
    assert _core.hmac("sha384", b"key", data[:length]) == std_hmac.digest(
        b"key", data[:length], "sha384")


def test_core_hmac_and_random_bytes_refuse_bad_arguments():
    from cryptoshim import _core
    with pytest.raises(TypeError, match="key must be bytes, not str"):
        _core.hmac("sha256", "key", b"data")
    with pytest.raises(TypeError, match="hash must be str"):
        _core.hmac(b"sha256", b"key", b"data")
    with pytest.raises(TypeError, match="takes exactly 3 arguments"):
        _core.hmac("sha256", b"key")
    with pytest.raises(_core.Error, match="unknown digest"):
        _core.hmac("sha999", b"key", b"data")
    assert len(_core.random_bytes(0)) == 0 and len(_core.random_bytes(33)) == 33
    assert _core.random_bytes(32) != _core.random_bytes(32)
    with pytest.raises(TypeError, match="not float"):
        _core.random_bytes(1.0)
    with pytest.raises(TypeError, match="negative"):
        _core.random_bytes(-1)
    with pytest.raises(_core.Error, match="too many random bytes"):
        _core.random_bytes(2**31)


@pytest.mark.parametrize("num, error", [(-1, MemoryError), (2**31, OverflowError),
                                        ("16", TypeError), (1.0, TypeError)])
def test_rand_bytes_keeps_swigs_errors(num, error):
    with pytest.raises(error):
        Rand.rand_bytes(num)
    assert len(Rand.rand_bytes(True)) == 1  # bool is an int to SWIG
