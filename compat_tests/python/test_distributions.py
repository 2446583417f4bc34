"""The three distributions as installed in this venv by scripts/build.sh
(cryptoshim, pyOpenSSL 26.4.0+cryptoshim.N, M2Crypto 0.51.0+cryptoshim.N), the
import guard against mixed package folders, and `python -m cryptoshim doctor`
/ `constraints`. The install from a wheelhouse with real dependents is
compat_tests/dists/check_dists.py."""
from __future__ import annotations

import importlib.metadata
import json
import pathlib
import shutil
import subprocess
import sys

import cryptoshim
import M2Crypto
import OpenSSL
import pytest
from cryptoshim import distributions, dropin


# The upstream releases' own Requires-Dist (their sdists' PKG-INFO), which the
# drop-ins declare again after cryptoshim.
UPSTREAM_REQUIRES = {
    "pyOpenSSL": {"cryptography<51,>=49.0.0", 'typing-extensions>=4.9; python_version < "3.13"'},
    "M2Crypto": {"packaging"},
}


def _normalized(requirements):
    from packaging.requirements import Requirement

    return {str(Requirement(r)) for r in requirements}


@pytest.mark.parametrize(("dist", "module", "public"), [
    ("pyOpenSSL", OpenSSL, "26.4.0"),
    ("M2Crypto", M2Crypto, "0.51.0"),
])
def test_dropin_metadata_matches_dunder_version(dist, module, public):
    version = importlib.metadata.version(dist)
    assert version == f"{public}+cryptoshim.{distributions.DROPIN_SERIAL}"
    assert module.__version__ == public
    assert module.__cryptoshim_dropin__ == f"{dist} {version}"
    requires = importlib.metadata.requires(dist)
    assert _normalized(requires) == _normalized(
        {f"cryptoshim=={cryptoshim.__version__}", *UPSTREAM_REQUIRES[dist]})
    # The package's files belong to this distribution, not to cryptoshim.
    owned = {pathlib.Path(f.locate()).resolve() for f in importlib.metadata.files(dist)}
    assert pathlib.Path(module.__file__).resolve() in owned
    assert not any(f.parts[0] == module.__name__ for f in importlib.metadata.files("cryptoshim"))


def test_m2_extension_is_cryptoshims_and_keeps_its_import_paths():
    from cryptoshim import _m2 as ext
    from M2Crypto import _m2, m2

    assert _m2 is ext
    assert sys.modules["M2Crypto._m2"] is ext
    assert m2.bn_to_hex is not None and m2.OPENSSL_VERSION_TEXT == ext.openssl_version_text()
    assert M2Crypto.version_info == (0, 51, 0)


def test_constraints_command_prints_the_pins():
    out = subprocess.run([sys.executable, "-m", "cryptoshim", "constraints"], check=True,
                         capture_output=True, text=True).stdout
    n = distributions.DROPIN_SERIAL
    assert out.splitlines() == [f"pyOpenSSL==26.4.0+cryptoshim.{n}",
                                f"M2Crypto==0.51.0+cryptoshim.{n}",
                                f"cryptoshim=={cryptoshim.__version__}"]


def test_doctor_reports_the_dropins_and_exits_zero():
    proc = subprocess.run([sys.executable, "-m", "cryptoshim", "doctor", "--json"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
    findings = {f["package"]: f for f in json.loads(proc.stdout)}
    for package, dist in (("OpenSSL", "pyOpenSSL"), ("M2Crypto", "M2Crypto")):
        assert findings[package]["implementation"] == "drop-in"
        assert [o["name"] for o in findings[package]["owners"]] == [dist]
        assert findings[package]["problems"] == []


@pytest.fixture
def openssl_copy(tmp_path):
    """A copy of the installed drop-in OpenSSL folder, manifest included."""
    folder = tmp_path / "OpenSSL"
    shutil.copytree(pathlib.Path(OpenSSL.__file__).parent, folder,
                    ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def test_guard_accepts_the_dropins_own_files(openssl_copy):
    (openssl_copy / "__pycache__").mkdir()
    label = dropin.check("OpenSSL", str(openssl_copy))
    assert label == f"pyOpenSSL {distributions.PYOPENSSL.version}"


@pytest.mark.parametrize("foreign", ["debug.py", "py.typed", "_ssl/extra.py", "tsafe/"])
def test_guard_refuses_files_the_dropin_did_not_ship(openssl_copy, foreign):
    target = openssl_copy / foreign
    if foreign.endswith("/"):
        target.mkdir()
    else:
        target.write_text("")
    with pytest.raises(ImportError) as info:
        dropin.check("OpenSSL", str(openssl_copy))
    assert isinstance(info.value, dropin.MixedInstallError)
    message = str(info.value)
    assert foreign in message and str(openssl_copy) in message
    assert "python -m cryptoshim doctor" in message


def test_guard_skips_a_source_tree_without_manifest(tmp_path):
    (tmp_path / "debug.py").write_text("")
    assert "source tree" in dropin.check("OpenSSL", str(tmp_path))


def test_telemetry_records_the_implementation_that_ran():
    snapshot = cryptoshim.telemetry.snapshot()
    assert snapshot["implementations"]["OpenSSL"] == {OpenSSL.__cryptoshim_dropin__: 1}
    merged = cryptoshim.telemetry.merge([snapshot, snapshot])
    assert merged["implementations"]["OpenSSL"] == {OpenSSL.__cryptoshim_dropin__: 2}
    report = cryptoshim.telemetry.format_report(merged)
    assert f"OpenSSL ran on {OpenSSL.__cryptoshim_dropin__} in 2 process(es)" in report
