"""Ambiguous inferred methods and the pip download path (offline: pip is faked)."""
import hashlib
import json
import pathlib
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "survey"))

from cryptoshim_survey import catalog, dependents, download, match, parse, parse_ast, report  # noqa: E402
from cryptoshim_survey import index as pkgindex  # noqa: E402
from cryptoshim_survey.resolve import ModuleResolver, Project  # noqa: E402

INDEX = catalog.load_index()

# get_app_data returns whatever was stored, so `data`'s type is unknown;
# load_certificate's is known (X509), so `typed` is not ambiguous.
AMBIGUOUS = b'''from OpenSSL import SSL, crypto
def f(ctx, sock):
    data = SSL.Context(SSL.TLS_METHOD).get_app_data()
    return data.get_subject()
def g(pem):
    typed = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
    return typed.get_subject()
'''


def _findings(source):
    out = []
    for tree in (parse.parse_source(source), parse_ast.parse_source(source)):
        resolver = ModuleResolver(INDEX, Project(modules={}, shadowed_roots=set()), "m", False, record=True)
        resolver.run(tree)
        out.append(resolver.findings)
    return out


def test_method_of_several_catalog_classes_is_kept_as_ambiguous():
    owners = INDEX.classes_with_member("OpenSSL.crypto", "get_subject")
    assert len(owners) >= 2  # X509 and X509Req (the premise of the test)
    for findings in _findings(AMBIGUOUS):
        amb = [f for f in findings if f["line"] == 4]
        assert len(amb) == 1, amb
        assert amb[0]["confidence"] == "ambiguous" and amb[0]["via"] == "inferred"
        assert amb[0]["candidates"] == [f"{o}.get_subject" for o in owners]
        assert amb[0]["symbol"] == amb[0]["candidates"][0]
        typed = [f for f in findings if f["line"] == 7]
        assert [(f["symbol"], f["confidence"]) for f in typed] == [("OpenSSL.crypto.X509.get_subject", "high")]


def test_ambiguous_finding_matches_every_candidate_id_and_weighs_least():
    findings = [f for f in _findings(AMBIGUOUS)[0] if f["line"] == 4]
    scan = {"package": "p", "package_version": "1",
            "findings": [dict(f, path="p/m.py", file_class="library") for f in findings]}
    rows = match.match_scan(INDEX, scan)["matched"]
    ids = sorted(r["api"] for r in rows)
    assert len(ids) == len(findings[0]["candidates"]) >= 2
    assert all(r["candidates"] == [INDEX.by_path[c]["id"] for c in findings[0]["candidates"]] for r in rows)
    assert "pyopenssl.crypto.X509.get_subject" in ids
    doc = report.build_report(INDEX.records, [{"name": "p"}], [], [], [{"package": "p", "version": "1",
                                                                          "matched": rows, "unmatched": []}])
    by_id = {a["id"]: a for a in doc["apis"]}
    for api_id in ids:
        assert by_id[api_id]["dependents"] == 0  # a guess is not a use...
        assert by_id[api_id]["ambiguous_dependents"] == 1  # ...but it is kept, apart
        assert by_id[api_id]["confidence"]["ambiguous"] == 1
        assert by_id[api_id]["weighted_score"] == 0.0
    reasons = {c["id"]: c["reason"] for c in doc["deprecation_candidates"]}
    assert reasons[ids[0]] == "used only through ambiguous inferred calls"
    assert not report.validate(doc)


def test_names_file_accepts_pins(tmp_path):
    (tmp_path / "names.txt").write_text("josepy==1.13.0\nacme\n")
    rows = {r["name"]: r["version"] for r in dependents.from_names(tmp_path / "names.txt")}
    assert rows == {"josepy": "1.13.0", "acme": ""}


class FakePip:
    """Stands in for `python -m pip`: saves `payload` under the requested name, or fails."""

    def __init__(self, payload=b"wheel-bytes", filename="userpkg-2.0-py3-none-any.whl", fail=None):
        self.payload, self.filename, self.fail, self.calls = payload, filename, fail, []

    def __call__(self, args):
        self.calls.append(args)
        if self.fail:
            return subprocess.CompletedProcess(args, 1, "", self.fail)
        dest = pathlib.Path(args[args.index("--dest") + 1])
        (dest / self.filename).write_bytes(self.payload)
        return subprocess.CompletedProcess(args, 0, "Saved\n", "")


def _listing(files):
    def fetch(url, accept=None):
        if url in files:
            return files[url]
        raise OSError("404 " + url)
    return fetch


def test_pip_download_checks_published_hash_from_json_and_html_indexes(tmp_path):
    payload = b"wheel-bytes"
    digest = hashlib.sha256(payload).hexdigest()
    html = (f'<html><body><a href="../../files/userpkg-2.0-py3-none-any.whl#sha256={digest}">'
            f'userpkg-2.0-py3-none-any.whl</a></body></html>').encode()
    fetch = _listing({"file:///idx/simple/userpkg/": html,
                      "https://other.example/simple/userpkg/": json.dumps({"files": []}).encode()})
    pip = FakePip(payload)
    got = download.download_one({"name": "userpkg", "version": "2.0"}, tmp_path, "unused", fetch, retry_delay=0,
                                downloader="pip", runner=pip,
                                indexes=["https://other.example/simple/", "file:///idx/simple/"])
    assert got["status"] == "ok" and got["hash_check"] == "ok" and got["downloader"] == "pip", got
    assert got["sha256"] == digest and got["version"] == "2.0"
    args = pip.calls[0]
    assert args[:2] == ["download", "--no-deps"] and "userpkg==2.0" in args
    assert args[args.index("--only-binary") + 1] == ":all:"
    assert pathlib.Path(got["archive"]).read_bytes() == payload
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pip-")]


def test_pip_download_hash_mismatch_fails_the_package(tmp_path):
    listing = json.dumps({"files": [{"filename": "userpkg-2.0-py3-none-any.whl", "url": "x",
                                     "hashes": {"sha256": "0" * 64}}]}).encode()
    got = download.download_one({"name": "userpkg"}, tmp_path, "unused",
                                _listing({"https://idx/simple/userpkg/": listing}), retry_delay=0,
                                downloader="pip", runner=FakePip(), indexes=["https://idx/simple/"])
    assert got["status"] == "failed" and "HashMismatch" in got["error"]
    assert not (tmp_path / "userpkg-2.0-py3-none-any.whl").exists()


def test_pip_download_unlisted_file_is_kept_as_not_published(tmp_path):
    got = download.download_one({"name": "userpkg"}, tmp_path, "unused", _listing({}), retry_delay=0,
                                downloader="pip", runner=FakePip(), indexes=["https://idx/simple/"])
    assert got["status"] == "ok" and got["hash_check"] == "not-published"


def test_no_wheel_falls_back_to_the_json_sdist(tmp_path):
    sdist = b"sdist-bytes"
    listing = json.dumps({"files": [{"filename": "userpkg-2.0.tar.gz", "url": "https://idx/f/userpkg-2.0.tar.gz",
                                     "hashes": {"sha256": hashlib.sha256(sdist).hexdigest()}}]}).encode()
    fetch = _listing({"https://idx/simple/userpkg/": listing, "https://idx/f/userpkg-2.0.tar.gz": sdist})
    pip = FakePip(fail="ERROR: No matching distribution found for userpkg==2.0")
    got = download.download_one({"name": "userpkg", "version": "2.0"}, tmp_path, "https://idx/simple/", fetch,
                                retry_delay=0, downloader="pip", runner=pip, indexes=["https://idx/simple/"])
    assert got["status"] == "ok" and got["downloader"] == "json" and got["hash_check"] == "ok", got
    assert "No matching distribution" in got["pip_error"] and len(pip.calls) == 1


def test_pip_settings_are_read_from_pip_config(monkeypatch):
    monkeypatch.setattr(pkgindex, "_PIP_CONFIG", {"global.index-url": "https://mirror/simple",
                                                  "global.extra-index-url": "file:///a/simple file:///b/simple",
                                                  "global.cert": "/etc/ca.pem"})
    for var in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CERT"):
        monkeypatch.delenv(var, raising=False)
    assert pkgindex.configured_indexes() == ["https://mirror/simple", "file:///a/simple", "file:///b/simple"]
    assert pkgindex.configured_cert() == "/etc/ca.pem"
    monkeypatch.setenv("PIP_INDEX_URL", "https://env/simple")
    assert pkgindex.configured_indexes()[0] == "https://env/simple"
