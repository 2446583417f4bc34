"""The migrate rules and the catalog, checked both ways: every rule is keyed by
a catalog id of the right kind, and every catalog entry that names a rule
(a migrated object's methods) exists; every rule's exception map names real
exception classes."""

from __future__ import annotations

import builtins
import pathlib

import pytest

from cryptoshim.migrate import rules as R
from cryptoshim.migrate.sites import load_index

KINDS = {
    "call": {"function"},
    "loader": {"function"},
    "method": {"method"},
    "chain": {"method"},
    "object": {"class"},
    "init": {"method"},
    "builder": {"method"},
}


@pytest.fixture(scope="module")
def records():
    return {r["id"]: r for r in load_index().records}


def test_every_rule_is_a_catalog_id_of_its_kind(records):
    for api, rule in R.RULES.items():
        assert api in records, api
        assert records[api]["kind"] in KINDS[rule.kind], (api, records[api]["kind"], rule.kind)
        if rule.receiver:
            module, name = records[api]["module"], records[api]["name"]
            assert f"{module}.{name}".rsplit(".", 1)[0] == rule.receiver


def test_object_methods_are_catalog_methods_of_their_class(records):
    for method, owner in R.OBJECT_METHODS.items():
        assert method in records, method
        assert owner in R.RULES and R.RULES[owner].kind == "object"
        assert method.rsplit(".", 1)[0] == owner
        assert method.rsplit(".", 1)[1] in R.RULES[owner].methods


def test_init_rules_name_their_constructor(records):
    for rule in R.RULES.values():
        if rule.kind == "init":
            assert records[rule.constructor]["kind"] == "class", rule.api
            assert rule.api.rsplit(".", 1)[0] == rule.constructor and rule.from_bridge


def test_builder_steps_are_the_catalog_setters_of_their_class(records):
    """Both ways: every step of a builder rule is a catalog method of the class
    that starts it, and every catalog setter of that class is a step."""
    for rule in R.RULES.values():
        if rule.kind != "builder":
            continue
        assert records[rule.constructor]["kind"] == "class", rule.api
        assert rule.api.rsplit(".", 1)[0] == rule.constructor and rule.from_bridge
        steps = {f"{rule.constructor}.{m}" for m in rule.methods}
        for step in steps:
            assert records[step]["kind"] == "method", step
        setters = {
            api for api, r in records.items()
            if api.rsplit(".", 1)[0] == rule.constructor and r["kind"] == "method"
            and api.rsplit(".", 1)[1].startswith(("set_", "gmtime_adj_"))
        }
        assert setters == steps, setters ^ steps


def test_chain_methods_follow_chain_rules(records):
    for method, owners in R.CHAIN_METHODS.items():
        assert method in records, method
        for owner in owners:
            assert R.RULES[owner].kind == "chain", owner


def test_covered_catalog_entries_all_have_a_rule(records):
    """The other way: a catalog class whose constructor has an object rule has
    a rule entry for each of its catalog methods the rule translates."""
    for api, rule in R.RULES.items():
        if rule.kind != "object":
            continue
        for method in rule.methods:
            if f"{api}.{method}" in records:
                assert f"{api}.{method}" in R.OBJECT_METHODS


def test_exception_maps_name_real_classes():
    for rule in R.RULES.values():
        for old, news in rule.exceptions.items():
            # "A|B": the legacy class becomes one of these, by input (the plan says which)
            for new in news.split("|"):
                assert "." in new or isinstance(getattr(builtins, new, None), type), (rule.api, new)
            assert "." in old or isinstance(getattr(builtins, old, None), type), (rule.api, old)


def test_rules_target_safe_replacements(records):
    """A rule never rewrites into a weaker digest than the call asked for: the
    digest table maps names to the same algorithm."""
    for name, cls in R.DIGESTS.items():
        assert name.replace("sha", "SHA").replace("md5", "MD5") == cls


def test_most_used_apis_have_a_rule_or_a_reason(records):
    """Coverage: the 40 most used APIs per library in the survey's real-dependents
    run (migrate_fixtures/survey_top_apis.json, from report.json) each have a
    rule, or WHY_NO_RULE says why none can be mechanical."""
    import json
    import pathlib

    data = json.loads(
        (pathlib.Path(__file__).parent / "migrate_fixtures" / "survey_top_apis.json").read_text()
    )
    for library, top in data["top"].items():
        assert len(top) == 40, library
        for api in top:
            assert api["id"] in records, api
            assert api["id"] in R.covered_ids() or R.why_no_rule(api["id"]), api["id"]
    for key in R.WHY_NO_RULE:
        assert any(r == key or r.startswith(key) for r in records), key


REPORT = pathlib.Path(__file__).resolve().parents[2] / "survey" / "reports" / "report.json"


def test_coverage_command_on_the_committed_survey_report():
    """`migrate --coverage` over the committed survey report: 40 APIs per
    library, each in exactly one bucket; a rule bucket only for ids a rule
    covers; manual for constants, classes and attributes, or for calls WHY_NO_RULE
    gives a reason for; missing for calls without either; the printed counts
    agree with the JSON rows."""
    import json
    import subprocess
    import sys

    from cryptoshim.migrate import coverage

    cmd = [sys.executable, "-m", "cryptoshim", "migrate", "--coverage", str(REPORT)]
    out = subprocess.run(cmd + ["--format", "json"], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    report = json.loads(REPORT.read_text())
    for library in ("pyOpenSSL", "M2Crypto"):
        rows = data["apis"][library]
        assert len(rows) == 40
        used = sorted(
            (a for a in report["apis"] if a["library"] == library and a["call_sites"] > 0),
            key=lambda a: (-a["dependents"], -a["call_sites"], a["id"]),
        )
        assert [r["id"] for r in rows] == [a["id"] for a in used[:40]]
        for r in rows:
            assert (r["bucket"] == "rule") == (r["id"] in R.covered_ids()), r
            if r["bucket"] == "manual":
                # by nature (constants, classes, attributes), or a call whose reason
                # no rewrite keeps its behaviour is WHY_NO_RULE's
                assert r["why"], r
                if r["kind"] not in ("constant", "class", "attribute"):
                    assert r["why"] == R.why_no_rule(r["id"]), r
            if r["bucket"] == "missing":
                assert r["kind"] in ("function", "method") and not R.why_no_rule(r["id"]), r
        summary = data["summary"][library]
        assert sum(summary.values()) == 40
        assert summary["rule"] == sum(r["bucket"] == "rule" for r in rows)
    text = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    for library, c in data["summary"].items():
        assert (
            f"{library}: top 40: {c['rule']}/40 with a rule, {c['manual']}/40 manual (with the reason), "
            f"{c['missing']}/40 missing"
        ) in text
    assert coverage.counts([]) == {"rule": 0, "manual": 0, "missing": 0}


def test_coverage_without_a_report_exits_2(tmp_path):
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "cryptoshim", "migrate", "--coverage", str(tmp_path / "none.json")],
        capture_output=True, text=True,
    )
    assert out.returncode == 2 and "no survey report" in out.stderr
