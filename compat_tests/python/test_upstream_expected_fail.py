"""run_upstream.py's expected-failure bookkeeping: a pytest node id in a suite
file's [suite.expected_fail] must match the junit case pytest writes for it
(the junit is pytest's own, written here by a real pytest run), an unlisted
failure is unexpected, and a listed test that did not fail is stale."""
import os
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


def _pytest_junit(root: pathlib.Path, name: str, source: str) -> pathlib.Path:
    """The xunit1 junit file a real pytest run of tests/<name> (`source`) writes."""
    (root / "tests").mkdir()
    (root / "tests" / name).write_text(source)
    junit = root / "j.xml"
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    "--rootdir", str(root), f"--junitxml={junit}", "-o",
                    "junit_family=xunit1", f"tests/{name}"], cwd=root, capture_output=True)
    return junit


def test_listed_unlisted_and_stale(tmp_path):
    counts = run_upstream.count_junit(_pytest_junit(tmp_path, "test_m.py", CASES))
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


RACES = '''
import pathlib

def test_races():
    # Fails on its first run only, as a scheduling race would.
    mark = pathlib.Path(__file__).with_name("ran-once")
    first = not mark.exists()
    mark.touch()
    assert not first

def test_always_fails():
    assert False
'''


def test_a_listed_race_passes_only_on_a_passing_rerun(tmp_path, monkeypatch):
    """A failed test listed under [suite.timing_race] is run alone again:
    it counts as passed when a rerun passes; a listed test that fails every
    rerun stays an unexpected failure, as does an unlisted one."""
    monkeypatch.setattr(run_upstream, "WORK", tmp_path)
    counts = run_upstream.count_junit(_pytest_junit(tmp_path, "test_r.py", RACES))
    assert (counts["passed"], counts["failed"]) == (0, 2)
    counts["unexpected"], _ = run_upstream.classify_failures(counts, {})
    races = {"tests/test_r.py::test_races": "why", "tests/test_r.py::test_always_fails": "why"}
    log = tmp_path / "log.txt"
    passed = run_upstream.rerun_races(races, counts, pathlib.Path(sys.executable), tmp_path,
                                      dict(os.environ), [], log)
    assert passed == {"tests/test_r.py::test_races": "why"}
    assert (counts["passed"], counts["failed"]) == (1, 1)
    assert counts["unexpected"] == ["tests.test_r::test_always_fails"]
    assert log.read_text().count("=== rerun") == 1 + run_upstream.RACE_RERUNS
