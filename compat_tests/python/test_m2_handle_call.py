"""_core.m2crypto.HandleCall: a drop-in method's common case in C,
function(self.<attr>, *args), and the Python method for everything else, so
conversions and errors stay the method's own (M2Crypto/_common.handle_call)."""
import pytest

from cryptoshim import _core

HandleCall = _core.m2crypto.HandleCall


class Owner:
    def __init__(self, handle):
        self.handle = handle


def forwarded(handle, data):
    return ("C", handle, data)


def method(self, data):
    return ("method", self.handle, data)


def bound(exact):
    call = HandleCall("handle", forwarded, 2, method, exact)
    return lambda owner, *args, **kwargs: call(owner, *args, **kwargs)


def test_exact_types_take_the_forwarding_and_others_the_method():
    call = bound((bytes,))
    owner = Owner("h")
    assert call(owner, b"x") == ("C", "h", b"x")
    assert call(owner, bytearray(b"x")) == ("method", "h", bytearray(b"x"))
    assert call(owner, "x") == ("method", "h", "x")
    assert call(owner, data=b"x") == ("method", "h", b"x")


def test_without_exact_any_type_is_forwarded():
    owner = Owner("h")
    assert bound(None)(owner, "x") == ("C", "h", "x")
    assert bound((None,))(owner, 3) == ("C", "h", 3)


def test_a_handle_that_is_none_goes_to_the_method():
    # A core object not set up yet (RC4() before set_key): the method's own
    # error, not the C function's complaint about None.
    assert bound((bytes,))(Owner(None), b"x") == ("method", None, b"x")


@pytest.mark.parametrize("exact", [(bytes, bytes), [bytes], ("bytes",)])
def test_exact_must_be_a_tuple_of_types_one_per_argument(exact):
    with pytest.raises(ValueError, match="exact"):
        HandleCall("handle", forwarded, 2, method, exact)


def test_rc4_update_reads_as_the_method_for_every_input():
    import warnings

    from M2Crypto import RC4
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = RC4.RC4(b"k" * 16).update(b"hello")
        for data in (bytearray(b"hello"), memoryview(b"hello")):
            assert RC4.RC4(b"k" * 16).update(data) == expected
        assert RC4.RC4(b"k" * 16).update(data=b"hello") == expected
        with pytest.raises(TypeError, match="must be bytes, not str"):
            RC4.RC4(b"k" * 16).update("hello")
        with pytest.raises(ValueError, match="RC4 key not set"):
            RC4.RC4().update(b"hello")


def test_cipher_update_matches_the_flat_m2_layer_for_every_length():
    # Cipher.update (a plain method, RC4.update's forwarding function): the
    # same bytes as m2.cipher_update, the SWIG layer's separate shim, chunk
    # after chunk, and a TypeError (not a crash) for anything but a Cipher
    # and bytes.
    import warnings

    from M2Crypto import m2
    key = b"k" * 16
    cipher = _core.m2crypto.Cipher("rc4", key, b"", 1, variable_key=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        flat = m2.cipher_ctx_new()
        m2.cipher_init(flat, m2.rc4(), key, b"", 1)
        for size in (0, 1, 64, 4097):
            data = bytes(range(256)) * (size // 256) + bytes(size % 256)
            assert cipher.update(data) == m2.cipher_update(flat, data)
        m2.cipher_ctx_free(flat)
    with pytest.raises(TypeError, match="must be bytes, not str"):
        cipher.update("text")
    with pytest.raises(TypeError, match="takes exactly one argument"):
        cipher.update()
    with pytest.raises(TypeError, match="for 'cryptoshim._core.m2crypto.Cipher' objects doesn't apply"):
        _core.m2crypto.Cipher.update(object(), b"x")


def test_cipher_update_keeps_the_ciphers_refusals():
    # A finished cipher refuses further input with the core's error.
    cipher = _core.m2crypto.Cipher("aes_128_cbc", b"k" * 16, b"i" * 16, 1)
    cipher.final()
    with pytest.raises(_core.Error, match="^cipher already finalized$"):
        cipher.update(b"x")


def test_message_digest_reads_as_its_methods_for_every_input():
    # EVP.MessageDigest.update / final: bytes go through HandleCall to the
    # plain C digest_update / digest_final; anything else through the
    # Python methods. Both must give hashlib's digest and the same errors.
    import hashlib
    import warnings

    from M2Crypto import EVP
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for size in (0, 1, 64, 2047, 2048, 1 << 20):  # 2048 and up: hashed without the GIL
            data = bytes(i % 251 for i in range(size))
            for given in (data, bytearray(data), memoryview(data)):
                d = EVP.MessageDigest("sha256")
                assert d.update(given) == 1
                assert d.update(data=given) == 1
                assert d.final() == hashlib.sha256(data + data).digest()
        d = EVP.MessageDigest("sha256")
        with pytest.raises(TypeError, match="expected a readable buffer object"):
            d.update("text")
        d.final()
        for again in (d.final, lambda: d.update(b"x"), lambda: d.update(bytearray(b"x"))):
            with pytest.raises(EVP.EVPError, match="digest already finalized"):
                again()
        assert EVP.MessageDigest("sha256").digest() == hashlib.sha256().digest()


def test_message_digest_calls_are_counted_at_their_call_site():
    import warnings

    from cryptoshim import telemetry
    from M2Crypto import EVP
    telemetry.reset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            d = EVP.MessageDigest("sha256")
            d.update(b"x")
            d.final()
    apis = telemetry.snapshot()["apis"]
    for name in ("update", "final"):
        entry = apis["m2crypto.EVP.MessageDigest." + name]
        assert entry["calls"] == 3
        assert entry["sites"] and all(site.startswith(__file__ + ":") for site in entry["sites"])


def test_digest_functions_refuse_what_is_not_theirs():
    from cryptoshim import _core
    digest = _core.Digest("sha256", False)
    assert _core.m2crypto.digest_update(digest, b"abc") == 1
    assert _core.m2crypto.digest_final(digest) == __import__("hashlib").sha256(b"abc").digest()
    with pytest.raises(TypeError, match="expected a cryptoshim._core.Digest"):
        _core.m2crypto.digest_final(object())
    with pytest.raises(TypeError, match="bytes"):
        _core.m2crypto.digest_update(digest, "abc")
    with pytest.raises(_core.Error):
        _core.m2crypto.digest_final(digest)  # finalized already


def test_hmac_reads_as_its_methods_for_every_input():
    # EVP.HMAC.update / final: the same split as MessageDigest's, over
    # hmac_update / hmac_final; update returns None, as M2Crypto's.
    import hashlib
    import hmac
    import warnings

    from M2Crypto import EVP
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for size in (0, 1, 64, 2047, 2048, 1 << 20):
            data = bytes(i % 251 for i in range(size))
            for given in (data, bytearray(data), memoryview(data)):
                h = EVP.HMAC(b"key", "sha256")
                assert h.update(given) is None
                assert h.update(data=given) is None
                assert h.final() == hmac.new(b"key", data + data, hashlib.sha256).digest()
        h = EVP.HMAC(b"key", "sha256")
        with pytest.raises(TypeError, match="expected a readable buffer object"):
            h.update("text")
        h.final()
        for again in (h.final, lambda: h.update(b"x")):
            with pytest.raises(EVP.EVPError, match="HMAC already finalized"):
                again()
        h.reset(b"other")
        h.update(b"abc")
        assert h.digest() == hmac.new(b"other", b"abc", hashlib.sha256).digest()


def test_hmac_functions_refuse_what_is_not_theirs():
    from cryptoshim import _core
    stream = _core.m2crypto.HmacStream("sha256", b"key")
    assert _core.m2crypto.hmac_update(stream, b"abc") is None
    assert len(_core.m2crypto.hmac_final(stream)) == 32
    with pytest.raises(TypeError, match="expected a cryptoshim._core.m2crypto.HmacStream"):
        _core.m2crypto.hmac_final(_core.Digest("sha256", False))
    with pytest.raises(TypeError, match="bytes"):
        _core.m2crypto.hmac_update(stream, "abc")
    with pytest.raises(_core.Error):
        _core.m2crypto.hmac_final(stream)  # finalized already
