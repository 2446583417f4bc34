"""The C path of m2.bio_s_mem / bio_new / bio_write / bio_read / bio_free on
plain memory BIOs (bindings/core_module/m2_memory_bio.cc) against the Python
functions it stands in front of (their __wrapped__): the same sequence of
calls must leave the same results, attributes and counts. The real library's
behaviour is compared in test_m2_flat_core.py (differential "bio" group) and,
for every write split and read size, in test_m2crypto_bio_roundtrip.py
(differential/m2_bio_cases.py, kind "m2.bio_s_mem"); here random call
sequences of any length check the C path against the Python one and against
a FIFO of what was written."""
from __future__ import annotations

import collections
import contextlib
import hashlib
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cryptoshim import telemetry
from cryptoshim.legacy import entry_point_of
from M2Crypto import BIO, m2

FLAT = ("bio_s_mem", "bio_new", "bio_write", "bio_read", "bio_free")


def _python(name):
    # m2.bio_* are builtin forms of their entry points (as SWIG's are
    # builtins); __wrapped__ is on the entry point.
    return entry_point_of(getattr(m2, name)).__wrapped__


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
    assert m2.bio_write(b, b"xy") == 2
    assert m2.bio_read(b, True) == b"x"  # SWIG's int: True reads 1 byte (Python path)
    with pytest.raises(OverflowError, match="argument 2 of type 'int'"):
        m2.bio_read(b, 2**31)  # past a C int: the data stays
    assert m2.bio_read(b, 2**31 - 1) == b"y"
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


# -- every length, every split: random call sequences -------------------------
# Lengths near 0, around BIO_f_buffer's 4096 and 64 KiB (each +-1), and any
# up to 70000; read sizes also below 1. Written bytes come from one
# non-repeating stream, so a lost, doubled or reordered piece shows.
STREAM = hashlib.shake_256(b"memory BIO sweep").digest(1 << 20)
SIZES = st.one_of(st.integers(0, 9), st.sampled_from([4095, 4096, 4097, 65535, 65536, 65537]),
                  st.integers(0, 70_000))
OPS = st.lists(st.one_of(
    st.tuples(st.just("write"), SIZES),
    st.tuples(st.just("write bytearray"), st.integers(0, 9)),  # the Python path, in between
    # Past C int and Py_ssize_t too: M2Crypto's num is a C int (SWIG).
    st.tuples(st.just("read"), st.one_of(st.integers(-1, 9), SIZES, st.sampled_from(
        [2**31 - 1, 2**31, 2**63 - 1, 2**63, -2**31, -2**31 - 1]))),
    st.tuples(st.sampled_from(["pending", "eof", "flags"]), st.just(0)),
), max_size=30)


@contextlib.contextmanager
def _python_path_calls():
    """Counts MemoryBuffer._write/_read calls: the Python bio_write/bio_read
    call them, the C path does not."""
    counts: collections.Counter = collections.Counter()
    originals = {name: BIO.MemoryBuffer.__dict__[name] for name in ("_write", "_read")}

    def counting(name):
        def method(self, *args):
            counts[name] += 1
            return originals[name](self, *args)
        return method

    for name in originals:
        setattr(BIO.MemoryBuffer, name, counting(name))
    try:
        yield counts
    finally:
        for name, fn in originals.items():
            setattr(BIO.MemoryBuffer, name, fn)


def _digest_state(b):
    """_state with the buffer as (length, digest): buffers reach 2 MB here."""
    return {k: (len(v), hashlib.sha256(v).hexdigest()) if isinstance(v, bytes) else v
            for k, v in _state(b).items()}


def _sweep(calls, ops):
    """Runs ops on a new memory BIO, checking every answer against a FIFO of
    the bytes written; the log of answers and states, and the ops the C path
    left to Python (by the counts above)."""
    log, fifo, offset, in_python = [], bytearray(), 0, []
    with _python_path_calls() as counts:
        b = calls["bio_new"](calls["bio_s_mem"]())
        for i, (op, n) in enumerate(ops):
            before = dict(counts)
            if op.startswith("write"):
                start = offset % (len(STREAM) - n)
                piece = STREAM[start:start + n]
                offset += n + 1
                data = bytearray(piece) if op == "write bytearray" else piece
                answer = calls["bio_write"](b, data)
                assert answer == n, (i, op, n, answer)
                fifo += piece
            elif op == "read":
                try:
                    answer = calls["bio_read"](b, n)
                except (MemoryError, OverflowError) as exc:
                    assert n < 0 or n >= 2**31, (i, n, exc)  # what a C int cannot take
                    answer = type(exc).__name__
                else:
                    if n > 0:
                        assert answer == (fifo[:n] or None), (i, n, len(fifo))
                        assert answer is None or type(answer) is bytes
                        del fifo[:n]
                    else:
                        assert answer is None, (i, n, answer)  # read(0): nothing taken
                answer = (len(answer), hashlib.sha256(answer).hexdigest()) \
                    if isinstance(answer, bytes) else answer
            elif op == "pending":
                answer = m2.bio_ctrl_pending(b)
                assert answer == len(fifo), (i, answer, len(fifo))
            elif op == "eof":
                answer = m2.bio_eof(b)
                assert answer == (0 if fifo else 1), (i, answer, len(fifo))
            else:
                answer = (m2.bio_should_retry(b), m2.bio_should_read(b), m2.bio_get_flags(b))
            if dict(counts) != before:
                in_python.append(i)
            log += [answer, _digest_state(b)]
        assert m2.bio_ctrl_pending(b) == len(fifo)
        log += [calls["bio_read"](b, len(fifo) + 1) == (fifo or None), calls["bio_free"](b),
                _digest_state(b)]
    return log, in_python


def _left_to_python(ops):
    """The ops the C path must leave to Python that reach _write/_read:
    writes of a bytearray and reads of an empty BIO. Empty writes, reads of
    0 or fewer bytes and reads past a C int (SWIG's OverflowError, the data
    stays) return before either method on both paths."""
    out, held = [], 0
    for i, (op, n) in enumerate(ops):
        if op == "write bytearray" and n:
            out.append(i)
        if op.startswith("write"):
            held += n
        elif op == "read" and n <= 2**31 - 1:
            if n > 0 and held == 0:
                out.append(i)  # _read finds nothing (the retry flags are Python's)
            held -= min(max(n, 0), held)
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_every_split_round_trips_the_same_on_both_paths(ops):
    fast = {name: getattr(m2, name) for name in FLAT}
    slow = {name: _python(name) for name in FLAT}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast_log, fast_python = _sweep(fast, ops)
        slow_log, slow_python = _sweep(slow, ops)
    assert fast_log == slow_log
    # The C path took every write of bytes and every read of data; the
    # Python functions went through the counted methods for all of them.
    assert fast_python == _left_to_python(ops)
    assert set(slow_python) >= {i for i, (op, n) in enumerate(ops) if op == "write" and n}


@pytest.mark.parametrize("name", FLAT)
def test_the_flat_functions_are_builtins_and_still_counted(name):
    """Builtins as SWIG's are (CPython then calls the C body straight from
    its loop); the builtin form is still the counted entry point."""
    from cryptoshim.legacy import api_id_of

    fn = getattr(m2, name)
    assert type(fn) is type(len)
    assert fn.__name__ == name
    assert api_id_of(fn) == f"m2crypto.m2.{name}"
    telemetry.reset()
    b = m2.bio_new(m2.bio_s_mem())
    m2.bio_write(b, b"abc")
    m2.bio_read(b, 3)
    m2.bio_free(b)
    assert telemetry.snapshot()["apis"][f"m2crypto.m2.{name}"]["calls"] == 1
