from saltlike import crypt
from OpenSSL.crypto import FILETYPE_PEM, load_privatekey


def test_key_bits():
    key = load_privatekey(FILETYPE_PEM, open("key.pem").read())
    assert key.bits() == 2048
    assert crypt.cert_expired(b"") is not None
