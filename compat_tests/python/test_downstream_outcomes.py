"""The downstream matrix's count parsers, on closing lines taken from real runs
(compat_tests/downstream/outcomes.py): a miscount would move a floor silently."""
from __future__ import annotations

import importlib.util
import pathlib

_PATH = pathlib.Path(__file__).resolve().parents[1] / "downstream" / "outcomes.py"
_SPEC = importlib.util.spec_from_file_location("downstream_outcomes", _PATH)
outcomes = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(outcomes)


def counts(row: dict) -> tuple:
    return tuple(row[k] for k in outcomes.KEYS)


def test_pytest_subtests_and_warnings_are_not_outcomes():
    # acme 2.11.0 with the real pyOpenSSL 24.2.1.
    row = outcomes.parse_pytest("...\n250 passed, 93 warnings, 2 subtests passed in 17.27s\n",
                                {}, {})
    assert counts(row) == (250, 0, 0, 0, 0)
    assert row["problems"] == []


def test_pytest_failures_are_named_with_their_exception():
    out = (
        "FAILED tests/transport/test_urllib3.py::TestMakeMutualTlsHttp::test_success - "
        "ImportError: 'pyOpenSSL' module missing required functionality.\n"
        "SKIPPED [1] tests/x.py:10: needs y\n"
        "8 failed, 123 passed, 1 skipped, 2 warnings in 20.06s\n"
    )
    known = {"tests/transport/test_urllib3.py::TestMakeMutualTlsHttp::test_success": "probe"}
    row = outcomes.parse_pytest(out, {}, known)
    assert counts(row) == (123, 8, 0, 1, 0)
    assert row["problems"] == [
        "FAILED tests/transport/test_urllib3.py::TestMakeMutualTlsHttp::test_success: "
        "ImportError: 'pyOpenSSL' module missing required functionality. (known: probe)"
    ]
    assert row["skips"] == ["tests/x.py:10: needs y"]


def test_pytest_framed_summary_with_errors_and_deselected():
    out = "==== 1 failed, 209 passed, 7 skipped, 3 deselected, 2 errors in 21.04s (0:00:21) ====\n"
    row = outcomes.parse_pytest(out, {"a": "r", "b": "r", "c": "r"}, {})
    assert counts(row) == (209, 1, 2, 7, 3)
    assert row["problems"] == []


def test_pytest_stale_deselect_is_an_error():
    row = outcomes.parse_pytest("185 passed, 1 skipped in 1.40s\n", {"tests/gone.py::t": "r"}, {})
    assert row["errors"] == 1
    assert "names no test" in row["problems"][0]


def test_pytest_without_a_summary_is_an_error():
    row = outcomes.parse_pytest("ImportError while loading conftest\nE   boom\n", {}, {})
    assert counts(row) == (0, 0, 1, 0, 0)
    assert row["problems"][0].startswith("ERROR pytest did not finish")


def test_trial_counts_per_module_and_cross_checks_the_tally():
    out = (
        "twisted.test.test_ssl.A.test_a ... [OK]\n"
        "twisted.test.test_ssl.A.test_b ... [SKIPPED]\n"
        "twisted.test.test_ssl.A.test_c ... [FAILURE]\n"
        "twisted.test.test_ssl.A.test_d ... [SKIPPED]\n"
        "FAILED (skips=2, failures=1, successes=1)\n"
    )
    deselect = {"twisted.test.test_ssl.A.test_d": "r"}
    row = outcomes.parse_trial(out, ["twisted.test.test_ssl"], deselect, {})
    assert counts(row) == (1, 1, 0, 1, 1)
    assert row["problems"] == ["FAILURE twisted.test.test_ssl.A.test_c"]
    # A tally that disagrees with the parsed lines is an error, never a silent miscount.
    row = outcomes.parse_trial(out.replace("successes=1", "successes=2"),
                               ["twisted.test.test_ssl"], {}, {})
    assert row["errors"] == 1
