"""_core.m2crypto.HmacStream, the plain CPython type behind EVP.HMAC and the
flat m2.hmac_* functions: RFC 4231 values, its argument checks, copy, and
that the last reference frees it (it holds no Python references)."""
import gc
import hashlib
import hmac
import sys

import pytest

from cryptoshim import _core

HmacStream = _core.m2crypto.HmacStream

# RFC 4231 test case 2.
KEY, DATA = b"Jefe", b"what do ya want for nothing?"
RFC4231_SHA256 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"


def test_rfc4231_value_through_methods_and_functions():
    stream = HmacStream("sha256", KEY)
    stream.update(DATA[:5])
    stream.update(DATA[5:])
    assert stream.finalize().hex() == RFC4231_SHA256
    by_functions = HmacStream("sha256", KEY)
    assert _core.m2crypto.hmac_update(by_functions, DATA) is None
    assert _core.m2crypto.hmac_final(by_functions).hex() == RFC4231_SHA256


@pytest.mark.parametrize("length", [0, 1, 63, 64, 65, 2047, 2048, 2049, 100_000])
def test_every_length_matches_hashlib(length):
    data = bytes(range(256)) * (length // 256 + 1)
    stream = HmacStream("sha512", b"k" * 200)
    stream.update(data[:length])
    assert stream.finalize() == hmac.new(b"k" * 200, data[:length], hashlib.sha512).digest()


def test_copy_is_independent():
    stream = HmacStream("sha256", KEY)
    stream.update(DATA[:10])
    copy = stream.copy()
    assert type(copy) is HmacStream
    copy.update(DATA[10:])
    stream.update(b"other")
    assert copy.finalize().hex() == RFC4231_SHA256
    assert stream.finalize() == hmac.new(KEY, DATA[:10] + b"other", hashlib.sha256).digest()


def test_arguments_are_checked():
    with pytest.raises(TypeError, match="key must be bytes, not str"):
        HmacStream("sha256", "key")
    with pytest.raises(TypeError, match="digest must be str, not bytes"):
        HmacStream(b"sha256", b"key")
    with pytest.raises(_core.Error):
        HmacStream("no-such-digest", b"key")
    stream = HmacStream("sha256", b"key")
    with pytest.raises(TypeError, match="data must be bytes, not bytearray"):
        stream.update(bytearray(b"abc"))
    stream.finalize()
    with pytest.raises(_core.Error, match="HMAC already finalized"):
        stream.update(b"x")
    with pytest.raises(_core.Error, match="HMAC already finalized"):
        stream.copy()


def new(*args, **kwargs):
    return HmacStream.__new__(HmacStream, *args, **kwargs)


# The call (tp_vectorcall) and __new__ (tp_new) share one parser: the same
# arguments are accepted, by position or keyword, and refused alike.
CALL_ERRORS = [
    ((("sha256",), {}), "missing required argument 'key'"),
    (((), {"key": b"key"}), "missing required argument 'digest'"),
    ((("sha256", b"key"), {"key": b"key"}), "got multiple values for argument 'key'"),
    ((("sha256",), {"salt": b"key"}), "got an unexpected keyword argument 'salt'"),
    ((("sha256", b"key", b"x"), {}), r"takes at most 2 arguments \(3 given\)"),
]


@pytest.mark.parametrize("how", ["call", "__new__"])
@pytest.mark.parametrize(("given", "message"), CALL_ERRORS)
def test_call_and_new_refuse_the_same_arguments(how, given, message):
    args, kwargs = given
    make = HmacStream if how == "call" else new
    with pytest.raises(TypeError, match=r"HmacStream\(digest: str, key: bytes\) " + message):
        make(*args, **kwargs)


@pytest.mark.parametrize("how", ["call", "__new__"])
def test_keywords_are_accepted_both_ways(how):
    make = HmacStream if how == "call" else new
    for stream in (make(digest="sha256", key=KEY), make("sha256", key=KEY),
                   make(key=KEY, digest="sha256")):
        stream.update(DATA)
        assert stream.finalize().hex() == RFC4231_SHA256


def test_new_builds_from_a_tuple_too():
    # The tuple path (tp_new) and the vectorcall path build the same stream.
    stream = HmacStream.__new__(HmacStream, "sha256", KEY)
    stream.update(DATA)
    assert stream.finalize().hex() == RFC4231_SHA256


def test_not_subclassable():
    with pytest.raises(TypeError):
        type("Sub", (HmacStream,), {})


def test_freed_with_its_last_reference():
    # No Python references inside, so no collector is involved: the object
    # goes with its last reference even with the collector off.
    stream = HmacStream("sha256", KEY)
    assert not gc.is_tracked(stream)
    assert sys.getrefcount(stream) == 2
