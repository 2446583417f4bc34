"""What importing the drop-in's entry modules pulls in. `import M2Crypto`
took 33-36 ms here against the real M2Crypto 0.51.0's 14-17 ms, a third of
it stdlib modules only reports and rare paths use: pathlib (with re, fnmatch
and urllib.parse), dataclasses (inspect, ast, dis), json, tempfile and
ipaddress. They are now imported where they are used, and a fresh
interpreter must not load them just to import cryptoshim or M2Crypto.
(Measured, not asserted: the time itself is the benchmark's business.)"""

import subprocess
import sys

import pytest

HEAVY = ("dataclasses", "inspect", "json", "tempfile", "pathlib", "ipaddress", "shutil")


@pytest.mark.parametrize("statement", ["import cryptoshim", "import M2Crypto"])
def test_a_fresh_import_loads_none_of_the_report_only_modules(statement):
    probe = f"{statement}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    # -I: no site-packages .pth hooks or PYTHON* variables of this run, only
    # the interpreter's own start-up (site itself imports none of these).
    baseline = subprocess.run(
        [sys.executable, "-I", "-c", probe.replace(statement, "pass")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert baseline == [], f"the interpreter alone loads {baseline}: the probe cannot tell"
    loaded = subprocess.run(
        [sys.executable, "-I", "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == [], f"{statement} imports {loaded}"


def test_the_m2crypto_modules_do_not_import_hashlib():
    # Importing hashlib runs OpenSSL's EVP_MD_do_all_provided, which puts
    # every digest into the default method store; OpenSSL 3.0.19 then walks
    # the larger store on every certificate load (bench/HISTORY.md).
    statement = "from M2Crypto import SSL, X509, RSA, EVP, BIO, SMIME, m2"
    probe = f"{statement}\nimport sys\nprint('hashlib' in sys.modules)"
    loaded = subprocess.run(
        [sys.executable, "-I", "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "False"
