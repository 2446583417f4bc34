"""Stage 1/2/6 inputs offline: dependent lists, PEP 691/658 metadata, verified
downloads with retry, telemetry merge, catalog location."""
import hashlib
import io
import json
import pathlib
import sys
import tarfile

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "survey"))

from cryptoshim_survey import catalog, dependents, download, index, telemetry_merge  # noqa: E402

BASE = "https://index.invalid/simple/"


def sdist_bytes(name, version):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        data = b"from OpenSSL import crypto\ncrypto.load_certificate(1, b'')\n"
        info = tarfile.TarInfo(f"{name}-{version}/{name}.py")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


class FakeIndex:
    """PEP 691 JSON pages, PEP 658 .metadata files and archives, from memory."""

    def __init__(self):
        self.archive = sdist_bytes("userpkg", "2.0")
        self.calls, self.fail_first = [], 1
        self.pages = {
            "userpkg": [self.file("userpkg-1.0.tar.gz", b"old"), self.file("userpkg-2.0.tar.gz", self.archive),
                        self.file("userpkg-2.0-py3-none-any.whl", b"w")],
            "extrapkg": [self.file("extrapkg-1.0.tar.gz", b"x")],
            "unrelated": [self.file("unrelated-3.0.tar.gz", b"u")],
            "nometa": [dict(self.file("nometa-1.0.tar.gz", self.nometa_sdist()), **{"core-metadata": False})],
            "badhash": [dict(self.file("badhash-1.0.tar.gz", b"b"), hashes={"sha256": "0" * 64})],
        }
        self.metadata = {
            "userpkg-2.0.tar.gz": "Requires-Dist: pyOpenSSL>=20\n",
            "extrapkg-1.0.tar.gz": "Requires-Dist: requests\nRequires-Dist: M2Crypto; extra == 'legacy'\n",
            "unrelated-3.0.tar.gz": "Requires-Dist: requests\n",
        }

    @staticmethod
    def nometa_sdist():
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz") as tf:
            data = b"Metadata-Version: 2.1\nName: nometa\nRequires-Dist: pyopenssl (>=0.13)\n"
            info = tarfile.TarInfo("nometa-1.0/PKG-INFO")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        return buf.getvalue()

    def file(self, filename, data):
        return {"filename": filename, "url": BASE + "files/" + filename,
                "hashes": {"sha256": hashlib.sha256(data).hexdigest()}, "core-metadata": True}

    def __call__(self, url, accept=None):
        self.calls.append(url)
        if url.endswith(".metadata"):
            name = url.rsplit("/", 1)[1][: -len(".metadata")]
            return ("Metadata-Version: 2.1\nName: x\n" + self.metadata[name]).encode()
        if url.startswith(BASE + "files/"):
            if url.endswith("userpkg-2.0.tar.gz"):
                if self.fail_first:
                    self.fail_first -= 1
                    raise OSError("connection reset")
                return self.archive
            if url.endswith("nometa-1.0.tar.gz"):
                return self.nometa_sdist()
            return b"b"
        name = url[len(BASE):].strip("/")
        assert accept == index.JSON_ACCEPT
        return json.dumps({"meta": {"api-version": "1.0"}, "files": self.pages[name]}).encode()


def test_candidates_checked_against_index_metadata():
    fake = FakeIndex()
    found = dependents.from_index(["userpkg", "extrapkg", "unrelated", "nometa"], {"pyopenssl", "m2crypto"},
                                  BASE, fake)
    by_name = {d["name"]: d for d in found}
    assert set(by_name) == {"userpkg", "extrapkg", "nometa"}
    assert not any(c.endswith("nometa-1.0.tar.gz.metadata") for c in fake.calls)
    assert by_name["userpkg"]["optional"] is False and by_name["userpkg"]["version"] == "2.0"
    assert by_name["extrapkg"]["optional"] is True and by_name["extrapkg"]["extras"] == ["legacy"]


def test_catalog_distributions_are_derived_from_the_catalog():
    assert "pyopenssl" in catalog.load_index().distributions


def test_download_picks_newest_sdist_verifies_and_retries(tmp_path):
    fake = FakeIndex()
    got = download.download_one({"name": "userpkg"}, tmp_path, BASE, fake, retry_delay=0)
    assert got["status"] == "ok" and got["version"] == "2.0"
    assert pathlib.Path(got["archive"]).read_bytes() == fake.archive
    assert sum(1 for c in fake.calls if c.endswith("userpkg-2.0.tar.gz")) == 2
    again = download.download_one({"name": "userpkg"}, tmp_path, BASE, fake, retry_delay=0)
    assert again["status"] == "cached"


def test_hash_mismatch_is_reported_not_raised(tmp_path):
    got = download.download_one({"name": "badhash"}, tmp_path, BASE, FakeIndex(), retry_delay=0)
    assert got["status"] == "failed" and "HashMismatch" in got["error"]


def test_names_reverse_dump_and_download_weights(tmp_path):
    (tmp_path / "names.txt").write_text("salt  # comment\n\nEventlet\n")
    (tmp_path / "rdeps.csv").write_text("name,version,requirement\neventlet,0.33,pyOpenSSL; extra == 'tls'\n")
    (tmp_path / "rdeps.json").write_text(json.dumps({"dependents": [{"name": "twisted", "downloads": 5}]}))
    (tmp_path / "downloads.csv").write_text("name,downloads\nsalt,100\nEventlet,70\n")
    rows = (dependents.from_names(tmp_path / "names.txt") + dependents.from_reverse_dump(tmp_path / "rdeps.csv")
            + dependents.from_reverse_dump(tmp_path / "rdeps.json"))
    merged = dependents.merge(rows)
    dependents.apply_downloads(merged, tmp_path / "downloads.csv")
    by_name = {index.normalize(r["name"]): r for r in merged}
    assert set(by_name) == {"salt", "eventlet", "twisted"}
    assert by_name["eventlet"]["optional"] is True and by_name["eventlet"]["downloads"] == 70
    assert by_name["twisted"]["downloads"] == 5 and by_name["salt"]["downloads"] == 100


def test_pip_config_is_honoured(monkeypatch):
    monkeypatch.setenv("PIP_INDEX_URL", "https://mirror.invalid/simple/")
    assert index.configured_index_url() == "https://mirror.invalid/simple/"


def test_telemetry_merge(tmp_path):
    files = sorted((REPO / "survey" / "default_corpus" / "telemetry").glob("*.json"))
    (tmp_path / "bad.json").write_text('{"format": "other"}')
    merged, problems = telemetry_merge.merge_files(files + [tmp_path / "bad.json"])
    assert merged["processes"] == 4
    load = merged["apis"]["pyopenssl.crypto.load_certificate"]
    assert load == {"calls": 125, "sites": {"eventletlike/tls.py:6": 105, "modernlike/core.py:11": 20},
                    "calls_at_dropped_sites": 1}
    assert len(problems) == 1


def test_catalog_dir_from_environment(tmp_path, monkeypatch):
    (tmp_path / "only.toml").write_text(
        'library = "M2Crypto"\n[[api]]\nid = "t.x"\nmodule = "M2Crypto.EVP"\nname = "hmac"\n'
        'kind = "function"\nsafety = "legacy"\nreplacement = "hmac"\n')
    monkeypatch.setenv("CRYPTOSHIM_CATALOG_DIR", str(tmp_path))
    idx = catalog.load_index()
    assert idx.roots == {"M2Crypto"} and "M2Crypto.EVP.hmac" in idx.by_path
