"""Classify dependent files and detect copies of the legacy libraries.

File classes weigh findings differently in the report: a test- or example-only
use of an API is weaker evidence than library code. Vendored legacy copies and
unrelated top-level packages that happen to be named like a legacy root (e.g.
a project's own `OpenSSL/` package) are excluded: the shim cannot serve them
and they would otherwise count the library's own source as "use".
A module counts as a legacy copy when it defines at least COPY_THRESHOLD of the
catalog's top-level names of the matching legacy module (catalog-derived; no
fingerprints kept here).
"""

from __future__ import annotations

import re

from . import ir
from .catalog import CatalogIndex

TEST_DIRS = {"test", "tests", "testing", "unittests", "test_suite"}
EXAMPLE_DIRS = {
    "example",
    "examples",
    "demo",
    "demos",
    "sample",
    "samples",
    "docs",
    "doc",
    "contrib",
    "tutorial",
    "tutorials",
}
VENDOR_DIRS = {
    "vendor",
    "_vendor",
    "vendored",
    "third_party",
    "thirdparty",
    "extern",
    "externals",
    "_vendored",
}
TEST_FILE = re.compile(r"^(test_.*|.*_test|.*_tests|conftest)\.py$")
COPY_THRESHOLD = 0.3
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def file_class(path: str) -> str:
    parts = path.split("/")
    dirs = {p.lower() for p in parts[:-1]}
    if dirs & VENDOR_DIRS:
        return "vendored"
    if dirs & TEST_DIRS or TEST_FILE.match(parts[-1]):
        return "test"
    if dirs & EXAMPLE_DIRS:
        return "example"
    return "library"


def module_name(path: str, script: bool) -> tuple[str, bool]:
    """Importable dotted name and is-package flag; odd paths get a unique pseudo name."""
    parts = path.split("/")
    if parts[0] in ("src", "lib") and len(parts) > 1:
        parts = parts[1:]
    if not script and parts[-1].endswith(".py"):
        stem = parts[-1][:-3]
        dotted = parts[:-1] + ([] if stem == "__init__" else [stem])
        if dotted and all(IDENT.match(p) for p in dotted):
            return ".".join(dotted), stem == "__init__"
    return "<file>/" + path, False


def defined_names(tree: ir.Module) -> set[str]:
    names = set()
    for stmt in tree.body:
        if isinstance(stmt, ir.Def):
            names.add(stmt.name)
        elif isinstance(stmt, ir.Assign):
            names.update(t.id for t in stmt.targets if isinstance(t, ir.Name))
    return names


def legacy_copies(modules: dict, index: CatalogIndex) -> dict[str, str]:
    """Map excluded package prefix -> reason ("vendored-copy" or "unrelated-shadow").

    `modules` maps module name -> ir.Module.
    """
    excluded: dict[str, str] = {}
    for name, tree in modules.items():
        parts = name.split(".")
        for i, part in enumerate(parts):
            if part not in index.roots:
                continue
            legacy_module = ".".join(parts[i:])
            expected = (
                index.top_level_names(legacy_module, imported=False)
                if legacy_module in index.modules
                else set()
            )
            have = defined_names(tree)
            if expected and len(expected & have) >= max(2, COPY_THRESHOLD * len(expected)):
                excluded[".".join(parts[: i + 1])] = "vendored-copy"
    for name in modules:
        root = name.split(".")[0]
        if root in index.roots and root not in excluded:
            excluded[root] = "unrelated-shadow"
    return excluded


def excluded_by(module: str, excluded: dict[str, str]) -> str | None:
    for prefix, reason in excluded.items():
        if module == prefix or module.startswith(prefix + "."):
            return reason
    return None
