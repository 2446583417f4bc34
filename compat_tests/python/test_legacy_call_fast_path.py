"""The C wrapper's fast path (bindings/core_module/legacy_call.h) is taken:
a repeat call from one site, under the filters a program runs with, does
not go through LegacyCallSlow. A broken fast path behaves the same (the
slow path decides the same way) and only costs a microsecond a call, so no
other test notices; _core.legacy_call_slow_paths() counts the slow calls."""
import warnings

import pytest

from cryptoshim import _core, policy, telemetry
from cryptoshim.exceptions import InsecureOperationError, InsecureLegacyWarning
from M2Crypto import RC4, m2
from OpenSSL import crypto

REPEATS = 200


def slow_calls(fn) -> int:
    before = _core.legacy_call_slow_paths()
    fn()
    return _core.legacy_call_slow_paths() - before


def repeat_flat():
    for _ in range(REPEATS):
        m2.err_get_error()


def repeat_method(cert):
    for _ in range(REPEATS):
        cert.get_version()


def alternate_sites(cert):
    for _ in range(REPEATS):
        cert.get_version()
        cert.get_version()


@pytest.fixture(autouse=True)
def counting():
    was = telemetry.enabled()
    telemetry.set_enabled(True)
    yield
    telemetry.set_enabled(was)


@pytest.mark.parametrize("action", ["default", "ignore"])
def test_repeats_stay_fast(action):
    cert = crypto.X509()
    with warnings.catch_warnings(record=True):
        warnings.simplefilter(action)
        # The first call at each site learns the site; the repeats do not.
        assert slow_calls(repeat_flat) <= 2
        assert slow_calls(lambda: repeat_method(cert)) <= 2
        assert slow_calls(lambda: alternate_sites(cert)) <= 4


def test_shown_warning_then_fast_while_the_registry_drops_it():
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("default")
        assert slow_calls(repeat_flat) <= 2
    assert len(seen) == 1  # shown once; every repeat dropped by the registry


def test_always_filter_takes_the_slow_path_every_time():
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert slow_calls(repeat_flat) == REPEATS
    assert len(seen) == REPEATS


def test_a_reset_registry_costs_one_slow_call_per_site():
    repeat_flat()
    telemetry.reset()
    assert slow_calls(repeat_flat) == 1
    counts = {row["id"]: row for row in telemetry.report_rows(telemetry.snapshot())}
    assert counts["m2crypto.m2.err_get_error"]["calls"] == REPEATS


def test_filters_changed_in_place_are_noticed():
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("ignore")
        repeat_flat()
        warnings.filters.insert(0, ("always", None, Warning, None, 0))
        assert slow_calls(repeat_flat) == REPEATS
    assert len(seen) == REPEATS


def test_filters_rebound_are_noticed():
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("ignore")
        repeat_flat()
        warnings.filters = [("always", None, Warning, None, 0)]
        assert slow_calls(repeat_flat) == REPEATS
    assert len(seen) == REPEATS


# Unsafe entry points: the fast path also asks the insecure warning's site
# verdict, so a call of m2.des_ede3_cbc in a loop costs a safe call's
# bookkeeping once the warnings machinery has dropped its warnings.
def repeat_unsafe():
    for _ in range(REPEATS):
        m2.des_ede3_cbc()


@pytest.mark.parametrize("action", ["default", "ignore"])
def test_unsafe_entry_repeats_stay_fast(action):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter(action)
        assert slow_calls(repeat_unsafe) <= 2
    # Under "default": the legacy and the insecure warning, each once.
    assert sorted(type(w.message).__name__ for w in seen) == (
        ["InsecureLegacyWarning", "LegacyAPIWarning"] if action == "default" else [])


def test_unsafe_entry_under_always_warns_every_call():
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("ignore")
        warnings.simplefilter("always", InsecureLegacyWarning)
        assert slow_calls(repeat_unsafe) == REPEATS
    assert len(seen) == REPEATS


def test_unsafe_entry_refused_on_every_call_under_strict():
    repeat_unsafe()  # the site learnt under compat
    policy.set_policy("strict")
    try:
        for _ in range(3):
            with pytest.raises(InsecureOperationError):
                m2.des_ede3_cbc()
    finally:
        policy.set_policy("compat")


def test_two_reasons_at_one_line_each_keep_their_verdict():
    # RC4.RC4(key) warns twice at its caller's line: the entry point, then
    # the cipher. Each reason is shown once, then dropped, as warnings.warn
    # would (its registry keys on the text).
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("default")
        for _ in range(5):
            RC4.RC4(b"k" * 16)
    insecure = [str(w.message) for w in seen if w.category is InsecureLegacyWarning]
    assert len(insecure) == 2 and insecure[0] != insecure[1]
