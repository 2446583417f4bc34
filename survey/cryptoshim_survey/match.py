"""Map scan findings (dotted symbols) to catalog ids.

Exact path first. A longer path under a constant/function/attribute entry
(e.g. `OpenSSL.version.__version__.split`) matches that entry; under a class
it does not, because `X509.new_method` is more likely a catalog gap than a use
of the class itself, so it goes to the review list, except a name field of
X509Name / X509_Name (`subject.CN`, fields read off the real library), which
matches the class with `public` naming the field.
Imports of whole modules (`from M2Crypto import SMIME`) and star imports
(`OpenSSL.SSL.*`) are uses of that module: they go to `modules`, so a
dependent that only imports a module, or reaches it through receivers that
cannot be typed, still counts as depending on it.

Every matched row carries `public` (the name users write, from the catalog id:
`M2Crypto.SSL.Context.load_cert`) and `defined_in` (the defining path,
`M2Crypto.SSL.Context.Context.load_cert`).

An ambiguous finding (confidence "ambiguous", several candidate paths) yields
one matched row per candidate id, each carrying the full `candidates` id list,
so no candidate API is reported unused on the strength of a guess; the report
weighs such rows lowest and can tell "used only ambiguously" apart.
"""

from __future__ import annotations

from .catalog import CatalogIndex, public_name

VALUE_KINDS = {"constant", "function", "attribute"}


def match_symbol(index: CatalogIndex, symbol: str) -> tuple[str | None, str]:
    """Return (catalog id or None, status: matched|prefix|field|module|unmatched)."""
    record = index.by_path.get(symbol)
    if record:
        return record["id"], "matched"
    if symbol in index.modules or symbol.endswith(".*"):
        return None, "module"
    owner, _, leaf = symbol.rpartition(".")
    if leaf in index.fields.get(owner, ()):
        return index.by_path[owner]["id"], "field"
    if leaf == "__init__" and owner in index.classes:
        return index.by_path[owner]["id"], "constructor"  # Base.__init__(self, ...)
    parts = symbol.split(".")
    for i in range(len(parts) - 1, 1, -1):
        record = index.by_path.get(".".join(parts[:i]))
        if record:
            if record["kind"] in VALUE_KINDS:
                return record["id"], "prefix"
            break
    return None, "unmatched"


def public_of_unmatched(index: CatalogIndex, symbol: str) -> str:
    """`M2Crypto.SSL.Context.Context.x` -> `M2Crypto.SSL.Context.x` (its owner's public name)."""
    parts = symbol.split(".")
    for i in range(len(parts) - 1, 1, -1):
        record = index.by_path.get(".".join(parts[:i]))
        if record:
            return ".".join([public_name(record), *parts[i:]])
    return symbol


def match_scan(index: CatalogIndex, scan: dict) -> dict:
    """Annotate one scan result: {"matched": [...], "unmatched": [...], "modules": [...]}."""
    matched, unmatched, modules = [], [], []
    records = {r["id"]: r for r in index.records}

    def named(row, api_id, status):
        rec = records[api_id]
        public = public_name(rec) + (
            "." + row["symbol"].rpartition(".")[2] if status == "field" else ""
        )
        return dict(
            row,
            api=api_id,
            match=status,
            public=public,
            defined_in=f"{rec['module']}.{rec['name']}",
        )

    for finding in scan["findings"]:
        row = dict(finding, package=scan["package"], version=scan["package_version"])
        if finding.get("candidates"):
            ids = [(cand, *match_symbol(index, cand)) for cand in finding["candidates"]]
            found = [(cand, api_id, status) for cand, api_id, status in ids if api_id]
            if found:
                row["candidates"] = [api_id for _, api_id, _ in found]
                matched += [
                    named(dict(row, symbol=cand), api_id, status) for cand, api_id, status in found
                ]
                continue
        api_id, status = match_symbol(index, finding["symbol"])
        if api_id:
            matched.append(named(row, api_id, status))
        elif status == "module":
            modules.append(dict(row, module=finding["symbol"]))
        else:
            unmatched.append(dict(row, public=public_of_unmatched(index, finding["symbol"])))
    return {
        "package": scan["package"],
        "version": scan["package_version"],
        "matched": matched,
        "unmatched": unmatched,
        "modules": modules,
    }
