#!/usr/bin/env python3
"""Read five facts per legacy library off the REAL library and write them as JSON.

Run once per library with the interpreter that has the real library installed:

    /work/main/build/venv-real-pyopenssl/bin/python survey/tools/gen_upstream_facts.py pyOpenSSL
    /work/main/bench/_work/venv-real-m2crypto/bin/python survey/tools/gen_upstream_facts.py M2Crypto

Each run replaces its library's part of survey/cryptoshim_survey/upstream_facts.json.
Facts (the catalog says which APIs exist; these say how the library's own
namespaces connect them, which only the real objects know):
- aliases: a public path that is the same object as a catalog path defined
  elsewhere (`OpenSSL.SSL.FILETYPE_PEM` is `OpenSSL.crypto.FILETYPE_PEM`;
  `M2Crypto.SSL.Context` is the class `M2Crypto.SSL.Context.Context`;
  `M2Crypto.SSL.m2` is the flat `M2Crypto.m2` namespace). Found by identity
  (classes, functions, modules) or by name+value for constants.
- returns: catalog callable -> catalog class it returns, from the real
  signature's return annotation (M2Crypto >= 0.40 and pyOpenSSL >= 22 are annotated).
- fields: attribute names an X509Name / X509_Name accepts (`name.CN`), checked
  by setting each candidate on a real instance.
- inherited: catalog class -> public attributes it has only through bases
  outside the library (the stdlib's `http.client.HTTPConnection.endheaders` on
  M2Crypto's `httpslib.HTTPSConnection`), read off the real class's MRO.
- callbacks: setter -> which argument is the callback and the types its
  parameters receive (`Context.set_verify(mode, cb)` calls `cb(conn, x509, ...)`).
  The types come from the pyOpenSSL documentation (CALLBACKS below); an entry is
  kept only if the real setter exists with a `callback` parameter there.
Only the standard library is used; the catalog is read with its own loader.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pathlib
import sys
import typing

REPO = pathlib.Path(__file__).resolve().parents[2]
OUT = REPO / "survey" / "cryptoshim_survey" / "upstream_facts.json"
sys.path.insert(0, str(REPO / "legacy_api" / "codegen"))

from catalog_schema import load_catalog  # noqa: E402

# M2Crypto modules do `from M2Crypto import _m2crypto as m2`, and M2Crypto/m2.py
# star-imports _m2crypto: the catalog files the flat names under M2Crypto.m2.
MODULE_NAMES = {"M2Crypto._m2crypto": "M2Crypto.m2"}
# pyOpenSSL docs (https://www.pyopenssl.org/en/stable/api/ssl.html), Context.set_*:
# what the library passes to the callback, positionally.
CALLBACKS = {
    "OpenSSL.SSL.Context.set_verify": ["OpenSSL.SSL.Connection", "OpenSSL.crypto.X509"],
    "OpenSSL.SSL.Context.set_tlsext_servername_callback": ["OpenSSL.SSL.Connection"],
    "OpenSSL.SSL.Context.set_alpn_select_callback": ["OpenSSL.SSL.Connection"],
    "OpenSSL.SSL.Context.set_npn_select_callback": ["OpenSSL.SSL.Connection"],
    "OpenSSL.SSL.Context.set_npn_advertise_callback": ["OpenSSL.SSL.Connection"],
    "OpenSSL.SSL.Context.set_info_callback": ["OpenSSL.SSL.Connection"],
    "OpenSSL.SSL.Context.set_keylog_callback": ["OpenSSL.SSL.Connection"],
    "OpenSSL.SSL.Context.set_ocsp_server_callback": ["OpenSSL.SSL.Connection"],
    "OpenSSL.SSL.Context.set_ocsp_client_callback": ["OpenSSL.SSL.Connection"],
    "OpenSSL.SSL.Context.set_cookie_generate_callback": ["OpenSSL.SSL.Connection"],
    "OpenSSL.SSL.Context.set_cookie_verify_callback": ["OpenSSL.SSL.Connection"],
}
# pyOpenSSL 23.0's SSL module has no return annotations; these return types are
# from its documentation (":return: ..."), and the two marked probe are also
# checked by calling the real method on a fresh object.
DOC_RETURNS = {
    "OpenSSL.SSL.Context.get_cert_store": ("OpenSSL.crypto.X509Store", "probe"),
    "OpenSSL.SSL.Connection.get_context": ("OpenSSL.SSL.Context", "probe"),
    "OpenSSL.SSL.Connection.get_certificate": ("OpenSSL.crypto.X509", "docs"),
    "OpenSSL.SSL.Connection.get_peer_certificate": ("OpenSSL.crypto.X509", "docs"),
    "OpenSSL.SSL.Connection.get_session": ("OpenSSL.SSL.Session", "docs"),
}
NAME_FIELDS = [
    "C",
    "countryName",
    "ST",
    "SP",
    "stateOrProvinceName",
    "L",
    "localityName",
    "O",
    "organizationName",
    "OU",
    "organizationalUnitName",
    "organizationUnitName",
    "CN",
    "commonName",
    "Email",
    "emailAddress",
    "serialNumber",
    "SN",
    "surname",
    "GN",
    "givenName",
    "title",
    "initials",
    "pseudonym",
    "generationQualifier",
    "dnQualifier",
    "UID",
    "userId",
    "DC",
    "domainComponent",
    "street",
    "postalCode",
    "businessCategory",
    "name",
    "description",
    "x500UniqueIdentifier",
]


def _resolve(path: str):
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(path)


def _defining_path(obj, paths: set[str], modules: set[str]) -> str | None:
    if inspect.ismodule(obj):
        name = MODULE_NAMES.get(obj.__name__, obj.__name__)
        return name if name in modules else None
    module, qual = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    if isinstance(module, str) and isinstance(qual, str):
        path = f"{MODULE_NAMES.get(module, module)}.{qual}"
        return path if path in paths else None
    return None


def facts(library: str) -> dict:
    records = [
        r
        for r in load_catalog(sorted((REPO / "legacy_api" / "catalog").glob("*.toml")))
        if r["library"] == library
    ]
    paths = {f"{r['module']}.{r['name']}" for r in records}
    modules = {r["module"] for r in records}
    modules |= {".".join(m.split(".")[:i]) for m in modules for i in range(1, m.count(".") + 1)}
    objects = {}
    for path in sorted(paths):
        try:
            objects[path] = _resolve(path)
        except Exception:
            pass
    by_name: dict[str, list[str]] = {}
    for path in objects:
        by_name.setdefault(path.rsplit(".", 1)[1], []).append(path)
    aliases = {}
    for module_name in sorted(modules):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for attr in dir(module):
            if attr.startswith("_"):
                continue
            public = f"{module_name}.{attr}"
            if public in paths:
                continue
            obj = getattr(module, attr)
            if inspect.ismodule(obj) and obj.__name__ == public:
                continue  # the submodule itself
            target = _defining_path(obj, paths, modules)
            if target is None and not callable(obj) and not inspect.ismodule(obj):
                same = [
                    p
                    for p in by_name.get(attr, ())
                    if objects[p] is obj or (type(objects[p]) is type(obj) and objects[p] == obj)
                ]
                target = same[0] if len(same) == 1 else None
            if target and target != public:
                aliases[public] = target
    returns = {}
    classes = {f"{r['module']}.{r['name']}" for r in records if r["kind"] == "class"}
    for path, obj in objects.items():
        if not callable(obj) or inspect.isclass(obj):
            continue
        try:
            hint = typing.get_type_hints(obj).get("return")
        except Exception:
            continue
        args = (
            [a for a in typing.get_args(hint) if a is not type(None)]
            if typing.get_args(hint)
            else [hint]
        )
        targets = {_defining_path(a, classes, modules) for a in args if inspect.isclass(a)}
        if len(targets) == 1 and None not in targets and len(args) == 1:
            returns[path] = targets.pop()
    for path, (target, how) in DOC_RETURNS.items():
        if path in objects and target in classes and path not in returns:
            if how == "probe" and not isinstance(_probe(path), objects[target]):
                raise SystemExit(f"{path} does not return {target}")
            returns[path] = target
    fields = {}
    for cls_path in sorted(classes):
        if cls_path.rsplit(".", 1)[1] not in ("X509Name", "X509_Name"):
            continue
        cls = objects[cls_path]
        try:
            instance = _new_name(cls)
        except Exception as exc:
            print(f"# {cls_path}: no instance ({exc})", file=sys.stderr)
            continue
        nid = getattr(cls, "nid", None)  # M2Crypto: unknown names become plain attributes
        ok = []
        for field in NAME_FIELDS:
            if isinstance(nid, dict) and field not in nid:
                continue
            try:
                setattr(instance, field, "US" if field in ("C", "countryName") else "x")
            except Exception:
                continue
            ok.append(field)
        fields[cls_path] = ok
    callbacks = {}
    for setter, params in CALLBACKS.items():
        obj = objects.get(setter)
        if obj is None or not all(p in classes for p in params):
            continue
        names = list(inspect.signature(obj).parameters)[1:]  # without self
        if "callback" in names:
            callbacks[setter] = {"arg": names.index("callback"), "params": params}
    inherited = {}
    root = library_root(records)
    for cls_path in sorted(classes):
        names = _inherited_from_elsewhere(objects.get(cls_path), root)
        if names:
            inherited[cls_path] = names
    return {
        "aliases": dict(sorted(aliases.items())),
        "returns": dict(sorted(returns.items())),
        "fields": fields,
        "callbacks": callbacks,
        "inherited": inherited,
    }


def library_root(records: list[dict]) -> str:
    return records[0]["module"].split(".")[0]


def _inherited_from_elsewhere(cls, root: str) -> list[str]:
    """Public attributes a library class gets only from bases outside the
    library (M2Crypto's httpslib.HTTPSConnection.endheaders is http.client's):
    using them is not a use of the library's API."""
    if not inspect.isclass(cls):
        return []
    own = set()
    for base in cls.__mro__:
        if (getattr(base, "__module__", "") or "").split(".")[0] == root:
            own |= set(vars(base))
    return sorted(n for n in dir(cls) if not n.startswith("_") and n not in own)


def _probe(path: str):
    from OpenSSL import SSL

    ctx = SSL.Context(SSL.TLS_METHOD)
    owner = ctx if ".Context." in path else SSL.Connection(ctx, None)
    return getattr(owner, path.rsplit(".", 1)[1])()


def _new_name(cls):
    try:
        return cls()  # M2Crypto X509_Name()
    except TypeError:
        from OpenSSL import crypto  # pyOpenSSL: X509Name needs a name to copy

        return cls(crypto.X509().get_subject())


def main() -> int:
    library = sys.argv[1]
    doc = json.loads(OUT.read_text()) if OUT.exists() else {}
    version = importlib.import_module({"pyOpenSSL": "OpenSSL", "M2Crypto": "M2Crypto"}[library])
    doc[library] = {"version": getattr(version, "__version__", ""), **facts(library)}
    doc = {
        "comment": "Generated by survey/tools/gen_upstream_facts.py from the real libraries; "
        "do not edit by hand.",
        **{k: v for k, v in sorted(doc.items()) if k != "comment"},
    }
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    part = doc[library]
    print(
        f"{library} {part['version']}: {len(part['aliases'])} aliases, "
        f"{len(part['returns'])} returns, fields of {list(part['fields'])}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
