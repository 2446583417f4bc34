"""Rule coverage of the most used legacy APIs in a survey report.

``python -m cryptoshim migrate --coverage [REPORT.json]`` reads a survey
report (``survey/reports/report.json``: its ``apis`` ranked by dependents,
then call sites, as the report itself ranks them) or the tests' pinned
``survey_top_apis.json`` (``{"top": {library: [...]}}``), takes the N most
used APIs per library and puts each in one bucket:

- ``rule``: a rule rewrites it (rules.covered_ids());
- ``manual``: manual, with the reason: a constant goes with the
  call that takes it, an exception class changes with the calls it guards
  (the rules' exception maps), any other class is referenced (isinstance,
  annotations, a constructor that starts a builder sequence) and goes when
  its objects' loaders and methods are migrated; an attribute (a raw handle
  such as ``X509.x509``, a field table, a setting read back) goes with the
  object it belongs to;
  A function or method is manual too when rules.WHY_NO_RULE says why no
  mechanical rewrite keeps its behaviour (TLS has no cryptography API, an
  M2Crypto object without a bridge, OpenSSL's own hash or text output...);
- ``missing``: a function or method without a rule and without such a reason.
"""

from __future__ import annotations

import json
import pathlib
from dataclasses import asdict, dataclass

from . import rules as R

RULE, MANUAL, MISSING = "rule", "manual", "missing"
LIBRARIES = ("pyOpenSSL", "M2Crypto")
EXCEPTION_SUFFIXES = ("Error", "Exception", "Warning")
DEFAULT_REPORT = pathlib.Path("survey") / "reports" / "report.json"


@dataclass
class Entry:
    rank: int
    id: str
    kind: str  # the catalog kind: function | method | class | constant | attribute
    dependents: int
    call_sites: int
    bucket: str  # rule | manual | missing
    why: str  # the manual reason, or a missing API's known blocker


def top_apis(document: dict, n: int = 40) -> dict[str, list[dict]]:
    """The n most used APIs per library from a report or a pinned top list."""
    if "top" in document:
        return {lib: list(rows)[:n] for lib, rows in document["top"].items()}
    out: dict[str, list[dict]] = {}
    for lib in LIBRARIES:
        used = [a for a in document["apis"] if a["library"] == lib and a["call_sites"] > 0]
        used.sort(key=lambda a: (-a["dependents"], -a["call_sites"], a["id"]))
        out[lib] = used[:n]
    return out


def classify(api: dict) -> tuple[str, str]:
    api_id, kind = api["id"], api["kind"]
    if api_id in R.covered_ids():
        return RULE, R.RULES[api_id].summary if api_id in R.RULES else "a migrated object's method"
    name = api_id.rsplit(".", 1)[-1]
    if kind == "constant":
        return MANUAL, "a constant: it goes with the load/dump/sign call that takes it"
    if kind == "class" and name.endswith(EXCEPTION_SUFFIXES):
        return MANUAL, (
            "an exception class: it changes with the calls it guards "
            "(each rule's exception map; a rule is refused inside a handler for it)"
        )
    if kind == "class":
        return MANUAL, (
            "a class referenced (isinstance, annotations, a constructor starting a "
            "builder sequence): it goes when its objects' loaders and methods are migrated"
        )
    if kind == "attribute":
        return MANUAL, (
            "an attribute (a raw handle, a field table, a setting read back): "
            "it goes when the object it belongs to is migrated"
        )
    why = R.why_no_rule(api_id)
    return (MANUAL, why) if why else (MISSING, "")


def measure(document: dict, n: int = 40) -> dict[str, list[Entry]]:
    result: dict[str, list[Entry]] = {}
    for lib, rows in top_apis(document, n).items():
        entries = []
        for i, api in enumerate(rows, 1):
            bucket, why = classify(api)
            entries.append(
                Entry(i, api["id"], api["kind"], api["dependents"], api["call_sites"], bucket, why)
            )
        result[lib] = entries
    return result


def counts(entries: list[Entry]) -> dict[str, int]:
    return {b: sum(e.bucket == b for e in entries) for b in (RULE, MANUAL, MISSING)}


def load(path: pathlib.Path) -> dict:
    return json.loads(pathlib.Path(path).read_text(encoding="utf-8"))


def to_text(result: dict[str, list[Entry]], source: str) -> str:
    lines = [f"rule coverage of the most used legacy APIs in {source}", ""]
    for lib, entries in result.items():
        c = counts(entries)
        n = len(entries)
        lines.append(
            f"{lib}: top {n}: {c[RULE]}/{n} with a rule, {c[MANUAL]}/{n} manual (with the reason), "
            f"{c[MISSING]}/{n} missing"
        )
        for e in entries:
            note = f"  - {e.why}" if e.why and e.bucket != RULE else ""
            lines.append(
                f"  {e.rank:>2}. {e.bucket:<7} {e.id} ({e.kind}, {e.dependents} dependents, "
                f"{e.call_sites} sites){note}"
            )
        lines.append("")
    return "\n".join(lines)


def to_json(result: dict[str, list[Entry]], source: str) -> str:
    return json.dumps(
        {
            "source": source,
            "summary": {lib: counts(entries) for lib, entries in result.items()},
            "apis": {lib: [asdict(e) for e in entries] for lib, entries in result.items()},
        },
        indent=1,
    )
