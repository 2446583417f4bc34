"""M2Crypto objects that are their own handle (`bio`, `ctx`, `cipher`, `io`
read as the object) are freed with their last reference, as SWIG's objects
are, and not kept in a reference cycle until the cyclic collector runs
(never, under gc.disable()), holding their buffers, files and OpenSSL state:

- differential: differential/m2_lifetime_cases.py, with the collector off,
  through the real M2Crypto 0.51.0 and the drop-in; every case must agree
  (the real library frees every one). Without a real interpreter the test
  fails, as test_m2_flat_pki.py's;
- the drop-in only: the handle attributes still read as the object, an
  assignment still replaces one, and m2.bio_free still marks a handle freed."""
import subprocess
import sys
import warnings

import pytest
from test_m2_flat_pki import HERE, _real_env, _real_python

from M2Crypto import BIO, EVP, SMIME, m2
from M2Crypto._common import OwnHandle

SCRIPT = HERE / "differential" / "m2_lifetime_cases.py"
sys.path.insert(0, str(SCRIPT.parent))
from lifetime_probe import outcomes  # noqa: E402


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    d = tmp_path_factory.mktemp("m2lifetime")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    "key.pem", "-out", "cert.pem", "-subj", "/CN=lifetime", "-days", "2"],
                   check=True, capture_output=True, cwd=d)
    return d


def _outcomes(python: str, scratch, env=None) -> dict:
    return outcomes(python, SCRIPT, scratch, env)


def test_drop_in_objects_are_freed_by_their_last_reference(scratch):
    ours = _outcomes(sys.executable, scratch)
    assert ours and set(ours.values()) == {"freed"}, ours


def test_lifetimes_match_real_m2crypto(scratch):
    real = _outcomes(_real_python(), scratch, _real_env())
    assert real == _outcomes(sys.executable, scratch)


def _own_handles():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [(BIO.MemoryBuffer(b"x"), "bio"),
                (BIO.IOBuffer(BIO.MemoryBuffer()), "bio"),
                (BIO.IOBuffer(BIO.MemoryBuffer()), "io"),
                (EVP.MessageDigest("sha256"), "ctx"),
                (EVP.HMAC(b"k", "sha256"), "ctx"),
                (EVP.Cipher("aes_128_cbc", b"k" * 16, b"i" * 16, 1), "ctx"),
                (SMIME.Cipher("aes_128_cbc"), "cipher")]


@pytest.mark.parametrize("index", range(len(_own_handles())))
def test_the_handle_reads_as_the_object_and_can_be_replaced(index):
    obj, attr = _own_handles()[index]
    assert getattr(obj, attr) is obj
    assert attr not in vars(obj)  # no self-reference held
    assert isinstance(vars(type(obj)).get(attr) or getattr(type(obj), attr), OwnHandle)
    setattr(obj, attr, None)  # M2Crypto's handle fields are plain attributes
    assert getattr(obj, attr) is None
    del obj.__dict__[attr]
    assert getattr(obj, attr) is obj


def test_a_wrapping_bio_keeps_its_handle():
    inner = BIO.MemoryBuffer(b"inner")
    outer = BIO.BIO(inner)
    assert outer.bio is inner and BIO.BIO().bio is None
    assert outer.read() == b"inner"


def test_bio_free_still_marks_a_class_layer_memory_buffer_freed():
    b = BIO.MemoryBuffer(b"x")
    assert m2.bio_free(b) == 1
    assert b.bio is None
    with pytest.raises(Exception, match="freed"):
        m2.bio_read(b, 1)


def test_a_flat_memory_bio_goes_with_its_last_reference():
    # m2.bio_new's C path (m2_memory_bio.cc) builds the object without
    # __init__: it must not plant a self-reference either.
    import gc
    import weakref
    gc.disable()
    try:
        b = m2.bio_new(m2.bio_s_mem())
        assert m2.bio_write(b, b"abc") == 3
        assert b.bio is b and "bio" not in vars(b)
        ref = weakref.ref(b)
        del b
        assert ref() is None
    finally:
        gc.enable()
