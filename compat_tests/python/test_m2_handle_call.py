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
