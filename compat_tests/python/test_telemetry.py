"""Deprecation telemetry: warnings at the caller's line, exact counts, call
sites, multi-process export without lost updates, and the report command."""
import json
import os
import subprocess
import sys
import threading
import warnings

import pytest

import cryptoshim
from cryptoshim import telemetry
from OpenSSL import rand


@pytest.fixture(autouse=True)
def _fresh_counts():
    telemetry.reset()
    yield
    telemetry.reset()


def test_warning_names_replacement_and_points_at_caller():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rand.status(); line = sys._getframe().f_lineno  # noqa: E702
    legacy = [w for w in caught if issubclass(w.category, cryptoshim.LegacyAPIWarning)]
    assert len(legacy) == 1
    w = legacy[0]
    assert issubclass(w.category, DeprecationWarning)
    assert w.filename == __file__
    assert w.lineno == line
    assert "OpenSSL.rand.status" in str(w.message)
    assert "os.urandom()" in str(w.message)


def test_counts_and_call_sites_are_exact():
    for _ in range(5):
        rand.status(); line = sys._getframe().f_lineno  # noqa: E702
    rand.add(b"seed", 1)
    apis = telemetry.snapshot()["apis"]
    assert apis["pyopenssl.rand.status"]["calls"] == 5
    assert apis["pyopenssl.rand.status"]["sites"] == {f"{__file__}:{line}": 5}
    assert apis["pyopenssl.rand.add"]["calls"] == 1


def test_disabled_telemetry_counts_nothing_but_still_works():
    telemetry.set_enabled(False)
    try:
        assert rand.status() == 1
        assert telemetry.snapshot()["apis"] == {}
    finally:
        telemetry.set_enabled(True)


def test_counts_add_up_across_threads():
    def work():
        for _ in range(2000):
            rand.status()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    entry = telemetry.snapshot()["apis"]["pyopenssl.rand.status"]
    assert entry["calls"] == 16000
    assert sum(entry["sites"].values()) + entry["calls_at_dropped_sites"] == 16000


CHILD = """
from OpenSSL import rand
for _ in range({n}):
    rand.status()
"""


def test_concurrent_processes_do_not_lose_counts(tmp_path):
    out = tmp_path / "counts.json"
    env = dict(os.environ, CRYPTOSHIM_TELEMETRY=str(out))
    procs = [subprocess.Popen([sys.executable, "-c", CHILD.format(n=n)], env=env)
             for n in (100, 200, 300, 400, 500, 600)]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    doc = json.loads(out.read_text())
    assert doc["processes"] == 6
    assert doc["apis"]["pyopenssl.rand.status"]["calls"] == 2100


def test_report_command_sorts_most_called_first(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for path, n_status, n_add in ((a, 3, 10), (b, 4, 0)):
        telemetry.reset()
        for _ in range(n_status):
            rand.status()
        for _ in range(n_add):
            rand.add(b"x", 1)
        path.write_text(json.dumps(telemetry.snapshot()))
    result = subprocess.run([sys.executable, "-m", "cryptoshim", "telemetry", "report",
                             str(a), str(b)], capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["API", "calls", "call"]
    body = [line for line in lines[2:] if line.startswith("OpenSSL.")]
    assert body[0].split()[:2] == ["OpenSSL.rand.add", "10"]
    assert body[1].split()[:2] == ["OpenSSL.rand.status", "7"]
    assert "os.urandom()" in body[0]
    assert lines[-1] == "2 legacy APIs, 17 calls, 2 process(es)"


def _env(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CRYPTOSHIM_POLICY", "CRYPTOSHIM_TELEMETRY", "PYTHONWARNINGS"))}
    env.update(extra)
    return env


UNSAFE = """
import warnings
from cryptoshim.legacy import unsafe_operation
unsafe_operation("pyopenssl.rand.add", "a test-only unsafe condition")
print("returned")
"""


def test_unsafe_operations_warn_visibly_by_default():
    result = subprocess.run([sys.executable, "-c", UNSAFE], capture_output=True, text=True,
                            env=_env())
    assert result.returncode == 0
    assert "returned" in result.stdout
    assert "InsecureLegacyWarning" in result.stderr
    assert "a test-only unsafe condition is insecure" in result.stderr


def test_strict_policy_makes_unsafe_operations_raise():
    result = subprocess.run([sys.executable, "-c", UNSAFE], capture_output=True, text=True,
                            env=_env(CRYPTOSHIM_POLICY="strict"))
    assert result.returncode != 0
    assert "returned" not in result.stdout
    assert "InsecureOperationError" in result.stderr
    assert "CRYPTOSHIM_POLICY=strict" in result.stderr


def test_bad_policy_value_is_refused():
    result = subprocess.run([sys.executable, "-c", "import cryptoshim"], capture_output=True,
                            text=True, env=_env(CRYPTOSHIM_POLICY="lax"))
    assert result.returncode != 0
    assert "CRYPTOSHIM_POLICY must be one of" in result.stderr
