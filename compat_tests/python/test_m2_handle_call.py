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


def test_cipher_update_is_cipher_update_without_pybind11():
    # RC4.update's forwarding function: the same bytes as the bound method,
    # and a TypeError (not a crash) for anything but a Cipher and bytes.
    Cipher = _core.m2crypto.Cipher
    key = b"k" * 16
    via_method = Cipher("rc4", key, b"", 1, variable_key=True)
    via_function = Cipher("rc4", key, b"", 1, variable_key=True)
    for size in (0, 1, 64, 4097):
        data = bytes(range(256)) * (size // 256) + bytes(size % 256)
        assert _core.m2crypto.cipher_update(via_function, data) == via_method.update(data)
    with pytest.raises(TypeError, match="data: bytes"):
        _core.m2crypto.cipher_update(via_function, "text")
    with pytest.raises(TypeError, match="data: bytes"):
        _core.m2crypto.cipher_update(via_function)
    with pytest.raises(TypeError, match="expected a cryptoshim._core.m2crypto.Cipher"):
        _core.m2crypto.cipher_update(object(), b"x")


def test_cipher_update_keeps_the_ciphers_refusals():
    # A finished cipher refuses further input through either binding.
    cipher = _core.m2crypto.Cipher("aes_128_cbc", b"k" * 16, b"i" * 16, 1)
    cipher.final()
    with pytest.raises(Exception) as by_method:
        cipher.update(b"x")
    with pytest.raises(Exception) as by_function:
        _core.m2crypto.cipher_update(cipher, b"x")
    assert type(by_function.value) is type(by_method.value)
    assert str(by_function.value) == str(by_method.value)
