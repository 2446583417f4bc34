"""The catalog and the shims must agree both ways: every shimmed entry point
has a record, and every record that claims a shim points at a real one."""
import importlib
import inspect

import pytest

from cryptoshim import catalog
from cryptoshim.legacy import API_ATTRIBUTE

DROP_IN_MODULES = ["OpenSSL.crypto", "OpenSSL.rand", "OpenSSL.SSL", "OpenSSL.version"]


def resolve(module: str, qualname: str):
    obj = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def callable_records():
    return [r for r in catalog.records() if r["kind"] in ("function", "method", "class")]


@pytest.mark.parametrize("record", [r for r in callable_records() if r["shimmed"]],
                         ids=lambda r: r["id"])
def test_record_claiming_a_shim_points_at_a_counted_entry_point(record):
    obj = resolve(record["module"], record["name"])
    if inspect.isclass(obj) and issubclass(obj, BaseException):
        return  # exception classes are raised, not called: nothing to count
    assert getattr(obj, API_ATTRIBUTE, None) == record["id"]


@pytest.mark.parametrize("record", [r for r in catalog.records() if not r["shimmed"]],
                         ids=lambda r: r["id"])
def test_planned_records_are_really_missing(record):
    with pytest.raises(AttributeError):
        resolve(record["module"], record["name"])


def public_entry_points():
    for modname in DROP_IN_MODULES:
        module = importlib.import_module(modname)
        for name, obj in vars(module).items():
            if name.startswith("_") or inspect.ismodule(obj):
                continue
            if inspect.isfunction(obj) and obj.__module__ in DROP_IN_MODULES + ["typing"]:
                yield f"{modname}.{name}", obj
            elif inspect.isclass(obj) and obj.__module__ == modname:
                if issubclass(obj, BaseException):
                    continue  # exception classes are raised, not called
                yield f"{modname}.{name}", obj
                for attr, member in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if isinstance(member, (classmethod, staticmethod)):
                        member = member.__func__
                    if inspect.isfunction(member):
                        yield f"{modname}.{name}.{attr}", member


@pytest.mark.parametrize("qualname,obj", list(public_entry_points()), ids=lambda x: str(x))
def test_every_public_entry_point_has_a_record(qualname, obj):
    api_id = getattr(obj, API_ATTRIBUTE, None)
    assert api_id, f"{qualname} is public but not a counted entry point"
    record = catalog.by_id()[api_id]
    assert f"{record['module']}.{record['name']}" == qualname


def test_records_are_complete():
    for r in catalog.records():
        assert r["safety"] in ("safe", "legacy", "unsafe")
        assert r["replacement"].strip()
        assert r["kind"] in ("function", "class", "method", "constant", "module", "attribute")
