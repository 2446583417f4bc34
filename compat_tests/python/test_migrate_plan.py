"""`cryptoshim migrate`: the plan's decisions and reasons, --diff/--apply,
idempotence, byte-identity outside rewritten spans, the report formats,
telemetry ranking, and the loud failure without LibCST."""

from __future__ import annotations

import ast
import difflib
import json
import subprocess
import sys
import textwrap

import pytest

from cryptoshim.cli import main
from cryptoshim.migrate import plan as plan_mod

TYPED = """\
import os  # a comment that must survive
from OpenSSL import crypto
from M2Crypto import EVP


def subject_of(pem):
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
    return cert.get_subject().CN, crypto.dump_certificate(crypto.FILETYPE_ASN1, cert)


def digest(data):
    md = EVP.MessageDigest("sha256")
    md.update(data)
    return md.final()
"""

REFUSED = """\
from OpenSSL import crypto
from M2Crypto import EVP

KEEP = []


def escapes(pem):
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
    KEEP.append(cert)
    return cert.get_serial_number()


def caught(pem):
    try:
        return crypto.load_certificate(crypto.FILETYPE_PEM, pem).get_serial_number()
    except crypto.Error:
        return None


def text_dump(cert):
    return crypto.dump_certificate(crypto.FILETYPE_TEXT, cert)


def variable_type(kind, cert):
    return crypto.dump_certificate(kind, cert)


def default_digest(key, data):
    return EVP.hmac(key, data)


def name_escapes(pem):
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
    return cert.get_subject()


def untyped(data):
    p12 = crypto.load_pkcs12(data)
    return p12.get_certificate().get_subject().CN


def setter(pem):
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
    cert.get_subject().CN = "changed"
    return cert.get_serial_number()
"""

PY2 = """\
from OpenSSL import crypto

def dump(cert):
    print "dumping"
    return crypto.dump_certificate(crypto.FILETYPE_PEM, cert)
"""


@pytest.fixture
def tree(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "typed.py").write_text(TYPED)
    (pkg / "refused.py").write_text(REFUSED)
    (pkg / "py2.py").write_text(PY2)
    return pkg


def _rows(plan, name):
    return [r for r in plan.rows if r.path.endswith(name) and r.kind == "call"]


def _by_line(rows):
    out = {}
    for r in rows:
        out.setdefault(r.line, []).append(r)
    return out


def test_typed_sites_are_rewritten(tree):
    plan = plan_mod.build([tree])
    rows = _rows(plan, "typed.py")
    assert {(r.line, r.api, r.status) for r in rows} == {
        (7, "pyopenssl.crypto.load_certificate", "rewritten"),
        (8, "pyopenssl.crypto.X509.get_subject", "rewritten"),
        (8, "pyopenssl.crypto.dump_certificate", "rewritten"),
        (12, "m2crypto.EVP.MessageDigest", "rewritten"),
        (13, "m2crypto.EVP.MessageDigest.update", "rewritten"),
        (14, "m2crypto.EVP.MessageDigest.final", "rewritten"),
    }
    new = next(f.new_source for f in plan.files if f.path.name == "typed.py")
    ast.parse(new)
    assert "OpenSSL" not in new and "M2Crypto" not in new
    assert "import os  # a comment that must survive" in new


def test_refusals_say_why(tree):
    rows = _by_line(_rows(plan_mod.build([tree]), "refused.py"))

    def reason(line, api):
        (row,) = [r for r in rows[line] if r.api == api]
        assert row.status == "refused", row
        return row.reason

    assert "escapes" in reason(8, "pyopenssl.crypto.load_certificate")
    # the escaping certificate's getter still migrates, through the bridge
    (serial,) = rows[10]
    assert serial.status == "rewritten"
    assert "except Error" in reason(15, "pyopenssl.crypto.load_certificate")
    assert "FILETYPE_TEXT" in reason(21, "pyopenssl.crypto.dump_certificate")
    assert "FILETYPE_" in reason(25, "pyopenssl.crypto.dump_certificate")
    assert "default digest" in reason(29, "m2crypto.EVP.hmac")
    assert "escapes" in reason(34, "pyopenssl.crypto.X509.get_subject")
    # the survey types p12.get_certificate() through pyOpenSSL's return
    # annotation, so the name read goes through the bridge
    assert [r.status for r in rows[39] if r.api == "pyopenssl.crypto.X509.get_subject"] == [
        "rewritten"
    ]
    # a setter keeps the certificate legacy; the read after it takes the bridge
    assert "get_subject()" in reason(43, "pyopenssl.crypto.load_certificate")
    assert [r.status for r in rows[45]] == ["rewritten"]


def test_python2_file_is_refused(tree):
    rows = _rows(plan_mod.build([tree]), "py2.py")
    assert rows and all(r.status == "refused" and "Python 2" in r.reason for r in rows)


def test_diff_touches_only_rewritten_spans_and_imports(tree):
    plan = plan_mod.build([tree])
    rewritten = {(r.path, r.line) for r in plan.rows if r.status == "rewritten"}
    for f in plan.files:
        old = f.source.splitlines()
        new = f.new_source.splitlines()
        for tag, i1, i2, _, _ in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
            if tag == "equal":
                continue
            for i in range(i1, i2):
                line = old[i]
                is_import = line.startswith(("from ", "import "))
                assert is_import or any(
                    p.endswith(f.path.name) and n == i + 1 for p, n in rewritten
                ), (f.path.name, i + 1, line)


def _cli(capsys, *argv):
    # in-process: LibCST's import (about 3 s here) is paid once per test run
    assert main(["migrate", *map(str, argv)]) == 0
    return capsys.readouterr()


def test_apply_is_idempotent(tree, capsys):
    before_diff = _cli(capsys, "--diff", tree).out
    assert before_diff.count("+++ b/") == 2  # typed.py, refused.py; py2.py cannot be parsed
    assert "rewrote" in _cli(capsys, "--apply", tree).err
    after_first = {p.name: p.read_bytes() for p in tree.iterdir()}
    assert after_first["typed.py"] != TYPED.encode()
    assert after_first["py2.py"] == PY2.encode()
    _cli(capsys, "--apply", tree)
    assert {p.name: p.read_bytes() for p in tree.iterdir()} == after_first
    assert _cli(capsys, "--diff", tree).out == ""


def test_report_formats_and_telemetry_ranking(tree, tmp_path, capsys):
    telemetry = tmp_path / "t.json"
    telemetry.write_text(json.dumps({
        "format": "cryptoshim-telemetry", "version": 1, "processes": 1,
        "apis": {"m2crypto.EVP.hmac": {"calls": 41, "calls_at_dropped_sites": 0,
                                       "sites": {"/srv/app/pkg/refused.py:29": 41}}},
    }))
    run = [tree, "--telemetry", telemetry]
    data = json.loads(_cli(capsys, *run, "--format", "json").out)
    assert data["format"] == "cryptoshim-migrate-plan"
    first = data["rows"][0]
    assert (first["api"], first["calls"], first["line"]) == ("m2crypto.EVP.hmac", 41, 29)
    s = data["summary"]
    assert s["sites"] == s["rewritten"] + s["refused"] + s["manual"]
    md = _cli(capsys, *run, "--format", "markdown").out
    assert "| site | API | status |" in md and "refused.py:29" in md
    html_out = tmp_path / "plan.html"
    _cli(capsys, *run, "--format", "html", "-o", html_out)
    page = html_out.read_text()
    assert "<table class=\"sortable\">" in page and "<svg" in page
    assert "http://" not in page and "https://" not in page  # offline


def test_missing_libcst_fails_loudly(tree):
    code = textwrap.dedent(f"""
        import sys
        sys.modules["libcst"] = None  # as if the [migrate] extra were not installed
        from cryptoshim.cli import main
        sys.exit(main(["migrate", {str(tree)!r}]))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "pip install 'cryptoshim[migrate]'" in proc.stderr


KEYS_REFUSED = """\
from OpenSSL import crypto
from M2Crypto import X509


def with_passphrase(pem):
    key = crypto.load_privatekey(crypto.FILETYPE_PEM, pem, b"secret")
    return crypto.dump_privatekey(crypto.FILETYPE_PEM, key)


def key_caught(pem):
    try:
        key = crypto.load_privatekey(crypto.FILETYPE_PEM, pem)
    except crypto.Error:
        return None
    return crypto.dump_publickey(crypto.FILETYPE_PEM, key)


def default_fingerprint(path):
    cert = X509.load_cert(path)
    return cert.get_fingerprint()


def time_escapes(path):
    cert = X509.load_cert(path)
    return str(cert.get_not_after())
"""


def test_key_and_m2_file_refusals_say_why(tmp_path):
    """The new rules refuse where behaviour would change: a passphrase
    (pyOpenSSL ignores it on an unencrypted key, cryptography raises), a
    handler for crypto.Error, M2Crypto's release-dependent fingerprint
    default, an ASN1_TIME used other than through get_datetime()."""
    (tmp_path / "keys.py").write_text(KEYS_REFUSED)
    plan = plan_mod.build([tmp_path])
    rows = _by_line(_rows(plan, "keys.py"))

    def reason(line, api):
        (row,) = [r for r in rows[line] if r.api == api]
        assert row.status == "refused", row
        return row.reason

    assert "passphrase" in reason(6, "pyopenssl.crypto.load_privatekey")
    assert "except Error" in reason(12, "pyopenssl.crypto.load_privatekey")
    assert "default digest" in reason(19, "m2crypto.X509.load_cert")
    assert "get_not_after(): its result escapes" in reason(24, "m2crypto.X509.load_cert")
    assert "escapes" in reason(25, "m2crypto.X509.X509.get_not_after")
    # the dump of a key whose loader was refused goes through the bridge
    # (found by google-auth's own tests: it was once treated as migrated)
    assert [r.status for r in rows[7]] == ["rewritten"]
    new = next(f.new_source for f in plan.files if f.path.name == "keys.py")
    assert "return key.to_cryptography_key().private_bytes(" in new
    assert [r.status for r in rows[15]] == ["rewritten"]


def test_pbkdf2_with_variable_iterations_is_refused(tmp_path):
    """M2Crypto's pbkdf2 answers garbage for iter <= 0 where hashlib raises:
    only positive literals are rewritten."""
    (tmp_path / "kdf.py").write_text(
        "from M2Crypto import EVP\n\n\n"
        "def derive(pw, salt, n):\n"
        "    a = EVP.pbkdf2(pw, salt, n, 32)\n"
        "    return a, EVP.pbkdf2(pw, salt, 1000, 32)\n"
    )
    plan = plan_mod.build([tmp_path])
    rows = _rows(plan, "kdf.py")
    assert sorted(r.status for r in rows) == ["refused", "rewritten"]
    (refused,) = [r for r in rows if r.status == "refused"]
    assert "positive literals" in refused.reason
    new = plan.files[0].new_source
    assert "a = EVP.pbkdf2(pw, salt, n, 32)\n" in new
    assert 'return a, hashlib.pbkdf2_hmac("sha1", pw, salt, 1000, 32)\n' in new


def test_two_calls_of_one_api_on_one_line_get_their_own_rows(tmp_path):
    """Sites carry a line, not a column: each call still gets its own row."""
    (tmp_path / "kdf2.py").write_text(
        "from M2Crypto import EVP\n\n\n"
        "def derive(pw, salt, n):\n"
        "    return EVP.pbkdf2(pw, salt, n, 32), EVP.pbkdf2(pw, salt, 1000, 32)\n"
    )
    rows = _rows(plan_mod.build([tmp_path]), "kdf2.py")
    assert sorted(r.status for r in rows) == ["refused", "rewritten"]


GENERATE_KEY = """\
import OpenSSL
from OpenSSL import crypto


class T:
    def setUp(self):
        self.key = OpenSSL.crypto.PKey()
        self.key.generate_key(OpenSSL.crypto.TYPE_RSA, 2048)


def a(bits):
    key = crypto.PKey()
    key.generate_key(crypto.TYPE_RSA, bits)
    return key


def b():
    privkey = crypto.PKey()
    privkey.generate_key(crypto.TYPE_RSA, 2048)
    return crypto.dump_privatekey(crypto.FILETYPE_PEM, privkey)


def c():
    k = crypto.PKey()
    k.generate_key(crypto.TYPE_DSA, 512)
    d = crypto.PKey()
    # a comment
    d.generate_key(crypto.TYPE_DSA, 2048)
    return k, d
"""


def test_generate_key_pairs_with_the_constructor_before_it(tmp_path):
    """PKey() then generate_key(TYPE, literal bits) becomes one bridged
    constructor (the legacy object stays valid for every later use); a size
    cryptography refuses, a variable size or a comment on the merged line is refused."""
    (tmp_path / "gk.py").write_text(GENERATE_KEY)
    plan = plan_mod.build([tmp_path])
    rows = _by_line(_rows(plan, "gk.py"))
    status = {line: sorted(r.status for r in rs) for line, rs in rows.items()}
    assert status[7] == status[8] == status[18] == status[19] == ["rewritten"]
    assert "bits is not a literal" in rows[13][0].reason
    assert "512 bits" in rows[25][0].reason
    assert "comment" in rows[28][0].reason
    assert "goes with generate_key()" in rows[12][0].reason
    new = plan.files[0].new_source
    assert (
        "        self.key = OpenSSL.crypto.PKey.from_cryptography_key("
        "rsa.generate_private_key(public_exponent=65537, key_size=2048))\n\n\n"
    ) in new
    assert "generate_key(crypto.TYPE_RSA, 2048)" not in new
    assert "    # a comment\n    d.generate_key(crypto.TYPE_DSA, 2048)\n" in new


BUILDERS = """\
from OpenSSL import crypto


def v1(key):
    cert = crypto.X509()
    cert.set_serial_number(1)
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(3600)
    cert.set_pubkey(key)
    cert.sign(key, "sha256")
    return cert


def variable_serial(key, sn):
    cert = crypto.X509()
    cert.set_version(2)
    cert.set_serial_number(sn)
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(3600)
    cert.set_pubkey(key)
    cert.sign(key, "sha256")
    return cert


def variable_name(key, cn):
    cert = crypto.X509()
    cert.set_version(2)
    cert.get_subject().CN = cn
    cert.set_serial_number(1)
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(3600)
    cert.set_pubkey(key)
    cert.sign(key, "sha256")
    return cert


def generalized_time(key):
    cert = crypto.X509()
    cert.set_version(2)
    cert.set_serial_number(1)
    cert.set_notBefore(b"20250101000000Z")
    cert.set_notAfter(b"20600101000000Z")
    cert.set_pubkey(key)
    cert.sign(key, "sha256")
    return cert


def interleaved(key, log):
    cert = crypto.X509()
    cert.set_version(2)
    log.append("x")
    cert.set_serial_number(1)
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(3600)
    cert.set_pubkey(key)
    cert.sign(key, "sha256")
    return cert


def commented(key):
    cert = crypto.X509()
    cert.set_version(2)
    cert.set_serial_number(1)
    cert.gmtime_adj_notBefore(0)  # now
    cert.gmtime_adj_notAfter(3600)
    cert.set_pubkey(key)
    cert.sign(key, "sha256")
    return cert


def caught(key):
    cert = crypto.X509()
    cert.set_version(2)
    cert.set_serial_number(1)
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(3600)
    cert.set_pubkey(key)
    try:
        cert.sign(key, "sha256")
    except ValueError:
        return None
    return cert


def ok(key):
    cert = crypto.X509()
    cert.set_version(2)
    cert.set_serial_number(1)
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(3600)
    cert.set_issuer(cert.get_subject())
    cert.set_pubkey(key)
    cert.sign(key, "sha256")
    return cert
"""


def test_builder_sequences_refuse_what_would_change(tmp_path):
    """X509() ... sign() becomes one CertificateBuilder only where each step
    keeps what OpenSSL writes: a v1 certificate (no set_version(2)), a serial
    or name value that is not a checkable literal, a GeneralizedTime before
    2050, a foreign statement or a comment in the sequence, and a handler for
    the exception the rewrite changes are each refused with the reason; an
    accepted one is rewritten whole, bridged because the certificate escapes."""
    (tmp_path / "builders.py").write_text(BUILDERS)
    plan = plan_mod.build([tmp_path])
    rows = _rows(plan, "builders.py")
    sign = {r.line: r for r in rows if r.api == "pyopenssl.crypto.X509.sign"}
    expected = {
        10: "v1 certificate",
        21: "serial is not a literal",
        33: "X509Name.CN is not a literal",
        44: "GeneralizedTime",
        56: "not a step of the cert = X509() builder",
        67: "comment",
        79: "except ValueError",
    }
    for line, words in expected.items():
        assert sign[line].status == "refused" and words in sign[line].reason, sign[line]
    # the constructor and setters of a refused sequence point to its sign() row
    v1_parts = [r for r in rows if 5 <= r.line <= 9]
    assert len(v1_parts) == 5, v1_parts
    assert all(r.status == "refused" and "part of the builder" in r.reason for r in v1_parts)
    assert sign[93].status == "rewritten"
    accepted = [r for r in rows if 86 <= r.line <= 93]
    assert accepted and all(r.status == "rewritten" for r in accepted), accepted
    new = plan.files[0].new_source
    assert "    cert = crypto.X509.from_cryptography(\n        x509.CertificateBuilder()\n" in new
    assert new.count("crypto.X509()") == 7  # the refused sequences are untouched
    # idempotent, and byte-identical outside the one rewritten function
    again = tmp_path / "again"
    again.mkdir()
    (again / "builders.py").write_text(new)
    assert plan_mod.build([again]).files[0].new_source == new
    untouched = BUILDERS.split("def ok(key):")[0].split("\n\n\n", 1)[1]
    assert untouched in new


ESCAPES_INTO_REFUSED_CALL = """\
from OpenSSL import crypto


def loaded(pem, kind):
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
    return crypto.dump_certificate(kind, cert)


def built(key, kind):
    cert = crypto.X509()
    cert.set_version(2)
    cert.set_serial_number(1)
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(3600)
    cert.set_pubkey(key)
    cert.sign(key, "sha256")
    return crypto.dump_certificate(kind, cert)
"""


def test_an_object_passed_to_a_call_its_rule_refuses_stays_legacy(tmp_path):
    """dump_certificate(kind, cert) with the file type in a variable stays a
    pyOpenSSL call, so `cert` must stay a pyOpenSSL X509: the loader is refused
    and the builder goes through from_cryptography() (both were once migrated
    to a cryptography Certificate that call cannot take)."""
    (tmp_path / "esc.py").write_text(ESCAPES_INTO_REFUSED_CALL)
    plan = plan_mod.build([tmp_path])
    rows = _by_line(_rows(plan, "esc.py"))
    (loader,) = [r for r in rows[5] if r.api == "pyopenssl.crypto.load_certificate"]
    assert loader.status == "refused" and "stays legacy" in loader.reason, loader
    assert [r.status for r in rows[16]] == ["rewritten"]
    new = plan.files[0].new_source
    assert "    cert = crypto.load_certificate(crypto.FILETYPE_PEM, pem)\n" in new
    assert "    cert = crypto.X509.from_cryptography(\n" in new
    assert new.count("return crypto.dump_certificate(kind, cert)") == 2
