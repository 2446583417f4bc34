"""Opt-in real-world survey run: a pinned set of real PyPI dependents.

Skipped unless CRYPTOSHIM_SURVEY_REAL=1 (needs the package index; downloads
about 25 MB once). The work directory (default build/survey-real, override with
CRYPTOSHIM_SURVEY_REAL_WORK) is a cache: a second run downloads and scans
nothing again. Run:

    CRYPTOSHIM_SURVEY_REAL=1 python3 -m pytest -q compat_tests/python/test_survey_real.py

Every pinned package was checked by hand to import OpenSSL or M2Crypto in that
version (service-identity 21.1.0 and pyjks 20.0.0 were dropped: they do not).
salt 3006.1 (about 3,600 files, M2Crypto and pyOpenSSL both) is the large
case: its re-export graph pulls in about 3,150 files; the incremental fixpoint
(cryptoshim_survey/fixpoint.py) scans it in about 100 s of CPU.
pip vendors urllib3 (its contrib/pyopenssl.py uses pyOpenSSL: "vendored" file
class). No PyPI dependent shipping a vendored *copy* of pyOpenSSL or M2Crypto
was found, so pyOpenSSL itself stands in for one: its OpenSSL/ package must be
detected as a legacy copy and excluded (its own source contributes no use);
its tests' imports of it are uses of the bundled copy, tagged vendored_copy.
"""
import json
import os
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
WORK = pathlib.Path(os.environ.get("CRYPTOSHIM_SURVEY_REAL_WORK", REPO / "build" / "survey-real"))

pytestmark = pytest.mark.skipif(os.environ.get("CRYPTOSHIM_SURVEY_REAL") != "1",
                                reason="real PyPI survey is opt-in: set CRYPTOSHIM_SURVEY_REAL=1")

# name==version; comment = what it uses (checked by reading the pinned release)
PINNED = [
    "josepy==1.13.0",            # OpenSSL.crypto load_certificate, X509, dump_*
    "acme==2.6.0",               # OpenSSL.crypto + OpenSSL.SSL
    "certbot==2.6.0",            # OpenSSL.crypto
    "ndg-httpsclient==0.5.1",    # OpenSSL.SSL, crypto (pyOpenSSL-based HTTPS client)
    "Twisted==22.10.0",          # twisted.internet._sslverify (OpenSSL.SSL / crypto)
    "eventlet==0.33.3",          # eventlet.green.OpenSSL
    "Scrapy==2.8.0",             # scrapy.core.downloader.tls (OpenSSL.SSL)
    "urllib3==1.26.18",          # urllib3.contrib.pyopenssl
    "requests-pkcs12==1.7",      # OpenSSL.crypto.load_pkcs12
    "pysaml2==7.4.2",            # saml2.cert (OpenSSL.crypto)
    "signxml==2.10.1",           # OpenSSL.crypto X509 / load_certificate
    "mitmproxy==8.1.1",          # OpenSSL.SSL
    "google-auth==2.22.0",       # google.auth.transport._mtls_helper (OpenSSL.crypto)
    "oauth2client==4.1.3",       # oauth2client._openssl_crypt
    "pymongo==4.3.3",            # pymongo.pyopenssl_context (OpenSSL.SSL)
    "txsni==0.2.0",              # OpenSSL.SSL / crypto
    "requests-toolbelt==1.0.0",  # requests_toolbelt.adapters.x509 (OpenSSL.crypto)
    "treq==22.2.0",              # OpenSSL (tests)
    "pip==23.2.1",               # vendored urllib3 contrib/pyopenssl (vendored class)
    "autobahn==23.1.2",          # OpenSSL (sdist only: JSON-API fallback)
    "tlslite-ng==0.7.6",         # M2Crypto (m2 internals; sdist only)
    "salt==3006.1",              # M2Crypto RSA (salt.crypt) and OpenSSL.crypto (x509 states)
    "pyOpenSSL==23.2.0",         # stand-in for a vendored copy: must be excluded
]
COPY_STAND_IN = "pyOpenSSL"


def _name(pin):
    return pin.split("==")[0]


@pytest.fixture(scope="module")
def run():
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "names.txt").write_text("\n".join(PINNED) + "\n")
    env = dict(os.environ, PYTHONPATH=str(REPO / "survey"))
    cmd = [sys.executable, "-m", "cryptoshim_survey", "--work", str(WORK), "--no-progress", "--log-level", "warning",
           "run", "--names", str(WORK / "names.txt"), "--workers", "2"]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=3000)
    assert proc.returncode == 0, proc.stderr[-4000:]
    load = lambda name: json.loads((WORK / name).read_text())  # noqa: E731
    return {"downloads": load("downloads.json"), "matches": load("matches.json"), "report": load("report.json")}


def test_every_pinned_release_is_downloaded_and_hash_checked(run):
    by_name = {d["name"]: d for d in run["downloads"]}
    assert len(PINNED) >= 20
    for pin in PINNED:
        name, version = pin.split("==")
        d = by_name[name]
        assert d["status"] in ("ok", "cached"), d
        assert d["version"] == version, d
        assert d.get("hash_check") == "ok", d  # published sha256 of the index matched


def test_every_dependent_uses_a_legacy_api(run):
    used = {m["package"] for m in run["matches"] if m["matched"] or m["unmatched"]}
    missing = [_name(p) for p in PINNED if _name(p) not in used and _name(p) != COPY_STAND_IN]
    assert not missing, missing


def _apis(run, package):
    return {f["api"] for m in run["matches"] if m["package"] == package for f in m["matched"]}


def test_known_uses_are_found(run):
    assert {"pyopenssl.crypto.load_certificate", "pyopenssl.crypto.X509"} <= _apis(run, "josepy")
    assert "pyopenssl.crypto.load_pkcs12" in _apis(run, "requests-pkcs12")
    assert "pyopenssl.crypto.dump_certificate" in _apis(run, "certbot") | _apis(run, "acme")
    assert any(a.startswith("pyopenssl.crypto.") for a in _apis(run, "oauth2client"))
    # tlslite-ng drives M2Crypto through the flat m2 namespace only.
    assert {"m2crypto.m2.rsa_new", "m2crypto.m2.rsa_private_encrypt"} <= _apis(run, "tlslite-ng")
    assert {"m2crypto.RSA.load_key_string", "m2crypto.RSA.RSA.private_decrypt",
            "pyopenssl.crypto.load_certificate"} <= _apis(run, "salt")


def test_vendored_copy_is_excluded_and_vendored_users_are_classed(run):
    corpus = {c["package"]: c for c in run["report"]["corpus"]}
    excluded = {e["package"]: e["reason"] for e in corpus[COPY_STAND_IN]["excluded"]}
    assert excluded.get("OpenSSL") == "vendored-copy", excluded
    # The library's own source is not "use"; its tests' imports of it resolve to
    # the bundled copy and are reported tagged as such (issue 13).
    stand_in = [f for m in run["matches"] if m["package"] == COPY_STAND_IN for f in m["matched"]]
    assert all(f.get("vendored_copy") for f in stand_in)
    assert not [f for f in stand_in if f["path"].startswith(("src/OpenSSL/", "OpenSSL/"))]
    pip_uses = [f for m in run["matches"] if m["package"] == "pip" for f in m["matched"]]
    assert pip_uses and all(f["file_class"] == "vendored" for f in pip_uses)


def test_report_is_complete(run):
    doc = run["report"]
    assert doc["summary"]["scanned"] == len(PINNED)
    assert not [f for f in doc["failures"] if f["stage"] != "telemetry"], doc["failures"]
    assert (WORK / "report.html").stat().st_size > 10_000
