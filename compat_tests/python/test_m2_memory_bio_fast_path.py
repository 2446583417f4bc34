"""The C path of m2.bio_s_mem / bio_new / bio_write / bio_read / bio_free on
plain memory BIOs (bindings/core_module/m2_memory_bio.cc) against the Python
functions it stands in front of (their __wrapped__): the same sequence of
calls must leave the same results, attributes and counts. The real library's
behaviour is compared in test_m2_flat_core.py (differential "bio" group)."""
from __future__ import annotations

import warnings

import pytest

from cryptoshim import telemetry
from M2Crypto import BIO, m2

FLAT = ("bio_s_mem", "bio_new", "bio_write", "bio_read", "bio_free")


def _python(name):
    return getattr(m2, name).__wrapped__


def _state(b):
    """What a memory BIO's attributes say, with its self-reference named."""
    return {k: ("<self>" if v is b else (bytes(v) if isinstance(v, bytearray) else v))
            for k, v in vars(b).items()}


def _run(calls, data):
    """One write/read/free sequence; the results and the state after each."""
    b = calls["bio_new"](calls["bio_s_mem"]())
    log = [type(b).__name__, _state(b)]
    for chunk in data:
        log += [calls["bio_write"](b, chunk), _state(b)]
    for n in (3, 1, 4096, 5):
        log += [calls["bio_read"](b, n), _state(b)]
    log += [calls["bio_free"](b), _state(b)]
    return log


@pytest.mark.parametrize("data", [[b"hello world"], [b"", b"x" * 1024, b"ab"], []])
def test_c_path_matches_the_python_functions(data):
    fast = {name: getattr(m2, name) for name in FLAT}
    slow = {name: _python(name) for name in FLAT}
    assert _run(fast, data) == _run(slow, data)


def test_bio_new_gives_the_class_layers_memory_buffer():
    b = m2.bio_new(m2.bio_s_mem())
    assert type(b) is BIO.MemoryBuffer
    assert vars(b).keys() == vars(BIO.MemoryBuffer()).keys()
    m2.bio_write(b, b"-----")
    assert BIO.BIO(b).read() == b"-----"
    b.write(b"class layer")
    assert m2.bio_read(b, 100) == b"class layer"


def test_other_cases_still_take_the_python_path():
    b = m2.bio_new(m2.bio_s_mem())
    assert m2.bio_write(b, bytearray(b"buffer")) == 6  # not bytes: Python converts
    assert m2.bio_write(b, memoryview(b"!")) == 1
    assert m2.bio_read(b, 100) == b"buffer!"
    assert m2.bio_read(b, 10) is None  # empty: retry flags set by Python
    assert m2.bio_should_retry(b)
    with pytest.raises(TypeError):
        m2.bio_write(b, "text")
    with pytest.raises(ValueError):
        m2.bio_read(None, 1)
    with pytest.raises(TypeError):
        m2.bio_new(object())
    with pytest.raises(TypeError):
        m2.bio_read(b, True)
    with pytest.raises(MemoryError):
        m2.bio_read(b, -1)
    b.write_close()
    with pytest.raises(BIO.BIOError):
        m2.bio_write(b, b"late")
    assert m2.bio_free(b) == 1
    with pytest.raises(BIO.BIOError):
        m2.bio_free(b)
    with pytest.raises(BIO.BIOError):
        m2.bio_read(b, 1)


def test_a_subclass_is_left_to_python():
    class Mine(BIO.MemoryBuffer):
        def _write(self, data):
            return BIO.MemoryBuffer._write(self, data.upper())

    b = Mine()
    assert m2.bio_write(b, b"abc") == 3
    assert m2.bio_read(b, 10) == b"ABC"


def test_each_call_is_counted_at_its_call_site():
    telemetry.reset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            b = m2.bio_new(m2.bio_s_mem())
            m2.bio_write(b, b"x")
            m2.bio_read(b, 1)
            m2.bio_free(b)
    apis = telemetry.snapshot()["apis"]
    for name in FLAT:
        entry = apis["m2crypto.m2." + name]
        assert entry["calls"] == 3
        assert entry["sites"] and all(site.startswith(__file__ + ":") for site in entry["sites"])


@pytest.mark.parametrize("path", ["c", "python"])
def test_a_freed_memory_bio_goes_with_its_last_reference(path):
    # BIO_free releases the memory at once; the drop-in's handle must not
    # wait for the cyclic garbage collector (bio_free drops its self-reference).
    import gc
    import weakref
    calls = {name: getattr(m2, name) if path == "c" else _python(name) for name in FLAT}
    gc.disable()
    try:
        b = calls["bio_new"](calls["bio_s_mem"]())
        calls["bio_write"](b, b"x" * 100)
        ref = weakref.ref(b)
        assert calls["bio_free"](b) == 1
        del b
        assert ref() is None
    finally:
        gc.enable()
