import pytest
from OpenSSL import crypto


def test_sign():
    with pytest.raises(crypto.Error):
        crypto.sign(None, b"", "sha256")
