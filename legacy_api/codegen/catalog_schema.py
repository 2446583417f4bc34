"""Loading and validating catalog records; shared by codegen and the survey.

A catalog file is TOML with a header and one [[api]] table per entry point:

    library = "pyOpenSSL"          # the upstream project
    versions = ["23.0.0", "26.4.0"]  # the releases whose surface is covered

    [[api]]
    id = "pyopenssl.crypto.X509.get_subject"   # stable, never reused
    module = "OpenSSL.crypto"
    name = "X509.get_subject"                  # qualified name in the module
    kind = "method"                            # function|class|method|constant|module|attribute
    deprecated = "26.3.0"                      # optional: upstream version
    removed = ""                               # optional: upstream version
    safety = "legacy"                          # safe|legacy|unsafe
    replacement = "cryptography.x509.Certificate.subject"
    unsafe_when = ""                           # optional: runtime condition
    shim = "provided"                          # provided|planned
    note = ""                                  # optional
"""
from __future__ import annotations

import pathlib

import tomllib

REQUIRED = ("id", "module", "name", "kind", "safety", "replacement")
KINDS = {"function", "class", "method", "constant", "module", "attribute"}
SAFETY = {"safe", "legacy", "unsafe"}
SHIM = {"provided", "planned"}
OPTIONAL = {"deprecated", "removed", "unsafe_when", "shim", "note", "since", "old_default"}


class CatalogError(ValueError):
    pass


def load_catalog(paths: list[pathlib.Path]) -> list[dict]:
    records: list[dict] = []
    seen: dict[str, pathlib.Path] = {}
    for path in sorted(paths):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        library = data.get("library")
        if not library:
            raise CatalogError(f"{path}: missing top-level 'library'")
        for i, rec in enumerate(data.get("api", [])):
            where = f"{path}: api[{i}]"
            for key in REQUIRED:
                if not rec.get(key):
                    raise CatalogError(f"{where}: missing '{key}'")
            unknown = set(rec) - set(REQUIRED) - OPTIONAL
            if unknown:
                raise CatalogError(f"{where}: unknown fields {sorted(unknown)}")
            if rec["kind"] not in KINDS:
                raise CatalogError(f"{where}: bad kind {rec['kind']!r}")
            if rec["safety"] not in SAFETY:
                raise CatalogError(f"{where}: bad safety {rec['safety']!r}")
            if rec.get("shim", "provided") not in SHIM:
                raise CatalogError(f"{where}: bad shim {rec['shim']!r}")
            if rec["id"] in seen:
                raise CatalogError(f"{where}: duplicate id {rec['id']} (also in {seen[rec['id']]})")
            seen[rec["id"]] = path
            records.append(dict(rec, library=library))
    return records
