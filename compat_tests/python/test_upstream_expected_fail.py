"""run_upstream.py's expected-failure bookkeeping: a pytest node id in a suite
file's [suite.expected_fail] must match the junit case pytest writes for it
(the junit is pytest's own, written here by a real pytest run), an unlisted
failure is unexpected, and a listed test that did not fail is stale."""
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "upstream"))
import run_upstream

CASES = '''
import unittest
import pytest

class TestA:
    def test_fails(self):
        assert False
    def test_passes(self):
        pass

class B(unittest.TestCase):
    def test_errors(self):
        raise RuntimeError

@pytest.mark.parametrize("x", [1, 2])
def test_param(x):
    assert x == 1
'''


def test_listed_unlisted_and_stale(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_m.py").write_text(CASES)
    junit = tmp_path / "j.xml"
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    "--rootdir", str(tmp_path), f"--junitxml={junit}", "-o",
                    "junit_family=xunit1", "tests/test_m.py"], cwd=tmp_path, capture_output=True)
    counts = run_upstream.count_junit(junit)
    assert (counts["passed"], counts["failed"], counts["errors"]) == (2, 3, 0)
    expected = {"tests/test_m.py::TestA::test_fails": "r",
                "tests/test_m.py::B::test_errors": "r",
                "tests/test_m.py::test_param[2]": "r",
                "tests/test_m.py::TestA::test_passes": "stale"}
    assert run_upstream.classify_failures(counts, expected) == (
        [], ["tests/test_m.py::TestA::test_passes"])
    del expected["tests/test_m.py::test_param[2]"]
    unexpected, _ = run_upstream.classify_failures(counts, expected)
    assert unexpected == ["tests.test_m::test_param[2]"]
