"""RsaPkcs1Context.sign / verify (behind M2Crypto's RSA.sign and RSA.verify)
are plain CPython methods (bindings/core_module/rsa_pkcs1_methods.cc), not
pybind11 bindings. They must behave as the uncached pybind11 functions
m2crypto.rsa_sign / rsa_verify do on the same key: the same signatures
(PKCS#1 v1.5 is deterministic), the same refusals, and SWIG's TypeError
for a digest that is not bytes. sign releases the GIL; verify keeps it,
as M2Crypto's SWIG wrappers do.
"""

import hashlib

import pytest
from gil_probe import releases_gil

from cryptoshim import _core

m2c = _core.m2crypto

DIGESTS = {
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}


@pytest.fixture(scope="module")
def key():
    from M2Crypto import RSA

    return RSA.gen_key(2048, 65537, lambda *a: None)._handle.key


@pytest.fixture()
def context(key):
    return m2c.RsaPkcs1Context(key)


@pytest.mark.parametrize("md", sorted(DIGESTS))
def test_same_signature_as_the_uncached_function(key, context, md):
    digest = DIGESTS[md](b"plain methods").digest()
    signature = context.sign(digest, md)
    assert signature == m2c.rsa_sign(key, digest, md)
    assert context.verify(digest, signature, md) is None
    m2c.rsa_verify(key, digest, signature, md)


def test_a_bad_signature_raises_the_core_error_and_the_context_still_works(key, context):
    digest = hashlib.sha256(b"x").digest()
    signature = context.sign(digest, "sha256")
    forged = signature[:-1] + bytes([signature[-1] ^ 1])
    with pytest.raises(_core.Error) as ours:
        context.verify(digest, forged, "sha256")
    with pytest.raises(_core.Error) as uncached:
        m2c.rsa_verify(key, digest, forged, "sha256")
    assert str(ours.value) == str(uncached.value)
    context.verify(digest, signature, "sha256")


def test_an_unknown_digest_is_refused_as_the_uncached_function_refuses_it(key, context):
    digest = hashlib.sha256(b"x").digest()
    with pytest.raises(_core.Error) as ours:
        context.sign(digest, "no-such-digest")
    with pytest.raises(_core.Error) as uncached:
        m2c.rsa_sign(key, digest, "no-such-digest")
    assert str(ours.value) == str(uncached.value)


def test_digest_and_signature_must_be_bytes_with_swigs_message(context):
    digest = hashlib.sha256(b"x").digest()
    signature = context.sign(digest, "sha256")
    for call in (
        lambda: context.sign("text", "sha256"),
        lambda: context.verify(bytearray(digest), signature, "sha256"),
        lambda: context.verify(digest, memoryview(signature), "sha256"),
    ):
        with pytest.raises(TypeError, match=r"^expected bytes, \w+ found$"):
            call()


def test_bytes_subclasses_and_a_bytes_digest_name_are_taken(context):
    class Sub(bytes):
        pass

    digest = hashlib.sha256(b"x").digest()
    signature = context.sign(Sub(digest), b"sha256")
    assert signature == context.sign(digest, "sha256")
    context.verify(Sub(digest), Sub(signature), b"sha256")


def test_argument_count_name_type_and_self_are_checked(context):
    digest = hashlib.sha256(b"x").digest()
    with pytest.raises(TypeError, match="takes exactly 2 arguments"):
        context.sign(digest)
    with pytest.raises(TypeError, match="takes exactly 3 arguments"):
        context.verify(digest, b"", "sha256", 1)
    with pytest.raises(TypeError, match="digest name must be str"):
        context.sign(digest, 256)
    with pytest.raises(TypeError):
        m2c.RsaPkcs1Context.verify(object(), digest, b"", "sha256")


def test_sign_releases_the_gil_and_verify_keeps_it(context):
    digest = hashlib.sha512(b"x").digest()
    signature = context.sign(digest, "sha512")
    assert releases_gil(lambda: [context.sign(digest, "sha512") for _ in range(5)])
    assert not releases_gil(
        lambda: [context.verify(digest, signature, "sha512") for _ in range(50)]
    )
