"""Scan + match of the fixture corpus against golden findings (precision/recall).

Archives are built from survey_fixtures/packages in tmp (all supported archive
formats), then scanned exactly as downloaded packages would be.
"""
import json
import pathlib
import subprocess
import sys

import pytest

# The golden expectations need the Python 2 / 3.12+ tolerant parser.
import tree_sitter_python  # noqa: F401  (required test dependency)

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "survey"))

from cryptoshim_survey import catalog, dependents, download, evaluate, match, scan  # noqa: E402

FIXTURES = REPO / "compat_tests" / "python" / "survey_fixtures"
CORPUS = REPO / "survey" / "default_corpus" / "corpus.toml"
GOLDEN = json.loads((FIXTURES / "golden_findings.json").read_text())


def fixture_index():
    """Repo catalog (minus any real M2Crypto file) plus the test-only M2Crypto catalog."""
    paths = [p for p in catalog.catalog_paths() if 'library = "M2Crypto"' not in p.read_text()]
    return catalog.load_index(paths + [FIXTURES / "catalog" / "m2crypto_fixture.toml"])


@pytest.fixture(scope="module")
def index():
    return fixture_index()


@pytest.fixture(scope="module")
def scans(index, tmp_path_factory):
    archives = tmp_path_factory.mktemp("archives")
    out = {}
    for dep in dependents.from_corpus(CORPUS):
        fetched = download.download_one(dep, archives, base="unused")
        assert fetched["status"] == "ok", fetched
        out[dep["name"]] = scan.scan_package(fetched["archive"], dep, index)
    return out


def test_every_archive_format_is_covered(scans):
    suffixes = {s["archive"].split("-", 1)[1] for s in scans.values()}
    for fmt in ("tar.gz", "zip", "tar.bz2", "tar.xz", "whl"):
        assert any(x.endswith(fmt) for x in suffixes), fmt


def test_precision_and_recall_against_golden(index, scans):
    matches = [match.match_scan(index, s) for s in scans.values()]
    result = evaluate.evaluate(GOLDEN, matches)
    print("\n" + evaluate.summary_line(result))
    assert result["matched"]["missing"] == [] and result["matched"]["unexpected"] == []
    assert result["unmatched"]["missing"] == [] and result["unmatched"]["unexpected"] == []
    assert result["flag_errors"] == []
    assert result["matched"]["precision"] == 1.0 and result["matched"]["recall"] == 1.0


def test_vendored_and_shadow_packages_are_excluded(scans):
    for package, expected in GOLDEN["excluded"].items():
        assert scans[package]["excluded"] == expected
    assert scans["opensslshadow"]["findings"] == []


def test_file_classes(scans):
    for package, classes in GOLDEN["file_classes"].items():
        found = {f["path"]: f["class"] for f in scans[package]["files"]}
        for path, cls in classes.items():
            assert found[path] == cls, path


def test_shebang_script_scanned_and_non_python_ignored(scans):
    files = {f["path"]: f for f in scans["tlsalike"]["files"]}
    assert files["bin/tlsa"]["script"] is True
    for path in GOLDEN["not_scanned"]["tlsalike"]:
        assert path not in files


def test_python2_and_pep695_sources_parse_cleanly(scans):
    for package, path in (("tlsalike", "bin/tlsa"), ("tlsalike", "tlsalike/m2info.py"),
                          ("modernlike", "modernlike/core.py")):
        f = next(f for f in scans[package]["files"] if f["path"] == path)
        assert f["parser"] == "tree-sitter" and f["parse_errors"] == 0, f


def test_only_relevant_files_are_parsed(scans):
    """Files naming neither a legacy root nor a re-exporting module are never parsed
    (bounded memory); a re-export importer that never names OpenSSL still is."""
    for package, expected in GOLDEN["parsed_only_when_relevant"].items():
        found = {f["path"]: f["parser"] for f in scans[package]["files"]}
        for path, parser in expected.items():
            assert found[path] == parser, path


def test_scan_never_imports_the_drop_in_packages():
    code = (
        "import sys; sys.path.insert(0, %r); sys.path.insert(0, %r)\n"
        "import test_survey_scan as t\n"
        "from cryptoshim_survey import dependents, download, scan\n"
        "import tempfile, pathlib\n"
        "idx = t.fixture_index(); tmp = pathlib.Path(tempfile.mkdtemp())\n"
        "for dep in dependents.from_corpus(t.CORPUS):\n"
        "    scan.scan_package(download.download_one(dep, tmp, 'unused')['archive'], dep, idx)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('OpenSSL', 'M2Crypto')))\n"
    ) % (str(REPO / "survey"), str(pathlib.Path(__file__).parent))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
