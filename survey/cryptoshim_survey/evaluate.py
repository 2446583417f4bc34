"""Precision and recall of scan+match against a golden list of expected findings.

A finding is identified by (package, path, line, catalog id) when matched and
(package, path, line, symbol) when unmatched. Attribute checks (confidence,
optional, private, fallback) are reported separately so a wrong flag on a
right site is visible without hiding the site-level numbers.
"""

from __future__ import annotations

MATCHED_KEY = ("package", "path", "line", "api")
UNMATCHED_KEY = ("package", "path", "line", "symbol")
MATCHED_FLAGS = ("kind", "confidence", "optional")
UNMATCHED_FLAGS = ("private", "fallback")


def _index(rows, key):
    return {tuple(r[k] for k in key): r for r in rows}


def _pr(expected: dict, actual: dict) -> dict:
    tp = len(expected.keys() & actual.keys())
    return {
        "expected": len(expected),
        "found": len(actual),
        "true_positives": tp,
        "precision": tp / len(actual) if actual else 1.0,
        "recall": tp / len(expected) if expected else 1.0,
        "missing": sorted(expected.keys() - actual.keys()),
        "unexpected": sorted(actual.keys() - expected.keys()),
    }


def _flag_errors(expected: dict, actual: dict, flags) -> list:
    errors = []
    for key in expected.keys() & actual.keys():
        for flag in flags:
            if expected[key].get(flag) != actual[key].get(flag):
                errors.append(
                    {
                        "finding": key,
                        "flag": flag,
                        "expected": expected[key].get(flag),
                        "found": actual[key].get(flag),
                    }
                )
    return errors


def evaluate(golden: dict, matches: list[dict]) -> dict:
    packages = {m["package"] for m in matches}
    exp_m = _index([r for r in golden["matched"] if r["package"] in packages], MATCHED_KEY)
    exp_u = _index([r for r in golden["unmatched"] if r["package"] in packages], UNMATCHED_KEY)
    act_m = _index([f for m in matches for f in m["matched"]], MATCHED_KEY)
    act_u = _index([f for m in matches for f in m["unmatched"]], UNMATCHED_KEY)
    return {
        "matched": _pr(exp_m, act_m),
        "unmatched": _pr(exp_u, act_u),
        "flag_errors": _flag_errors(exp_m, act_m, MATCHED_FLAGS)
        + _flag_errors(exp_u, act_u, UNMATCHED_FLAGS),
    }


def summary_line(result: dict) -> str:
    m, u = result["matched"], result["unmatched"]
    return (
        f"survey fixtures: matched precision {m['precision']:.3f} recall {m['recall']:.3f} "
        f"({m['true_positives']}/{m['expected']} expected, {m['found']} found); "
        f"unmatched precision {u['precision']:.3f} recall {u['recall']:.3f}; "
        f"flag errors {len(result['flag_errors'])}"
    )
