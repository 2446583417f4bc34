"""Find and load the legacy API catalog, and index it for the survey.

The catalog is the survey's only source of API names: legacy roots (`OpenSSL`,
`M2Crypto`), modules, classes, methods and distributions are all derived here,
so adding an M2Crypto catalog file needs no code change.

Lookup order for the TOML files: $CRYPTOSHIM_CATALOG_DIR, the repository's
legacy_api/catalog next to this source tree, then a copy packaged as data in
`cryptoshim_survey/catalog_data/`. The loader `load_catalog` is reused from
legacy_api/codegen/catalog_schema.py (or the packaged `catalog_data/catalog_schema.py`),
never re-implemented.
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
from dataclasses import dataclass, field

PACKAGE_DIR = pathlib.Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent.parent
DATA_DIR = PACKAGE_DIR / "catalog_data"


def catalog_dir() -> pathlib.Path:
    env = os.environ.get("CRYPTOSHIM_CATALOG_DIR")
    if env:
        return pathlib.Path(env)
    repo = REPO_ROOT / "legacy_api" / "catalog"
    if repo.is_dir():
        return repo
    return DATA_DIR


def _schema_module():
    for candidate in (
        REPO_ROOT / "legacy_api" / "codegen" / "catalog_schema.py",
        DATA_DIR / "catalog_schema.py",
    ):
        if candidate.is_file():
            spec = importlib.util.spec_from_file_location("_cryptoshim_catalog_schema", candidate)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    raise FileNotFoundError("catalog_schema.py not found in the repository or packaged data")


def catalog_paths(directory: pathlib.Path | None = None) -> list[pathlib.Path]:
    return sorted((directory or catalog_dir()).glob("*.toml"))


def load_records(paths: list[pathlib.Path] | None = None) -> list[dict]:
    return _schema_module().load_catalog(list(paths or catalog_paths()))


def _distribution(library: str) -> str:
    return library.lower().replace("_", "-").replace(".", "-")


@dataclass
class CatalogIndex:
    """Lookups over catalog records; picklable so scan workers can receive it."""

    records: list[dict]
    by_path: dict[str, dict] = field(default_factory=dict)
    modules: set[str] = field(default_factory=set)
    roots: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    distributions: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        for rec in self.records:
            module = rec["module"]
            self.by_path[f"{module}.{rec['name']}"] = rec
            self.modules.add(module)
            self.roots.add(module.split(".")[0])
            if rec["kind"] == "module":
                self.modules.add(f"{module}.{rec['name']}")
            if rec["kind"] == "class":
                self.classes.add(f"{module}.{rec['name']}")
            self.distributions[_distribution(rec["library"])] = rec["library"]
        parents = set()
        for module in self.modules:
            parts = module.split(".")
            parents.update(".".join(parts[:i]) for i in range(1, len(parts)))
        self.modules |= parents

    def root_of(self, dotted: str) -> str | None:
        head = dotted.split(".")[0]
        return head if head in self.roots else None

    def split_module(self, path: str) -> tuple[str, str]:
        """Longest known module prefix of a dotted path, and the rest."""
        parts = path.split(".")
        for i in range(len(parts), 0, -1):
            prefix = ".".join(parts[:i])
            if prefix in self.modules:
                return prefix, ".".join(parts[i:])
        return parts[0], ".".join(parts[1:])

    def top_level_names(self, module: str) -> set[str]:
        """Names a `from module import *` would bring in, per the catalog."""
        names = {rec["name"].split(".")[0] for rec in self.records if rec["module"] == module}
        names |= {
            m[len(module) + 1 :].split(".")[0] for m in self.modules if m.startswith(module + ".")
        }
        return {n for n in names if not n.startswith("_") or n.startswith("__")}

    def classes_with_member(self, scope: str, member: str) -> list[str]:
        """Catalog classes under `scope` (a module or root) that define `member`."""
        return sorted(
            c
            for c in self.classes
            if (c == scope or c.startswith(scope + ".")) and f"{c}.{member}" in self.by_path
        )

    def library_of(self, path: str) -> str | None:
        root = self.root_of(path)
        for rec in self.records:
            if rec["module"].split(".")[0] == root:
                return rec["library"]
        return None


def load_index(paths: list[pathlib.Path] | None = None) -> CatalogIndex:
    return CatalogIndex(load_records(paths))
