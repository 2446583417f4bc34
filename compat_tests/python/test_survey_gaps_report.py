"""`survey gaps REPORT`: what dependents use that the drop-ins lack, and its allow-list.

The fixture corpus is scanned into a real report; `modernlike` reads the
private `X509._x509` and `tlsalike` calls flat m2 names the fixture catalog
lacks, so both must come out as gaps until allowed. CI also runs the command
on the committed report (survey/reports/report.json): it must print nothing.
"""
import json
import pathlib
import sys

import pytest

import tree_sitter_python  # noqa: F401  (required test dependency)

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "survey"))

from cryptoshim_survey import catalog, cli, dependents, download, gaps, match, report, scan  # noqa: E402

CORPUS = REPO / "survey" / "default_corpus" / "corpus.toml"
COMMITTED = REPO / "survey" / "reports" / "report.json"


@pytest.fixture(scope="module")
def report_path(tmp_path_factory):
    index = catalog.load_index()
    tmp = tmp_path_factory.mktemp("gaps")
    scans, matches, deps = [], [], list(dependents.from_corpus(CORPUS))
    for dep in deps:
        got = download.download_one(dep, tmp / "archives", base="unused")
        scans.append(scan.scan_package(got["archive"], dep, index))
        matches.append(match.match_scan(index, scans[-1]))
    doc = report.build_report(index.records, deps, [], scans, matches)
    path = tmp / "report.json"
    path.write_text(json.dumps(doc))
    return path


def test_private_attribute_and_unlisted_names_are_gaps_ranked_by_dependents(report_path):
    rows = gaps.find_gaps(json.loads(report_path.read_text()))
    by_name = {r["name"]: r for r in rows}
    assert by_name["OpenSSL.crypto.X509._x509"]["kind"] == "private"
    assert by_name["OpenSSL.crypto.X509._x509"]["dependents"] == 1
    assert [r["dependents"] for r in rows] == sorted((r["dependents"] for r in rows), reverse=True)


def test_allow_list_silences_reviewed_gaps_and_reports_stale_ones(report_path, tmp_path, capsys):
    names = [r["name"] for r in gaps.find_gaps(json.loads(report_path.read_text()))]
    assert cli.main(["gaps", str(report_path), "--allow", str(tmp_path / "none.toml")]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == len(names) and "OpenSSL.crypto.X509._x509" in printed[names.index("OpenSSL.crypto.X509._x509")]
    allow = tmp_path / "allow.toml"
    allow.write_text("".join(f'[[allow]]\nname = "{n}"\nreason = "fixture"\n' for n in names))
    assert cli.main(["gaps", str(report_path), "--allow", str(allow)]) == 0
    assert capsys.readouterr().out == ""
    allow.write_text(allow.read_text() + '[[allow]]\nname = "OpenSSL.SSL.gone"\nreason = "old"\n')
    assert cli.main(["gaps", str(report_path), "--allow", str(allow)]) == 1
    assert "stale allow-list entry (no such gap): OpenSSL.SSL.gone" in capsys.readouterr().out
    allow.write_text('[[allow]]\nname = "x"\nreason = " "\n')
    with pytest.raises(ValueError, match="reason"):
        gaps.load_allow(allow)


def test_committed_report_has_no_gap_outside_the_allow_list(capsys):
    assert cli.main(["gaps", str(COMMITTED)]) == 0
    assert capsys.readouterr().out == ""
