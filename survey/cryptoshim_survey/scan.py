"""Scan one downloaded package: a pure function from archive to findings.

Pure (no shared state, result depends only on the archive and the catalog) so
it can run in a process pool or on Dask workers unchanged.

Memory stays bounded by what can matter: a file is parsed only if its text
names a legacy root (`OpenSSL`, `M2Crypto`, from the catalog), its module path
contains one (possible vendored copy), or it names a module of the dependent
that re-exports legacy values (found by iterating until nothing new appears).
Other files are kept as bytes until that is known, then dropped.
Re-exports are resolved incrementally (fixpoint.py): a module re-runs only
when a module it read changed; then one last pass records the findings.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import re

from . import archive, classify, parse
from .catalog import CatalogIndex
from .fixpoint import ExportSolver, legacy_exporters
from .resolve import Project

FORMAT = "cryptoshim-survey-scan"


def _sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@functools.lru_cache(maxsize=8)
def _roots_pattern(roots: frozenset) -> re.Pattern | None:
    return _words(roots)


def _words(names) -> re.Pattern | None:
    names = sorted({n for n in names if n and not n.startswith("<")})
    if not names:
        return None
    return re.compile(rb"\b(" + b"|".join(re.escape(n.encode()) for n in names) + rb")\b")


_RELATIVE = re.compile(rb"from\s+\.+\s+import")


class _ImportOf:
    """Text forms of an import of module a.b.c (see _Package.pull_importers).

    Split so that each regex starts with a literal (`from`, `import`) and sre's
    prefix scan skips to it, instead of trying four alternatives at every byte.
    """

    def __init__(self, name: str):
        *parent, last = name.split(".")
        self.name, self.leaf = name.encode(), last.encode()
        leaf = re.escape(last)
        parents = [re.escape(".".join(parent))] if parent else []
        self.named = re.compile(rb"\b" + re.escape(self.name) + rb"\b")
        # `from .c`, `from ..c`, and `c` in the import list of `from a.b import`
        # or of a relative `from . import`
        self.from_ = re.compile(
            (
                r"from\s+(?:\.+" + leaf + r"\b|(?:" + "|".join([*parents, r"\.+[\w.]*"]) + r")"
                r"\s+import\s+(?:\([^)]*?|[^\n]*?)\b" + leaf + r"\b)"
            ).encode()
        )
        # Python 2 implicit relative `import c` / `from c import`, at a line's start
        self.line = re.compile(rb"(?:import|from)[ \t]+" + re.escape(self.leaf) + rb"\b")

    def search(self, text: bytes) -> bool:
        if self.name in text and self.named.search(text):
            return True
        if self.from_.search(text):
            return True
        for match in self.line.finditer(text):
            start = text.rfind(b"\n", 0, match.start()) + 1
            if not text[start : match.start()].strip(b" \t"):
                return True
        return False


class _Package:
    """Files of one package: metadata for all, parse trees for the relevant ones."""

    def __init__(self, index: CatalogIndex, backend: str = "tree-sitter"):
        self.index, self.backend = index, backend
        self.files: dict[str, dict] = {}
        self.skipped: list[dict] = []
        self.trees: dict = {}
        self.pending: dict[str, bytes] = {}
        # Legacy roots, plus the names of other libraries' classes that hold
        # legacy objects (bridge_facts.json): `PyOpenSSLContext(p)._ctx.use_certificate`
        # uses pyOpenSSL in a file that need not name it.
        words = frozenset(index.roots) | index.bridges.class_names()
        self.legacy_words = _roots_pattern(words)
        self.root_bytes = [r.encode() for r in sorted(words)]

    def add(self, item: archive.SourceFile):
        module, is_pkg = classify.module_name(item.path, item.script)
        self.files[module] = {
            "path": item.path,
            "sha256": item.sha256,
            "script": item.script,
            "module": module,
            "is_package": is_pkg,
            "parser": "not-needed",
            "parse_errors": 0,
            "class": classify.file_class(item.path),
        }
        # Byte-level prefilter: a plain substring test (memchr-speed) first; the
        # word-boundary regex only runs on the few files that name a root.
        named = any(root in item.data for root in self.root_bytes)
        words = self.legacy_words
        if (named and words is not None and words.search(item.data)) or set(
            module.split(".")
        ) & self.index.roots:
            self.parse(module, item.data)
        else:
            # Kept as bytes until the import-pull rounds are over (one package's
            # sources: salt's 43 MB). Compressing them and indexing their
            # identifiers up front cost 5 s of salt's scan for nothing: one
            # regex pass per round finds the few files that can matter.
            self.pending[module] = item.data

    def parse(self, module: str, data: bytes):
        try:
            tree = parse.parse_source(data, self.backend)
        except RecursionError:
            self.files[module].update(parser="too-deep", parse_errors=1)
            return
        self.files[module].update(parser=tree.parser, parse_errors=tree.errors)
        self.trees[module] = tree

    def pull_importers(self, exporters: set[str]) -> bool:
        """Parse pending files that may import an exporting module; True if any were.

        A text pre-filter, necessary but not sufficient, for an import of module
        a.b.c: `a.b.c` itself, `from .c` / `from ..c`, `c` in the import list of
        `from a.b import` or of a relative `from . import`, or a Python 2
        implicit relative `import c` / `from c import`. (Matching any dotted
        part made a package's root name, present in nearly every file, pull in
        the whole package.) A relative `from . import x` of a package's own
        __init__ names no module, so files inside an exporting package with a
        `from . import` / `from .. import` are pulled too.
        """
        if not exporters:
            return False
        packages = tuple(
            name + "." for name in exporters if self.files.get(name, {}).get("is_package")
        )
        by_leaf: dict[bytes, list[_ImportOf]] = {}
        for name in exporters:
            test = _ImportOf(name)
            by_leaf.setdefault(test.leaf, []).append(test)
        found = []
        for m, text in self.pending.items():
            in_package = packages and m.startswith(packages) and b"import" in text
            # Every form names the leaf: a substring test (memmem) rules out
            # almost every file before a regex runs (the regexes over all of
            # salt's pending text were a third of its scan).
            leaves = by_leaf if in_package else [leaf for leaf in by_leaf if leaf in text]
            if any(t.search(text) for leaf in leaves for t in by_leaf[leaf]) or (
                in_package and _RELATIVE.search(text)
            ):
                found.append(m)
        for module in found:
            self.parse(module, self.pending.pop(module))
        return bool(found)


def scan_package(archive_path: str, meta: dict, index: CatalogIndex) -> dict:
    """`meta`: name, version, and optionally parser ("tree-sitter" or "ast")."""
    backend = meta.get("parser", "tree-sitter")
    parse.check_backend(backend)
    pkg = _Package(index, backend)
    for item in archive.iter_sources(archive_path):
        if isinstance(item, archive.Skipped):
            pkg.skipped.append({"path": item.path, "reason": item.reason})
        else:
            pkg.add(item)
    excluded = classify.legacy_copies(pkg.trees, index)
    for f in pkg.files.values():
        reason = classify.excluded_by(f["module"], excluded)
        if reason:
            f["class"], f["excluded"] = "vendored", reason
    project = Project(
        modules={m: f["is_package"] for m, f in pkg.files.items()},
        shadowed_roots={p for p in excluded if "." not in p},
        vendored={p: p.rsplit(".", 1)[-1] for p, r in excluded.items() if r == "vendored-copy"},
    )
    solver, new = ExportSolver(index, project, pkg.files), set(pkg.trees)
    pulled_for: set[str] = set()
    while True:
        active = {m: t for m, t in pkg.trees.items() if not classify.excluded_by(m, excluded)}
        exports = solver.solve(active, new)
        exporters = legacy_exporters(project, exports) - pulled_for
        pulled_for |= exporters
        before = set(pkg.trees)
        if not exporters or not pkg.pull_importers(exporters):
            break
        new = set(pkg.trees) - before
    pkg.pending.clear()
    findings = [
        {"path": pkg.files[m]["path"], "file_class": pkg.files[m]["class"], **finding}
        for m in active
        for finding in solver.findings.get(m, ())
    ]
    findings.sort(key=lambda f: (f["path"], f["line"], f["symbol"], f["kind"]))
    return {
        "format": FORMAT,
        "version": 1,
        "package": meta["name"],
        "package_version": meta.get("version", ""),
        "archive": archive_path.rsplit("/", 1)[-1],
        "archive_sha256": _sha256_file(archive_path),
        "scanned_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "parser_backend": backend,
        "files": sorted(pkg.files.values(), key=lambda f: f["path"]),
        "skipped": pkg.skipped,
        "excluded": [{"package": p, "reason": r} for p, r in sorted(excluded.items())],
        "findings": findings,
    }
