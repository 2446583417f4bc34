"""Argument-count and keyword errors of every flat m2 function, run through
whichever M2Crypto this interpreter imports: prints one JSON object
{"name: case": "ExceptionClass: first line of the message" or "ok"}.

Cases: no arguments, nine arguments (more than any m2 function takes) and
an unknown keyword. A function whose own check comes first (a refused
feature) reports that; the test lists those with why."""
import json
import warnings

warnings.simplefilter("ignore")
from M2Crypto import m2  # noqa: E402

CASES = (("none", (), {}), ("nine", (None,) * 9, {}), ("keyword", (), {"zz": 1}))


def outcome(function, args, kwargs) -> str:
    try:
        function(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001  (the outcome is the exception)
        first = str(exc).splitlines()[0] if str(exc) else ""
        return f"{type(exc).__name__}: {first}"
    return "ok"


results = {}
for name, value in sorted(vars(m2).items()):
    if name.startswith("_") or not callable(value) or isinstance(value, type):
        continue
    for case, args, kwargs in CASES:
        results[f"{name}: {case}"] = outcome(value, args, kwargs)
print(json.dumps(results))
