"""cryptoshim.legacy.entry_point returns a C wrapper (_core.LegacyFunction)
instead of a Python closure. It must still behave like the function it wraps
(metadata, method binding, signature, core-error mapping) and count each
call site once per call: two call sites on one line are one "file:line", the
same site seen again after telemetry.reset() is counted afresh, and a call
made from inside cryptoshim's own packages is not counted."""
import inspect
import sys
import warnings

import pytest

import cryptoshim
from cryptoshim import _core, telemetry
from cryptoshim.legacy import API_ATTRIBUTE, entry_point
from OpenSSL import crypto, rand


@pytest.fixture(autouse=True)
def _fresh_counts():
    telemetry.reset()
    yield
    telemetry.reset()


def _status_calls():
    return telemetry.snapshot()["apis"].get("pyopenssl.rand.status", {"calls": 0, "sites": {}})


def test_wrapper_looks_like_the_function():
    fn = crypto.load_certificate
    assert isinstance(fn, _core.LegacyFunction)
    assert fn.__name__ == "load_certificate"
    assert fn.__qualname__ == "load_certificate"
    assert fn.__module__ == fn.__wrapped__.__module__
    assert fn.__doc__ == fn.__wrapped__.__doc__
    assert getattr(fn, API_ATTRIBUTE) == "pyopenssl.crypto.load_certificate"
    assert inspect.isfunction(fn.__wrapped__)
    assert list(inspect.signature(fn).parameters) == ["type", "buffer"]


def test_methods_bind_like_functions():
    cert = crypto.X509()
    bound = cert.get_version
    assert bound.__self__ is cert
    assert bound() == cert.get_version() == crypto.X509.get_version(cert) == 0
    assert crypto.X509.__dict__["get_version"].__get__(None, crypto.X509) is \
        crypto.X509.__dict__["get_version"]


def test_core_errors_are_mapped_from_none():
    with pytest.raises(crypto.Error) as info:
        crypto.load_certificate(crypto.FILETYPE_PEM, b"not a certificate")
    assert info.value.__suppress_context__
    assert info.value.__cause__ is None
    assert isinstance(info.value.__context__, _core.Error)


def test_one_line_two_sites_share_a_site_and_repeat_sites_count_after_reset():
    for _ in range(3):
        rand.status(); rand.status(); line = sys._getframe().f_lineno  # noqa: E702
    counts = _status_calls()
    assert counts["calls"] == 6
    assert counts["sites"] == {f"{__file__}:{line}": 6}
    telemetry.reset()
    for _ in range(2):
        rand.status(); line = sys._getframe().f_lineno  # noqa: E702
    assert _status_calls()["sites"] == {f"{__file__}:{line}": 2}


@pytest.mark.parametrize("sites", [2, 3])
def test_sites_taking_turns_are_each_counted_and_warned_once(sites):
    # The wrapper remembers its last two sites (the fast path); a third
    # site taking turns with them goes through the site cache each time.
    lines = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(4):
            rand.status(); lines.append(sys._getframe().f_lineno)  # noqa: E702
            rand.status(); lines.append(sys._getframe().f_lineno)  # noqa: E702
            if sites == 3:
                rand.status(); lines.append(sys._getframe().f_lineno)  # noqa: E702
    first = lines[:sites]
    assert _status_calls()["sites"] == {f"{__file__}:{line}": 4 for line in first}
    assert _status_calls()["calls"] == 4 * sites
    legacy = [w for w in caught if issubclass(w.category, cryptoshim.LegacyAPIWarning)]
    assert [w.lineno for w in legacy] == first


def test_calls_from_inside_cryptoshim_are_not_counted():
    # M2Crypto's X509.get_subject builds an X509_Name (itself an entry point)
    # inside the drop-in: only the application's call counts.
    from M2Crypto import X509
    cert = X509.X509()
    cert.get_subject(); line = sys._getframe().f_lineno  # noqa: E702
    apis = telemetry.snapshot()["apis"]
    assert apis["m2crypto.X509.X509.get_subject"]["sites"] == {f"{__file__}:{line}": 1}
    assert "m2crypto.X509.X509_Name" not in apis
    X509.X509_Name(); line = sys._getframe().f_lineno  # noqa: E702
    apis = telemetry.snapshot()["apis"]
    assert apis["m2crypto.X509.X509_Name"]["sites"] == {f"{__file__}:{line}": 1}


def test_warning_points_at_the_caller_once_per_site():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(3):
            rand.status(); line = sys._getframe().f_lineno  # noqa: E702
    legacy = [w for w in caught if issubclass(w.category, cryptoshim.LegacyAPIWarning)]
    assert [(w.filename, w.lineno) for w in legacy] == [(__file__, line)]
    assert _status_calls()["calls"] == 3


def test_a_filter_change_after_ignored_calls_is_seen_on_the_next_call():
    # The wrapper reuses its "ignored" verdict while warnings.filters looks
    # the same (FilterCache::Fresh); each way of changing the filters must be
    # seen by the very next call, and every call still counts.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            rand.status()
        warnings.filters[0] = ("error", None, Warning, None, 0)  # same list, same length
        with pytest.raises(cryptoshim.LegacyAPIWarning):
            rand.status()
        warnings.simplefilter("ignore")  # inserted in front
        rand.status()
        warnings.filters.insert(0, ("error", None, cryptoshim.LegacyAPIWarning, None, 0))
        with pytest.raises(cryptoshim.LegacyAPIWarning):
            rand.status()
        warnings.filters[:] = [("ignore", None, Warning, None, 0)]
        rand.status()
    with warnings.catch_warnings(record=True) as caught:  # a new list
        warnings.simplefilter("always")
        rand.status()
    assert [w.category for w in caught] == [cryptoshim.LegacyAPIWarning]
    assert _status_calls()["calls"] == 8


def test_legacy_and_insecure_warnings_in_turn_keep_their_own_filter_answers():
    # The filter cache answers per category: a handshake's legacy calls and
    # its InsecureLegacyWarning ask in turn. Each must get its own answer,
    # and a change of the filters must reach both on their next call.
    from cryptoshim.legacy import unsafe_operation

    def insecure():
        unsafe_operation("pyopenssl.rand.add", "a test-only unsafe condition")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", cryptoshim.InsecureLegacyWarning)
        warnings.simplefilter("ignore", cryptoshim.LegacyAPIWarning)
        for _ in range(3):
            rand.status()
            insecure()
        assert [w.category for w in caught] == [cryptoshim.InsecureLegacyWarning] * 3
        del caught[:]
        warnings.simplefilter("always", cryptoshim.LegacyAPIWarning)  # in front
        warnings.simplefilter("ignore", cryptoshim.InsecureLegacyWarning)  # in front of that
        for _ in range(2):
            rand.status()
            insecure()
        assert [w.category for w in caught] == [cryptoshim.LegacyAPIWarning] * 2
    assert _status_calls()["calls"] == 5


def test_a_one_argument_builtin_is_called_directly_with_its_own_errors():
    # A METH_O builtin wrapped as an entry point (SWIG's m2.* functions) is
    # called through its C body for one positional argument; any other call
    # shape must still get the builtin's own TypeError.
    from M2Crypto import m2
    fn = _core.legacy_builtin_wrapper(m2.bn_to_hex).__wrapped__
    assert m2.bn_to_hex(m2.dec_to_bn(b"255")) == fn(m2.dec_to_bn(b"255")) == b"FF"
    for args, kwargs in (((), {}), ((1, 2), {}), ((), {"bn": 1})):
        with pytest.raises(TypeError) as ours:
            m2.bn_to_hex(*args, **kwargs)
        with pytest.raises(TypeError) as real:
            fn(*args, **kwargs)
        assert str(ours.value) == str(real.value)


def test_a_fastcall_builtin_entry_point_is_a_builtin_that_counts_and_warns_at_the_caller():
    # Rand.rand_bytes wraps a METH_FASTCALL|METH_KEYWORDS C function
    # (_core.m2crypto.rand_bytes) and is bound as the wrapper's builtin form,
    # whose call CPython specialises as it does SWIG's: positional and keyword
    # calls alike are counted, warn at the caller's line, and keep the C
    # function's own argument errors.
    from cryptoshim.legacy import api_id_of
    from M2Crypto import Rand
    assert type(Rand.rand_bytes) is type(len)
    assert Rand.rand_bytes.__name__ == "rand_bytes" and Rand.rand_bytes.__module__ == "M2Crypto.Rand"
    wrapper = _core.legacy_builtin_wrapper(Rand.rand_bytes)
    assert wrapper is not None and wrapper.__wrapped__ is _core.m2crypto.rand_bytes
    assert api_id_of(Rand.rand_bytes) == "m2crypto.Rand.rand_bytes"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for i in range(20):  # past the interpreter's specialisation of the call
            out = Rand.rand_bytes(i) if i % 2 else Rand.rand_bytes(num=i); line = sys._getframe().f_lineno  # noqa: E501,E702
            assert len(out) == i
    assert {(w.filename, w.lineno) for w in caught} == {(__file__, line)}
    assert len(caught) == 20
    entry = telemetry.snapshot()["apis"]["m2crypto.Rand.rand_bytes"]
    assert entry["calls"] == 20
    for args, kwargs in (((), {}), ((1, 2), {}), ((), {"n": 1}), (("x",), {})):
        with pytest.raises(TypeError) as ours:
            Rand.rand_bytes(*args, **kwargs)
        with pytest.raises(TypeError) as wrapped:
            _core.m2crypto.rand_bytes(*args, **kwargs)
        assert str(ours.value) == str(wrapped.value)


def test_m2_one_argument_functions_are_builtins_that_count_and_warn_at_the_caller():
    # M2Crypto.m2's one-argument SWIG functions are the builtin form of their
    # wrapper (LegacyFunction.builtin): a builtin like SWIG's own, so CPython
    # specialises the call; counting, the warning's line and the catalog id
    # must be the wrapper's.
    from cryptoshim.legacy import api_id_of
    from M2Crypto import m2
    assert type(m2.bn_to_hex) is type(len)
    assert repr(m2.bn_to_hex) == "<built-in function bn_to_hex>"
    assert m2.bn_to_hex.__name__ == m2.bn_to_hex.__qualname__ == "bn_to_hex"
    swig = _core.legacy_builtin_wrapper(m2.bn_to_hex).__wrapped__
    assert m2.bn_to_hex.__self__ is swig.__self__ and m2.bn_to_hex.__module__ == swig.__module__
    assert _core.legacy_builtin_wrapper(swig) is None
    assert api_id_of(m2.bn_to_hex) == "m2crypto.m2.bn_to_hex"
    assert entry_point("m2crypto.m2.bn_to_hex")(max).builtin is None  # max is not METH_O
    bn = m2.dec_to_bn(b"10")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(20):  # past the interpreter's specialisation of the call
            m2.bn_to_hex(bn); line = sys._getframe().f_lineno  # noqa: E702
    assert {(w.filename, w.lineno) for w in caught} == {(__file__, line)}
    assert len(caught) == 20
    entry = telemetry.snapshot()["apis"]["m2crypto.m2.bn_to_hex"]
    assert entry["calls"] == 20
    assert list(entry["sites"]) == [f"{__file__}:{line}"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(cryptoshim.LegacyAPIWarning):
            m2.bn_to_hex(bn)
    with pytest.raises(TypeError) as ours:
        m2.bn_to_hex(bn, bn)
    with pytest.raises(TypeError) as real:
        _core.legacy_builtin_wrapper(m2.bn_to_hex).__wrapped__(bn, bn)
    assert str(ours.value) == str(real.value)
