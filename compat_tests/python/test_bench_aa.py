"""`bench/run_bench.py --aa`: the real library timed against itself through
the same pairing, so the table shows the harness's noise floor. Both sides
must be the real interpreter (side_pythons), and a short A/A run of the
M2Crypto suite must time every row on both sides and say what it is."""
import os
import pathlib
import re
import subprocess
import sys

import pytest
from bench_modules import BENCH, load_bench

REAL = os.environ.get("CRYPTOSHIM_REAL_M2CRYPTO_PYTHON", "")


def test_side_pythons_puts_the_real_interpreter_on_both_sides_for_aa():
    run_bench = load_bench("run_bench")
    real, ours = pathlib.Path("/real/python"), pathlib.Path("/ours/python")
    assert run_bench.side_pythons(None, real) == {"ours": real, "real": real}
    assert run_bench.side_pythons(ours, real) == {"ours": ours, "real": real}


def test_a_short_aa_run_times_every_m2crypto_row_on_both_sides():
    if not REAL or not pathlib.Path(REAL).exists():
        pytest.skip("no interpreter with the real M2Crypto "
                    f"(CRYPTOSHIM_REAL_M2CRYPTO_PYTHON={REAL!r})")
    out = subprocess.run(
        [sys.executable, str(BENCH / "run_bench.py"), "--aa", "--suite", "m2crypto",
         "--runs", "1", "--budget", "0.02"],
        capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "A/A run: both sides are the real library" in out.stdout
    rows = re.findall(r"^(SMIME\.sign|RSA\.verify|X509\.load_cert_string)\S*.*?"
                      r"\s(\d+\.\d)\s+(\d+\.\d)\s+(\d+\.\d\d)", out.stdout, re.MULTILINE)
    assert {name for name, *_ in rows} == {"SMIME.sign", "RSA.verify", "X509.load_cert_string"}
    for _name, ours, real, ratio in rows:
        assert float(ours) > 0 and float(real) > 0
        assert float(ratio) == pytest.approx(float(ours) / float(real), abs=0.2)
