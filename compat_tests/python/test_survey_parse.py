"""Parser backends and resolution details not tied to one fixture package."""
import json
import pathlib
import sys

import pytest

# Named explicitly: the CLI's default is found beside the package it was imported
# from, and an earlier test may have imported the installed one.
CORPUS = str(pathlib.Path(__file__).resolve().parents[2] / "survey" / "default_corpus" / "corpus.toml")

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "survey"))

from cryptoshim_survey import catalog, parse, parse_ast  # noqa: E402
from cryptoshim_survey.resolve import ModuleResolver, Project  # noqa: E402

INDEX = catalog.load_index()

PY2 = b'''import sys
from OpenSSL import crypto
try:
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, open(sys.argv[1]).read())
except crypto.Error, e:
    print >>sys.stderr, "bad certificate", e
print "expired:", cert.has_expired()
exec "pass"
'''

PY3 = b'''from OpenSSL import crypto as c
from OpenSSL.crypto import *

def f(pem):
    key = c.PKey()
    key.generate_key(TYPE_RSA, 2048)
    return getattr(c, "dump_privatekey")(FILETYPE_PEM, key)
'''


def symbols(source: bytes, tree=None):
    tree = tree or parse.parse_source(source)
    resolver = ModuleResolver(INDEX, Project(modules={}, shadowed_roots=set()), "m", False, record=True)
    resolver.run(tree)
    return sorted((f["line"], f["symbol"], f["kind"]) for f in resolver.findings)


def test_tree_sitter_is_the_backend_here():
    import tree_sitter_python  # noqa: F401  (required test dependency)
    assert parse.available_backend() == "tree-sitter"


def test_without_tree_sitter_nothing_falls_back_silently(monkeypatch):
    monkeypatch.setattr(parse, "_PARSER", None)
    assert parse.available_backend() == "ast"
    with pytest.raises(parse.ParserUnavailable, match=r"cryptoshim\[survey\].*--parser ast"):
        parse.parse_source(PY3)
    assert parse.parse_source(PY3, "ast").parser == "ast"
    assert parse.parse_source(PY2, "ast").parser == "unparsed"


def test_cli_stops_with_a_clear_message_unless_parser_ast(monkeypatch, tmp_path, capsys):
    from cryptoshim_survey import cli
    monkeypatch.setattr(parse, "_PARSER", None)
    work = str(tmp_path / "w")
    assert cli.main(["--work", work, "--no-progress", "--log-level", "error", "run", "--corpus", CORPUS]) == 2
    err = capsys.readouterr().err
    assert "pip install 'cryptoshim[survey]'" in err and "--parser ast" in err
    assert not (tmp_path / "w").exists()  # stopped before any stage ran
    assert cli.main(["--work", work, "--no-progress", "--log-level", "error", "--parser", "ast", "run", "--corpus", CORPUS]) == 0
    report = json.loads((tmp_path / "w" / "report.json").read_text())
    assert {c["parser_backend"] for c in report["corpus"]} == {"ast"}
    assert any(f["parser"] == "unparsed" for c in report["corpus"] for f in c["files"])  # tlsalike's Python 2


def test_python2_source_resolves():
    import tree_sitter_python  # noqa: F401  (required test dependency)
    assert symbols(PY2) == [
        (2, "OpenSSL.crypto", "import"),
        (4, "OpenSSL.crypto.FILETYPE_PEM", "reference"),
        (4, "OpenSSL.crypto.load_certificate", "call"),
        (5, "OpenSSL.crypto.Error", "reference"),
        (7, "OpenSSL.crypto.X509.has_expired", "call"),
    ]


def test_ast_fallback_agrees_on_python3_and_reports_python2_as_unparsed():
    assert symbols(PY3) == symbols(PY3, parse_ast.parse_source(PY3))
    assert (7, "OpenSSL.crypto.dump_privatekey", "call") in symbols(PY3)
    assert (6, "OpenSSL.crypto.PKey.generate_key", "call") in symbols(PY3)
    broken = parse_ast.parse_source(PY2)
    assert broken.parser == "unparsed" and broken.errors == 1


def test_tree_sitter_tolerates_a_broken_line():
    import tree_sitter_python  # noqa: F401  (required test dependency)
    source = b"from OpenSSL import crypto\nx = = 1\ncrypto.load_certificate(1, b'')\n"
    tree = parse.parse_source(source)
    assert tree.errors >= 1
    assert (3, "OpenSSL.crypto.load_certificate", "call") in symbols(source, tree)


def test_local_reassignment_and_shadowed_getattr():
    source = b'''from OpenSSL import crypto
def getattr(a, b):
    return None
getattr(crypto, "sign")
crypto = None
crypto.verify
'''
    assert symbols(source) == [(1, "OpenSSL.crypto", "import")]


def test_loop_variable_is_an_alternative_binding():
    """A loop may not run, so `crypto` may still be the module: reported, flagged as fallback."""
    source = b'''from OpenSSL import crypto
for crypto in []:
    crypto.verify
'''
    for tree in (parse.parse_source(source), parse_ast.parse_source(source)):
        resolver = ModuleResolver(INDEX, Project(modules={}, shadowed_roots=set()), "m", False, record=True)
        resolver.run(tree)
        found = [f for f in resolver.findings if f["symbol"] == "OpenSSL.crypto.verify"]
        assert [(f["line"], f["fallback"]) for f in found] == [(3, True)]


def test_union_annotation_is_counted_once():
    source = b'''from OpenSSL import crypto
def f(cert: Union[crypto.X509, crypto.X509Req], req: crypto.X509Req):
    return req.get_subject()
'''
    assert symbols(source) == [
        (1, "OpenSSL.crypto", "import"),
        (2, "OpenSSL.crypto.X509", "reference"),
        (2, "OpenSSL.crypto.X509Req", "reference"),
        (2, "OpenSSL.crypto.X509Req", "reference"),
        (3, "OpenSSL.crypto.X509Req.get_subject", "call"),
    ]


def test_alias_in_one_module_counts_where_another_module_uses_it():
    from cryptoshim_survey.resolve import ModuleResolver, Project
    compat = parse.parse_source(b"from OpenSSL import crypto\nPEM = crypto.FILETYPE_PEM\n")
    user = parse.parse_source(b"from .compat import PEM\nprint(PEM)\n")
    project = Project(modules={"pkg": True, "pkg.compat": False, "pkg.user": False}, shadowed_roots=set())
    project.exports["pkg.compat"] = ModuleResolver(INDEX, project, "pkg.compat", False, False).run(compat)
    resolver = ModuleResolver(INDEX, project, "pkg.user", False, record=True)
    resolver.run(user)
    assert [(f["line"], f["symbol"], f["kind"]) for f in resolver.findings] == [
        (1, "OpenSSL.crypto.FILETYPE_PEM", "import"), (2, "OpenSSL.crypto.FILETYPE_PEM", "reference")]


def test_survey_extra_lists_what_the_survey_imports():
    import importlib.util
    import tomllib

    from packaging.requirements import Requirement

    pyproject = tomllib.loads((pathlib.Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    names = {Requirement(r).name for r in pyproject["project"]["optional-dependencies"]["survey"]}
    assert names == {"tree-sitter", "tree-sitter-python", "jsonschema", "packaging", "tqdm", "dask"}
    extras = {e for r in pyproject["project"]["optional-dependencies"]["survey"] for e in Requirement(r).extras}
    assert extras == {"distributed"}
    for module in ("tree_sitter", "tree_sitter_python", "jsonschema", "packaging", "tqdm", "dask", "distributed"):
        assert importlib.util.find_spec(module), module


def test_run_without_a_source_outside_the_source_tree_says_what_to_pass(
    monkeypatch, tmp_path, capsys
):
    from cryptoshim_survey import cli

    monkeypatch.setattr(cli, "DEFAULT_CORPUS", tmp_path / "absent" / "corpus.toml")
    work = str(tmp_path / "w")
    assert cli.main(["--work", work, "--no-progress", "--log-level", "error", "run"]) == 2
    err = capsys.readouterr().err
    assert "--corpus FILE" in err and "absent" in err
    assert not (tmp_path / "w").exists()
