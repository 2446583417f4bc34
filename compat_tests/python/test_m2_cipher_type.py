"""_core.m2crypto.Cipher, the plain CPython type behind EVP.Cipher, RC4,
CipherStream and the flat m2 cipher functions: its arguments read as the
pybind11 binding's did (positional or by keyword, defaults, types), its
methods keep their refusals, and it holds no Python references."""
import gc
import sys

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher as RefCipher
from cryptography.hazmat.primitives.ciphers import algorithms, modes

from cryptoshim import _core

Cipher = _core.m2crypto.Cipher
KEY, IV = bytes(range(32)), bytes(range(16))


def reference_cbc(data: bytes) -> bytes:
    enc = RefCipher(algorithms.AES(KEY), modes.CBC(IV)).encryptor()
    pad = 16 - len(data) % 16
    return enc.update(data + bytes([pad]) * pad) + enc.finalize()


@pytest.mark.parametrize("length", [0, 1, 15, 16, 17, 64, 2047, 2048, 2049, 100_000])
def test_aes_cbc_matches_cryptography_for_every_length(length):
    data = bytes(range(256)) * (length // 256 + 1)
    c = Cipher("aes_256_cbc", KEY, IV, 1)
    assert c.update(data[:length]) + c.final() == reference_cbc(data[:length])
    d = Cipher("aes_256_cbc", KEY, IV, 0)
    assert d.update(reference_cbc(data[:length])) + d.final() == data[:length]


def test_keywords_and_defaults_read_as_the_signature():
    by_position = Cipher("aes_256_cbc", KEY, IV, 1, False, "md5", b"12345678", 1, True, False)
    by_keyword = Cipher(alg="aes_256_cbc", key=KEY, iv=IV, op=1, padding=True)
    by_new = Cipher.__new__(Cipher, "aes_256_cbc", KEY, IV, op=1)
    outs = {c.update(b"x" * 20) + c.final() for c in (by_position, by_keyword, by_new)}
    assert outs == {reference_cbc(b"x" * 20)}
    rc4 = Cipher("rc4", b"Key", b"", 1, variable_key=True)
    # RFC 6229-style check against the classic "Key"/"Plaintext" vector.
    assert rc4.update(b"Plaintext").hex() == "bbf316e8d940af0ad3"
    assert rc4.block_size == 1 and rc4.legacy


def test_key_derivation_by_keyword():
    derived = Cipher("aes_128_cbc", b"goethe", b"12345678", 1, key_as_bytes=True, d="sha256",
                     salt=b"saltsalt", i=5)
    plain = Cipher("aes_128_cbc", b"goethe", b"12345678", 0, True, "sha256", b"saltsalt", 5)
    assert plain.update(derived.update(b"secret") + derived.final()) + plain.final() == b"secret"


@pytest.mark.parametrize("call, message", [
    (lambda: Cipher("aes_256_cbc", KEY, IV), "missing required argument 'op'"),
    (lambda: Cipher("aes_256_cbc", KEY, IV, 1, nosuch=1), "unexpected keyword argument 'nosuch'"),
    (lambda: Cipher("aes_256_cbc", KEY, IV, 1, op=1), "multiple values for argument 'op'"),
    (lambda: Cipher("aes_256_cbc", KEY, IV, 1, 0, "md5", b"s", 1, 1, 0, 9), "at most 10"),
    (lambda: Cipher("aes_256_cbc", "key", IV, 1), "key must be bytes, not str"),
    (lambda: Cipher("aes_256_cbc", KEY, bytearray(IV), 1), "iv must be bytes, not bytearray"),
    (lambda: Cipher(3, KEY, IV, 1), "alg must be str, not int"),
    (lambda: Cipher("aes_256_cbc", KEY, IV, 1.0), "op must be an integer, not float"),
    (lambda: Cipher("aes_256_cbc", KEY, IV, "1"), "integer"),
])
def test_bad_arguments_raise_type_error(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_bad_values_raise_the_core_error():
    with pytest.raises(_core.Error, match="unknown cipher"):
        Cipher("nosuch_cbc", KEY, IV, 1)
    with pytest.raises(_core.Error, match="shorter than the cipher's key length"):
        Cipher("aes_256_cbc", b"short", IV, 1)
    with pytest.raises(OverflowError):
        Cipher("aes_256_cbc", KEY, IV, 2**40)


def test_methods_keep_their_refusals():
    c = Cipher("aes_256_cbc", KEY, IV, 1)
    with pytest.raises(TypeError, match="must be bytes, not str"):
        c.update("text")
    c.final()
    with pytest.raises(_core.Error):
        c.update(b"more")
    with pytest.raises(_core.Error):
        c.final()
    with pytest.raises(TypeError):
        c.get_tag(-1)


def test_gcm_tag_round_trip():
    enc = Cipher("aes_256_gcm", KEY, IV[:12], 1)
    enc.update_aad(b"header")
    body = enc.update(b"payload") + enc.final()
    tag = enc.get_tag(16)
    dec = Cipher("aes_256_gcm", KEY, IV[:12], 0)
    dec.update_aad(b"header")
    dec.set_tag(tag)
    assert dec.update(body) + dec.final() == b"payload"
    bad = Cipher("aes_256_gcm", KEY, IV[:12], 0)
    bad.update_aad(b"header")
    bad.set_tag(bytes(16))
    bad.update(body)
    with pytest.raises(_core.Error):
        bad.final()


def test_padding_off_refuses_a_partial_block():
    c = Cipher("aes_256_cbc", KEY, IV, 1, padding=False)
    c.set_padding(False)
    c.update(b"x" * 15)
    with pytest.raises(_core.Error):
        c.final()


def test_untracked_and_freed_with_its_last_reference():
    c = Cipher("aes_256_cbc", KEY, IV, 1)
    assert not gc.is_tracked(c)
    assert sys.getrefcount(c) == 2
    with pytest.raises(TypeError):
        type("Sub", (Cipher,), {})
