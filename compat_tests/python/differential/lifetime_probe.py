"""What the *_lifetime_cases.py scripts share: run each case with the cyclic
garbage collector off and say whether its object went with its last
reference ("freed") or waits for a collection, a reference cycle ("kept").
Imported by the case scripts, which both the real library's interpreter and
the drop-in's run (the script's folder is on their sys.path), and by the
tests that run them (`outcomes`)."""
import gc
import json
import subprocess
import weakref
from typing import Callable, Dict, Optional


def outcome(make: Callable[[], object]) -> str:
    """"freed", "kept", or the exception `make` raised."""
    try:
        obj = make()
    except Exception as exc:  # a case the library refuses is reported, not fatal
        return f"{type(exc).__name__}: {exc}"
    ref = weakref.ref(obj)
    del obj
    return "freed" if ref() is None else "kept"


def main(cases: Dict[str, Callable[[], object]]) -> None:
    """Prints {case: outcome} as JSON, every case run with the collector off."""
    gc.collect()
    gc.disable()
    print(json.dumps({name: outcome(make) for name, make in cases.items()}, sort_keys=True))


def outcomes(python: str, script, scratch, env: Optional[dict] = None) -> dict:
    """{case: outcome} from `script` run by `python` on the fixtures in `scratch`."""
    out = subprocess.run([python, str(script), str(scratch)], capture_output=True, text=True,
                         env=env, check=True)
    return json.loads(out.stdout)
