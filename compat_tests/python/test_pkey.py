"""OpenSSL.crypto keys through the drop-in: PKey, load/dump, sign/verify,
passphrase semantics and the safety policy."""
import sys
import warnings

import pytest

import cryptoshim
from cryptoshim import _core
from OpenSSL.crypto import (
    FILETYPE_ASN1,
    FILETYPE_PEM,
    FILETYPE_TEXT,
    TYPE_DSA,
    TYPE_RSA,
    Error,
    PKey,
    dump_privatekey,
    dump_publickey,
    get_elliptic_curve,
    get_elliptic_curves,
    load_privatekey,
    load_publickey,
    sign,
    verify,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::cryptoshim.InsecureLegacyWarning")


@pytest.fixture(scope="module")
def rsa_key():
    return PKey._from_core(_core.generate_rsa_key(2048))


@pytest.fixture(scope="module")
def ec_key():
    return PKey._from_core(_core.generate_ec_key("prime256v1"))



class _Cert:
    """Anything with get_pubkey() is accepted by verify()."""

    def __init__(self, pkey):
        self._pkey = pkey

    def get_pubkey(self):
        return load_publickey(FILETYPE_ASN1, dump_publickey(FILETYPE_ASN1, self._pkey))


def test_classes_look_like_pyopenssl():
    assert PKey.__module__ == "OpenSSL.crypto"
    assert PKey.__name__ == "PKey"
    from OpenSSL._crypto import pkey
    assert pkey._EllipticCurve.__module__ == "OpenSSL.crypto"
    assert "_EllipticCurve" not in pkey.__all__
    assert pkey._Key is not None and pkey._PrivateKey is not None


def test_empty_pkey():
    key = PKey()
    assert (key.type(), key.bits()) == (0, 0)
    assert key._initialized is False
    with pytest.raises(TypeError):
        key.check()


def test_generate_and_check():
    key = PKey()
    key.generate_key(TYPE_RSA, 1024)
    assert (key.type(), key.bits(), key.check()) == (TYPE_RSA, 1024, True)
    assert key._initialized is True and key._only_public is False
    key.generate_key(TYPE_DSA, 576)
    assert (key.type(), key.bits()) == (TYPE_DSA, 576)
    with pytest.raises(TypeError):
        key.check()
    with pytest.raises(ValueError):
        key.generate_key(TYPE_RSA, 0)
    with pytest.raises(TypeError):
        key.generate_key(TYPE_RSA, "1024")
    with pytest.raises(Error):
        key.generate_key(-1, 1024)


def test_private_round_trips(rsa_key, ec_key):
    for key in (rsa_key, ec_key):
        pem = dump_privatekey(FILETYPE_PEM, key)
        assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
        der = dump_privatekey(FILETYPE_ASN1, key)
        for loaded in (load_privatekey(FILETYPE_PEM, pem), load_privatekey(FILETYPE_ASN1, der)):
            assert type(loaded) is PKey
            assert (loaded.type(), loaded.bits()) == (key.type(), key.bits())
            assert dump_publickey(FILETYPE_PEM, loaded) == dump_publickey(FILETYPE_PEM, key)
    # str PEM is accepted as ASCII.
    assert load_privatekey(FILETYPE_PEM, dump_privatekey(FILETYPE_PEM, ec_key).decode()).bits() == 256


def test_public_keys(rsa_key):
    pem = dump_publickey(FILETYPE_PEM, rsa_key)
    pub = load_publickey(FILETYPE_PEM, pem)
    assert pub._only_public is True
    assert dump_publickey(FILETYPE_ASN1, pub) == dump_publickey(FILETYPE_ASN1, rsa_key)
    with pytest.raises(TypeError):
        pub.check()
    with pytest.raises(ValueError):
        load_publickey(FILETYPE_TEXT, pem)
    with pytest.raises(ValueError):
        dump_publickey(FILETYPE_TEXT, pub)
    with pytest.raises(Error) as err:
        load_publickey(FILETYPE_ASN1, pem)
    assert err.value.args[0] and isinstance(err.value.args[0][0], tuple)


def test_encrypted_dump_and_load(rsa_key):
    calls = []

    def cb(writing):
        calls.append(writing)
        return b"secret"

    pem = dump_privatekey(FILETYPE_PEM, rsa_key, "aes-256-cbc", cb)
    assert pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert calls == [True]
    del calls[:]
    assert load_privatekey(FILETYPE_PEM, pem, cb).bits() == 2048
    assert calls == [False]
    with pytest.raises(Error) as err:
        load_privatekey(FILETYPE_PEM, pem, b"wrong")
    assert err.value.args[0] != []
    # A passphrase for an unencrypted PEM key is ignored, as in pyOpenSSL.
    plain = dump_privatekey(FILETYPE_PEM, rsa_key)
    assert load_privatekey(FILETYPE_PEM, plain, b"unused").bits() == 2048


def test_blowfish_needs_the_legacy_provider(rsa_key):
    if not _core.is_known_cipher("blowfish"):
        pytest.skip("OpenSSL legacy provider not installed")
    pem = dump_privatekey(FILETYPE_PEM, rsa_key, "blowfish", b"foo")
    assert load_privatekey(FILETYPE_PEM, pem, b"foo").bits() == 2048


def test_passphrase_errors(rsa_key):
    pem = dump_privatekey(FILETYPE_PEM, rsa_key, "aes-128-cbc", b"pw")

    def boom(_):
        raise ArithmeticError("from the callback")

    with pytest.raises(ArithmeticError, match="from the callback"):
        load_privatekey(FILETYPE_PEM, pem, boom)
    with pytest.raises(ArithmeticError):
        dump_privatekey(FILETYPE_PEM, rsa_key, "aes-128-cbc", boom)
    with pytest.raises(ValueError, match="Bytes expected"):
        load_privatekey(FILETYPE_PEM, pem, lambda _: "pw")
    with pytest.raises(ValueError, match="too long"):
        load_privatekey(FILETYPE_PEM, pem, lambda _: b"a" * 1025)
    with pytest.raises(ValueError, match="too long"):
        dump_privatekey(FILETYPE_PEM, rsa_key, "aes-128-cbc", b"a" * 1025)
    with pytest.raises(TypeError):
        load_privatekey(FILETYPE_PEM, pem, object())
    with pytest.raises(ValueError, match="only FILETYPE_PEM"):
        load_privatekey(FILETYPE_ASN1, dump_privatekey(FILETYPE_ASN1, rsa_key), b"pw")
    with pytest.raises(TypeError):
        dump_privatekey(FILETYPE_PEM, rsa_key, cipher="aes-128-cbc")
    with pytest.raises(ValueError, match="Invalid cipher name"):
        dump_privatekey(FILETYPE_PEM, rsa_key, "zippers", b"pw")
    # A NUL byte is part of the passphrase, never a terminator.
    nul = dump_privatekey(FILETYPE_PEM, rsa_key, "aes-256-cbc", b"foo\x00bar")
    with pytest.raises(Error):
        load_privatekey(FILETYPE_PEM, nul, b"foo")
    assert load_privatekey(FILETYPE_PEM, nul, b"foo\x00bar").bits() == 2048


def test_malformed_input():
    with pytest.raises(Error):
        load_privatekey(FILETYPE_PEM, b"garbage")
    with pytest.raises(Error):
        load_privatekey(FILETYPE_ASN1, b"garbage")
    with pytest.raises(ValueError):
        load_privatekey(100, b"garbage")
    with pytest.raises(TypeError):
        dump_privatekey(FILETYPE_PEM, object())


def test_text_dump(rsa_key, ec_key):
    text = dump_privatekey(FILETYPE_TEXT, rsa_key)
    assert text.startswith(b"RSA Private-Key: (2048 bit, 2 primes)\nmodulus:\n")
    with pytest.raises(TypeError):
        dump_privatekey(FILETYPE_TEXT, ec_key)


def test_sign_verify(rsa_key, ec_key):
    data = b"payload \x00 with a NUL"
    for key in (rsa_key, ec_key):
        sig = sign(key, data, "sha256")
        verify(_Cert(key), sig, data, "sha256")
        verify(key, sig, data, "sha256")
        with pytest.raises(Error):
            verify(_Cert(key), sig, data + b"!", "sha256")
    with pytest.raises(ValueError):
        sign(rsa_key, data, "strange-digest")
    with pytest.raises(ValueError):
        verify(rsa_key, b"", data, "strange-digest")


def test_str_data_warns_at_caller(rsa_key):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sign(rsa_key, "text", "sha256"); line = sys._getframe().f_lineno  # noqa: E702
    msg = [w for w in caught if "str for data" in str(w.message)]
    assert len(msg) == 1
    assert msg[0].category is DeprecationWarning
    assert (msg[0].filename, msg[0].lineno) == (__file__, line)
    assert caught[-1] is msg[0]


def test_policy_compat_warns_on_md5_and_small_keys(rsa_key):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sign(rsa_key, b"x", "md5")
        PKey().generate_key(TYPE_RSA, 1024)
    insecure = [w for w in caught if issubclass(w.category, cryptoshim.InsecureLegacyWarning)]
    assert len(insecure) == 2
    assert "md5" in str(insecure[0].message)


def test_policy_strict_refuses(rsa_key, strict):
    with pytest.raises(cryptoshim.InsecureOperationError):
        sign(rsa_key, b"x", "sha1")
    with pytest.raises(cryptoshim.InsecureOperationError):
        PKey().generate_key(TYPE_DSA, 1024)
    # Safe operations still work under strict.
    assert len(sign(rsa_key, b"x", "sha256")) == 256


def test_cryptography_interop(rsa_key, ec_key):
    import cryptography  # noqa: F401  (required test dependency)
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa, x25519

    assert isinstance(rsa_key.to_cryptography_key(), rsa.RSAPrivateKey)
    back = PKey.from_cryptography_key(ec_key.to_cryptography_key())
    assert dump_publickey(FILETYPE_PEM, back) == dump_publickey(FILETYPE_PEM, ec_key)
    pub = PKey.from_cryptography_key(rsa_key.to_cryptography_key().public_key())
    assert pub._only_public and isinstance(pub.to_cryptography_key(), rsa.RSAPublicKey)
    ed = PKey.from_cryptography_key(ed25519.Ed25519PrivateKey.generate())
    assert ed.type() == 1087 and not ed._only_public
    assert isinstance(ed.to_cryptography_key(), ed25519.Ed25519PrivateKey)
    with pytest.raises(TypeError):
        PKey.from_cryptography_key(x25519.X25519PrivateKey.generate())
    ec_pub = PKey.from_cryptography_key(ec.generate_private_key(ec.SECP256R1()).public_key())
    assert ec_pub._only_public and ec_pub.type() == 408
    with pytest.raises(TypeError):
        PKey.from_cryptography_key(object())


def test_elliptic_curves():
    curves = get_elliptic_curves()
    assert isinstance(curves, set) and len(curves) > 10
    p256 = get_elliptic_curve("prime256v1")
    assert p256 in curves
    assert repr(p256) == "<Curve 'prime256v1'>"
    assert p256 == get_elliptic_curve("prime256v1")
    assert p256 != get_elliptic_curve("secp384r1")
    assert not (p256 == object())
    with pytest.raises(ValueError):
        get_elliptic_curve("this curve was just invented")
