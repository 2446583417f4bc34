"""scripts/m2_names.py: the drop-in's flat M2Crypto.m2 covers every public
name of the real M2Crypto 0.51.0 and 0.38.0 (scripts/data/m2_names_*.txt,
dir() of each release built here); scripts/data/m2_names_allowed.txt,
the names that may be missing with their reasons, is empty. CI fails when
coverage drops below 100%."""
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "m2_names.py"
sys.path.insert(0, str(SCRIPT.parent))
import m2_names  # noqa: E402

# Groups that are complete: none of their names may be allowed missing.
COMPLETE_GROUPS = ("bio", "rsa", "rc4", "pkey", "rand", "hmac", "digest", "md", "cipher", "aes",
                   "AES", "bn", "err", "util", "engine", "ENGINE", "sign", "verify", "provider",
                   "PKCS5", "bytes", "pkcs5", "ui", "raise", "PyObject")


@pytest.mark.parametrize("release", ["0.51.0", "0.38.0"])
def test_coverage_is_complete_but_for_the_allow_list(release):
    real = m2_names.DATA / f"m2_names_{release}.txt"
    out = subprocess.run([sys.executable, str(SCRIPT), "--real", str(real)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert " 0 missing" in out.stdout.splitlines()[0], out.stdout


def test_nothing_is_allowed_missing():
    """The drop-in provides every public name of the real 0.51.0 (the SWIG
    internals too): the allow-list stays empty and the script reports 100%."""
    allowed, _ = m2_names.read_allowed(m2_names.DATA / "m2_names_allowed.txt")
    assert allowed == {}
    out = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True)
    real = m2_names.read_real(m2_names.DATA / "m2_names_0.51.0.txt")
    assert f"{len(real)}/{len(real)} provided (100.0%)" in out.stdout, out.stdout


def test_every_allowed_name_is_real_and_has_a_reason():
    allowed, problems = m2_names.read_allowed(m2_names.DATA / "m2_names_allowed.txt")
    real = m2_names.read_real(m2_names.DATA / "m2_names_0.51.0.txt")
    assert problems == []
    assert sorted(n for n in allowed if n not in real) == []


@pytest.mark.parametrize("group", COMPLETE_GROUPS)
def test_complete_groups_are_not_on_the_allow_list(group):
    allowed, _ = m2_names.read_allowed(m2_names.DATA / "m2_names_allowed.txt")
    assert [n for n in allowed if m2_names.prefix(n) == group] == []


def test_missing_names_fail_the_script(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("bio_read builtin_function_or_method\nno_such_name_in_m2 builtin_function_or_method\n")
    out = subprocess.run([sys.executable, str(SCRIPT), "--real", str(real), "--allow", str(tmp_path / "none")],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert "1/2 provided" in out.stdout and "no_such_name_in_m2" in out.stdout
    allow = tmp_path / "allow.txt"
    allow.write_text("no_such_name_in_m2\n")
    out = subprocess.run([sys.executable, str(SCRIPT), "--real", str(real), "--allow", str(allow)],
                         capture_output=True, text=True)
    assert out.returncode == 1 and "has no reason" in out.stdout
    allow.write_text("no_such_name_in_m2  # a test entry\n")
    out = subprocess.run([sys.executable, str(SCRIPT), "--real", str(real), "--allow", str(allow)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


def test_constants_have_the_real_types():
    """Every int or str constant of the real 0.51.0 that the drop-in provides
    has the same type (bool counts as int, as in the real module)."""
    from M2Crypto import m2
    real = m2_names.read_real(m2_names.DATA / "m2_names_0.51.0.txt")
    kinds = {"int": int, "str": str, "bool": bool}
    wrong = {n: (k, type(getattr(m2, n)).__name__) for n, k in real.items()
             if k in kinds and hasattr(m2, n) and not isinstance(getattr(m2, n), kinds[k])}
    assert wrong == {}
