"""Runs twisted.trial with named tests deselected; executed inside a test venv.

Trial has no --deselect: before trial loads the modules, this imports them and
marks each deselected test method (module.Class.method) with trial's `skip`
attribute, whose reason starts with DESELECTED so the runner can tell these
from the suite's own skips. Usage:
    python trial_deselect.py DESELECT_JSON -- <trial arguments>
"""
import importlib
import json
import sys

DESELECTED = "DESELECTED: "


def mark(deselect: dict) -> None:
    for test_id, reason in deselect.items():
        module_name, class_name, method_name = test_id.rsplit(".", 2)
        cls = getattr(importlib.import_module(module_name), class_name)
        # A plain function attribute: trial reads `skip` from the method first.
        getattr(cls, method_name).skip = DESELECTED + reason


def main() -> None:
    deselect_path, sep, *trial_args = sys.argv[1:]
    assert sep == "--", "usage: trial_deselect.py DESELECT_JSON -- <trial args>"
    with open(deselect_path) as f:
        mark(json.load(f))
    from twisted.scripts.trial import run

    sys.argv = ["trial", *trial_args]
    run()


if __name__ == "__main__":
    main()
