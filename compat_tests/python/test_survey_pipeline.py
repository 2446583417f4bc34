"""End-to-end CLI run on the shipped offline corpus, report schema, resumability,
and the same scan on a process pool and on a Dask LocalCluster."""
import json
import pathlib
import shutil
import sys
import tempfile

import pytest

# The golden expectations need the Python 2 / 3.12+ tolerant parser.
import tree_sitter_python  # noqa: F401  (required test dependency)

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "survey"))
sys.path.insert(0, str(pathlib.Path(__file__).parent))

from cryptoshim_survey import cli, pipeline, report  # noqa: E402
from cryptoshim_survey.logs import Log  # noqa: E402

FIXTURES = REPO / "compat_tests" / "python" / "survey_fixtures"
# Named explicitly: the CLI's default is found beside the package it was imported
# from, and an earlier test may have imported the installed one.
CORPUS = str(REPO / "survey" / "default_corpus" / "corpus.toml")
TELEMETRY = sorted((REPO / "survey" / "default_corpus" / "telemetry").glob("*.json"))
M2_FIXTURE = str(FIXTURES / "catalog" / "m2crypto_fixture.toml")
# The golden expectations use the test-only M2Crypto catalog: the repository's
# real M2Crypto catalog (when present) is left out, as test_survey_scan.py does.
CATALOG_DIR = tempfile.mkdtemp(prefix="survey-catalog-")
for _toml in sorted((REPO / "legacy_api" / "catalog").glob("*.toml")):
    if 'library = "M2Crypto"' not in _toml.read_text():
        shutil.copy(_toml, CATALOG_DIR)


def run_cli(work, *args):
    return cli.main(["--work", str(work), "--catalog-dir", CATALOG_DIR, "--catalog", M2_FIXTURE, "--no-progress",
                     *args])


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    work = tmp_path_factory.mktemp("work")
    assert run_cli(work, "run", "--corpus", CORPUS, "--workers", "1", "--telemetry", *map(str, TELEMETRY)) == 0
    return work


def test_report_is_valid_against_its_schema(finished):
    doc = json.loads((finished / "report.json").read_text())
    assert report.validate(doc) == []
    assert doc["summary"]["scanned"] == 6 and doc["failures"] == []
    assert doc["catalog"]["libraries"] == ["M2Crypto", "pyOpenSSL"]


def test_report_content(finished):
    doc = json.loads((finished / "report.json").read_text())
    apis = {a["id"]: a for a in doc["apis"]}
    load = apis["pyopenssl.crypto.load_certificate"]
    assert load["dependents"] == 4 and load["runtime"]["calls"] == 125
    assert "eventletlike 0.9: eventletlike/tls.py:6" in load["examples"]
    assert apis["fixture.m2crypto.RSA.load_key"]["optional_share"] == 1.0
    assert apis["pyopenssl.crypto.Error"]["dependents_by_class"]["test"] == 1
    assert "pyopenssl.crypto.CRL" in doc["unused_apis"]
    candidates = {c["id"]: c["reason"] for c in doc["deprecation_candidates"]}
    assert candidates["pyopenssl.crypto.sign"] == "used only in tests, examples or vendored code"
    assert candidates["fixture.m2crypto.RSA.load_key"] == "used only behind optional imports or extras"
    assert "pyopenssl.crypto.load_certificate" not in candidates
    assert "pyopenssl.crypto.dump_crl" not in doc["unused_apis_without_runtime_calls"]
    assert {u["symbol"] for u in doc["unmatched"] if u["private"]} >= {"OpenSSL._util", "M2Crypto.m2"}
    salt = next(d for d in doc["dependents"] if d["package"] == "saltlike")
    assert salt["dependency_optional"] is True
    prov = {c["package"]: c for c in doc["corpus"]}
    assert len(prov["modernlike"]["archive_sha256"]) == 64 and prov["modernlike"]["files"][0]["sha256"]


def test_markdown_and_offline_html(finished):
    md = (finished / "report.md").read_text()
    assert "- [ ] `OpenSSL.crypto.load_certificate`" in md
    page = (finished / "report.html").read_text()
    assert "<svg" in page and "sortable" in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert "<script src" not in page and "<link" not in page


def test_stages_resume_from_cache(finished):
    lines = []

    class Capture:
        def write(self, s):
            lines.append(s)

        def flush(self):
            pass

    index = cli._index(cli._parser().parse_args(["--catalog-dir", CATALOG_DIR, "--catalog", M2_FIXTURE, "scan"]))
    pipeline.stage_scan(finished, index, Log("scan", stream=Capture()), workers=1, progress=False)
    start = json.loads(next(line for line in lines if "scan-start" in line))
    assert start["cached"] == 6


def test_internal_error_gives_nonzero_exit(tmp_path):
    (tmp_path / "downloads.json").write_text("not json")
    assert run_cli(tmp_path, "download") == 1


def _findings(work):
    return sorted((f["package"], f["path"], f["line"], f["api"])
                  for m in json.loads((work / "matches.json").read_text()) for f in m["matched"])


def test_process_pool_gives_the_same_findings(finished, tmp_path):
    assert run_cli(tmp_path, "run", "--corpus", CORPUS, "--workers", "2") == 0
    assert _findings(tmp_path) == _findings(finished)


def test_dask_local_cluster_gives_the_same_findings(finished, tmp_path):
    import distributed
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        assert run_cli(tmp_path, "run", "--corpus", CORPUS, "--scheduler", cluster.scheduler_address) == 0
    assert _findings(tmp_path) == _findings(finished)


def test_scheduler_local_starts_its_own_cluster(finished, tmp_path):
    assert run_cli(tmp_path, "run", "--corpus", CORPUS, "--scheduler", "local", "--workers", "2") == 0
    assert _findings(tmp_path) == _findings(finished)
    stats = json.loads((tmp_path / "scan_stats.json").read_text())
    assert stats["scheduler"] == "local"
    assert stats["packages"] == len(json.loads((finished / "matches.json").read_text()))
    assert stats["source_mb"] > 0 and stats["seconds"] > 0
    assert json.loads((tmp_path / "report.json").read_text())["scan_stats"] == stats
