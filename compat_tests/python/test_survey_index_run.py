"""The PyPI-scale path of issue 13, offline: one `run --candidates` over a package
index, on a Dask LocalCluster.

The 500-dependent run itself needs the real index (candidate names checked one
by one against PyPI's PEP 691/658 metadata), which this environment does not
allow. Everything it exercises runs here against a static PEP 691 index on
file:// built from the fixture packages: candidates filtered by their PEP 658
core metadata (a candidate without a legacy requirement is dropped), sdists
downloaded and hash-checked against the index, scanned on a LocalCluster of 2
single-threaded worker processes, matched and reported.
"""
import hashlib
import json
import pathlib
import sys

import pytest

import tree_sitter_python  # noqa: F401  (required test dependency)

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "survey"))

from cryptoshim_survey import cli, local_source  # noqa: E402

PACKAGES = REPO / "compat_tests" / "python" / "survey_fixtures" / "packages"
# name, version, Requires-Dist lines of its core metadata
CANDIDATES = [
    ("reexportlike", "2.1", ["pyOpenSSL>=23", "M2Crypto"]),
    ("wrapperlike", "1.0", ["pyOpenSSL", "requests", "twisted"]),
    ("bundledlike", "0.5", ["M2Crypto; extra == 'legacy'"]),
    ("modernlike", "3.0", ["requests"]),  # names OpenSSL in its code, not in its metadata
]


def _static_index(root: pathlib.Path) -> str:
    """PEP 691 JSON pages (served as index.html, as a static mirror does) and PEP 658 .metadata files."""
    files = root / "files"
    for name, version, requires in CANDIDATES:
        archive = local_source.build_archive(PACKAGES / f"{name}-{version}", name, version, "tar.gz", files)
        meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        meta += "".join(f"Requires-Dist: {r}\n" for r in requires)
        pathlib.Path(f"{archive}.metadata").write_text(meta)
        page = {"meta": {"api-version": "1.0"}, "name": name, "files": [{
            "filename": archive.name, "url": archive.as_uri(), "core-metadata": True,
            "hashes": {"sha256": hashlib.sha256(archive.read_bytes()).hexdigest()}}]}
        (root / "simple" / name).mkdir(parents=True)
        (root / "simple" / name / "index.html").write_text(json.dumps(page))
    return (root / "simple").as_uri() + "/"


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    root = tmp_path_factory.mktemp("index")
    url = _static_index(root)
    names = root / "candidates.txt"
    names.write_text("".join(f"{n}\n" for n, _, _ in CANDIDATES))
    work = tmp_path_factory.mktemp("work")
    argv = ["--work", str(work), "--no-progress", "--log-level", "warning", "run", "--candidates", str(names),
            "--index-url", url, "--downloader", "json", "--scheduler", "local", "--workers", "2"]
    assert cli.main(argv) == 0
    return work


def test_candidates_are_kept_by_their_index_metadata(work):
    deps = {d["name"]: d for d in json.loads((work / "dependents.json").read_text())["dependents"]}
    assert set(deps) == {"reexportlike", "wrapperlike", "bundledlike"}
    assert deps["bundledlike"]["optional"] is True and deps["wrapperlike"]["optional"] is False


def test_downloads_are_hash_checked_against_the_index(work):
    downloads = json.loads((work / "downloads.json").read_text())
    assert sorted(d["name"] for d in downloads) == ["bundledlike", "reexportlike", "wrapperlike"]
    assert all(d["status"] == "ok" and d["hash_check"] == "ok" for d in downloads), downloads


def test_scanned_on_the_local_cluster_and_reported(work):
    stats = json.loads((work / "scan_stats.json").read_text())
    assert stats["scheduler"] == "local" and stats["packages"] == 3
    assert stats["source_mb"] > 0 and stats["seconds"] > 0
    doc = json.loads((work / "report.json").read_text())
    apis = {d["package"]: {a["public"] for a in d["apis"]} for d in doc["dependents"]}
    assert "OpenSSL.SSL.Context.use_certificate" in apis["wrapperlike"]  # through urllib3's _ctx
    assert "M2Crypto.SSL.Context.load_cert" in apis["reexportlike"]
    assert "M2Crypto.RSA.load_key" in apis["bundledlike"]
    assert doc["scan_stats"] == stats
