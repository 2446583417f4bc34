"""`bench/callgrind_calls.py --tool memory`: the memory a call leaves held,
as the difference of an N-call and a 2N-call run over N. A call that keeps
what it allocates shows as about that many bytes per call; a call that keeps
nothing shows as about none."""
import sys

from bench_modules import load_bench

calls = load_bench("callgrind_calls")

N = 20000


def per_call(code: str) -> dict:
    fixtures = calls.prepared_fixtures()
    script = calls.SCRIPTS["m2crypto"]
    small = calls.count("memory", sys.executable, script, fixtures, code, N, None)
    large = calls.count("memory", sys.executable, script, fixtures, code, 2 * N, None)
    return {k: (large[k] - small[k]) / N for k in large}


def test_a_call_that_keeps_1000_bytes_shows_them():
    held = per_call("kept = []\nwork = lambda: kept.append(bytes(1000))")
    assert 1000 <= held["malloc_bytes"] < 1200, held
    assert 900 <= held["rss_bytes"] < 1300, held


def test_a_call_that_keeps_nothing_shows_nothing():
    held = per_call("work = lambda: bytes(1000)")
    assert abs(held["malloc_bytes"]) < 16, held
    assert abs(held["minor_faults"]) < 0.01, held
