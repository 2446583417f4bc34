"""Map scan findings (dotted symbols) to catalog ids.

Exact path first. A longer path under a constant/function/attribute entry
(e.g. `OpenSSL.version.__version__.split`) matches that entry; under a class
it does not, because `X509.new_method` is more likely a catalog gap than a use
of the class itself, so it goes to the review list. Imports of whole modules
are neither matched nor unmatched: they are not APIs of their own unless the
catalog lists them with kind "module".

An ambiguous finding (confidence "ambiguous", several candidate paths) yields
one matched row per candidate id, each carrying the full `candidates` id list,
so no candidate API is reported unused on the strength of a guess; the report
weighs such rows lowest and can tell "used only ambiguously" apart.
"""

from __future__ import annotations

from .catalog import CatalogIndex

VALUE_KINDS = {"constant", "function", "attribute"}


def match_symbol(index: CatalogIndex, symbol: str) -> tuple[str | None, str]:
    """Return (catalog id or None, status: matched|prefix|module|unmatched)."""
    record = index.by_path.get(symbol)
    if record:
        return record["id"], "matched"
    if symbol in index.modules:
        return None, "module"
    parts = symbol.split(".")
    for i in range(len(parts) - 1, 1, -1):
        record = index.by_path.get(".".join(parts[:i]))
        if record:
            if record["kind"] in VALUE_KINDS:
                return record["id"], "prefix"
            break
    return None, "unmatched"


def match_scan(index: CatalogIndex, scan: dict) -> dict:
    """Annotate one scan result; returns {"matched": [...], "unmatched": [...]}."""
    matched, unmatched = [], []
    for finding in scan["findings"]:
        row = dict(finding, package=scan["package"], version=scan["package_version"])
        if finding.get("candidates"):
            ids = [(cand, *match_symbol(index, cand)) for cand in finding["candidates"]]
            found = [(cand, api_id, status) for cand, api_id, status in ids if api_id]
            if found:
                row["candidates"] = [api_id for _, api_id, _ in found]
                matched += [
                    dict(row, symbol=cand, api=api_id, match=status)
                    for cand, api_id, status in found
                ]
                continue
        api_id, status = match_symbol(index, finding["symbol"])
        if api_id:
            matched.append(dict(row, api=api_id, match=status))
        elif status == "unmatched":
            unmatched.append(row)
    return {
        "package": scan["package"],
        "version": scan["package_version"],
        "matched": matched,
        "unmatched": unmatched,
    }
