"""The catalog and the shims must agree both ways: every shimmed entry point
has a record, and every record that claims a shim points at a real one."""
import importlib
import inspect

import pytest

from cryptoshim import catalog
from cryptoshim.legacy import api_id_of

DROP_IN_MODULES = [
    "OpenSSL.crypto", "OpenSSL.rand", "OpenSSL.SSL", "OpenSSL.version",
    "M2Crypto.ASN1", "M2Crypto.AuthCookie", "M2Crypto.BIO", "M2Crypto.BN", "M2Crypto.DH", "M2Crypto.DSA",
    "M2Crypto.EC", "M2Crypto.EVP", "M2Crypto.Err", "M2Crypto.RC4", "M2Crypto.RSA",
    "M2Crypto.Rand", "M2Crypto.X509", "M2Crypto.util",
    "M2Crypto.SMIME", "M2Crypto.threading",
    "M2Crypto.SSL.Context", "M2Crypto.SSL.Connection", "M2Crypto.SSL.Checker", "M2Crypto.SSL.Cipher",
    "M2Crypto.SSL.Session", "M2Crypto.SSL.SSLServer", "M2Crypto.SSL.timeout", "M2Crypto.SSL.cb",
    "M2Crypto.httpslib", "M2Crypto.m2urllib2", "M2Crypto.m2xmlrpclib", "M2Crypto.ftpslib",
    "M2Crypto.Engine", "M2Crypto.Provider", "M2Crypto.SSL.ssl_dispatcher",
]


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
    assert api_id_of(obj) == record["id"]


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
                yield f"{modname}.{name}", obj, None
            elif inspect.isclass(obj) and obj.__module__ == modname:
                if issubclass(obj, BaseException):
                    continue  # exception classes are raised, not called
                yield f"{modname}.{name}", obj, None
                for attr, member in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if isinstance(member, (classmethod, staticmethod)):
                        member = member.__func__
                    if inspect.isfunction(member):
                        yield f"{modname}.{name}.{attr}", member, obj


@pytest.mark.parametrize("qualname,obj,owner", list(public_entry_points()),
                         ids=lambda x: x if isinstance(x, str) else "")
def test_every_public_entry_point_has_a_record(qualname, obj, owner):
    api_id = api_id_of(obj)
    assert api_id, f"{qualname} is public but not a counted entry point"
    record = catalog.by_id()[api_id]
    if f"{record['module']}.{record['name']}" == qualname:
        return
    # An alias (EVP.MessageDigest.digest = final) or an override in a
    # subclass (BIO.File.fileno) counts under the record of the method it
    # aliases or overrides, which must belong to this class or a base class.
    assert record["module"] == qualname.rsplit(".", 2 if owner else 1)[0], qualname
    if owner is not None:
        record_class = record["name"].split(".")[0]
        assert record_class in [c.__name__ for c in owner.__mro__], (qualname, api_id)
    else:
        module = importlib.import_module(record["module"])
        assert getattr(module, record["name"]) is obj, (qualname, api_id)
