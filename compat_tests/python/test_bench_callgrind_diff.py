"""bench/callgrind_diff.py: one call's cost by object and function, from the
N and 2N callgrind runs `callgrind_calls.py --keep` leaves, read through
valgrind's callgrind_annotate (installed by scripts/install-deps.sh). The
runs here are written by hand, so the expected per-call costs are known."""
import pathlib
import subprocess
import sys

import pytest

BENCH = pathlib.Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import callgrind_diff  # noqa: E402


def _run(path: pathlib.Path, functions) -> None:
    """A callgrind output with events Ir and I1mr: functions is a list of
    (object, name, Ir, I1mr), each function's exclusive cost."""
    lines = ["version: 1", "creator: test", "pid: 1", "cmd: test", "part: 1", "",
             "events: Ir I1mr", ""]
    for obj, name, ir, i1mr in functions:
        lines += [f"ob={obj}", "fl=test.c", f"fn={name}", f"1 {ir} {i1mr}", ""]
    total_ir = sum(f[2] for f in functions)
    total_i1 = sum(f[3] for f in functions)
    lines.append(f"totals: {total_ir} {total_i1}")
    path.write_text("\n".join(lines) + "\n")


@pytest.fixture
def runs(tmp_path):
    # ours: setup 1000 Ir; each call 30 Ir in f (libours), 5 Ir and 1 I1mr in g
    _run(tmp_path / "ours.callgrind.10.out",
         [("/lib/libours.so", "setup", 1000, 40), ("/lib/libours.so", "f", 300, 0),
          ("/lib/libc.so.6", "g", 50, 10)])
    _run(tmp_path / "ours.callgrind.20.out",
         [("/lib/libours.so", "setup", 1000, 40), ("/lib/libours.so", "f", 600, 0),
          ("/lib/libc.so.6", "g", 100, 20)])
    # theirs: each call 20 Ir in h (libtheirs), 5 Ir and 2 I1mr in g
    _run(tmp_path / "theirs.callgrind.10.out",
         [("/lib/libtheirs.so", "h", 200, 0), ("/lib/libc.so.6", "g", 50, 20)])
    _run(tmp_path / "theirs.callgrind.20.out",
         [("/lib/libtheirs.so", "h", 400, 0), ("/lib/libc.so.6", "g", 100, 40)])
    return tmp_path


def test_per_call_is_the_difference_over_n(runs):
    events = ["Ir", "I1mr"]
    ours = callgrind_diff.per_call(str(runs / "ours.callgrind"), events)
    assert ours[("libours.so", "f")] == [30.0, 0.0]
    assert ours[("libc.so.6", "g")] == [5.0, 1.0]
    assert ours[("libours.so", "setup")] == [0.0, 0.0]


def _table(runs, event):
    out = subprocess.run([sys.executable, str(BENCH / "callgrind_diff.py"),
                          str(runs / "ours.callgrind"), str(runs / "theirs.callgrind"),
                          "--event", event], capture_output=True, text=True, check=True).stdout
    objects, functions = out.split("by function")
    rows = {line.split()[0]: line.split()[1:] for line in objects.splitlines()[1:]
            if line.strip() and not line.startswith("per call")}
    return rows, [line.split() for line in functions.splitlines()[1:] if line.strip()]


def test_the_tables(runs):
    # by object: Ir ours, Ir theirs, I1mr ours, I1mr theirs per call
    rows, functions = _table(runs, "Ir")
    assert rows["libours.so"] == ["30.0", "0.0", "0.0", "0.0"]
    assert rows["libtheirs.so"] == ["0.0", "20.0", "0.0", "0.0"]
    assert rows["libc.so.6"] == ["5.0", "5.0", "1.0", "2.0"]
    assert rows["total"] == ["35.0", "25.0", "1.0", "2.0"]
    # by function, ours minus theirs (Ir, I1mr), the largest difference first
    assert functions[0][0] == "f" and functions[0][-2:] == ["30.0", "0.0"]
    assert functions[1][0] == "h" and functions[1][-2:] == ["-20.0", "0.0"]
    # sorted by I1mr: the objects without such misses are left out, g comes first
    rows, functions = _table(runs, "I1mr")
    assert set(rows) == {"libc.so.6", "total"}
    assert functions[0][0] == "g" and functions[0][-2:] == ["0.0", "-1.0"]


def test_a_missing_run_is_an_error(runs):
    (runs / "ours.callgrind.20.out").unlink()
    proc = subprocess.run([sys.executable, str(BENCH / "callgrind_diff.py"),
                           str(runs / "ours.callgrind"), str(runs / "theirs.callgrind")],
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert "want exactly PREFIX.N.out and PREFIX.2N.out" in proc.stderr
