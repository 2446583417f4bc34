"""Shared helpers: core-error mapping onto each module's exception class."""
from __future__ import annotations

from typing import Callable, Type

from cryptoshim import _core
from cryptoshim.legacy import API_ATTRIBUTE
from cryptoshim.legacy import entry_point as _entry_point
from cryptoshim.legacy import legacy_class as _legacy_class

core = _core
m2c = _core.m2crypto


class OwnHandle:
    """The class attribute behind M2Crypto's handle fields (`bio`, `ctx`,
    `cipher`, `io`) on the drop-in's objects that are their own handle: read
    on an instance, it is the instance. M2Crypto keeps a SWIG pointer there.
    `self.bio = self` would make every such object a reference cycle, held
    with its buffer, its file and its OpenSSL state until the cyclic
    collector runs (never, under gc.disable()), where M2Crypto frees it with
    its last reference. A non-data descriptor, so an assignment to the
    instance (bio_free's `b.bio = None`) still takes over, as on M2Crypto.

    Thread contract: stateless; safe from any thread."""

    __slots__ = ()

    def __get__(self, obj, owner=None):
        return self if obj is None else obj

    def __repr__(self) -> str:
        return "<M2Crypto handle: the object itself>"


def message(exc: BaseException) -> str:
    """M2Crypto's text for a failure: the oldest OpenSSL reason, else the
    core's own message."""
    for _lib, _func, reason in getattr(exc, "errors", None) or []:
        if reason:
            return reason
    return str(exc)


def joined_message(exc: BaseException) -> str:
    """The text M2Crypto 0.51's RSA sign/verify errors carry: every OpenSSL
    reason in the queue, oldest first, joined by "; " ("invalid padding;
    padding check failed"), else the core's own message."""
    reasons = [reason for _lib, _func, reason in getattr(exc, "errors", None) or [] if reason]
    return "; ".join(reasons) if reasons else str(exc)


def swig_bytes(value) -> bytes:
    """A `PyObject *` argument SWIG reads with PyBytes_AsStringAndSize: bytes
    (or a subclass) only, with that function's TypeError."""
    if not isinstance(value, bytes):
        raise TypeError(f"expected bytes, {type(value).__name__} found")
    return value


def mapper(cls: Type[BaseException]) -> Callable[[BaseException], BaseException]:
    def make(exc: BaseException) -> BaseException:
        return cls(message(exc))
    return make


def entry(cls: Type[BaseException]):
    """entry_point bound to one module's exception class."""
    errors = mapper(cls)
    return lambda api_id: _entry_point(api_id, errors=errors)


def klass(cls: Type[BaseException]):
    errors = mapper(cls)
    return lambda api_id: _legacy_class(api_id, errors=errors)


def c_method(counted, call, method):
    """counted(call) standing for `method`: the C callable `call` does the
    method's common case and hands the rest to it, so the counted wrapper
    carries the method's names, doc and __wrapped__ (signature, api_id_of)."""
    wrapper = counted(call)
    for name in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(wrapper, name, getattr(method, name))
    wrapper.__wrapped__ = method
    return wrapper


def builtin_form(wrapper):
    """A flat m2 entry point as M2Crypto has it, a builtin function, when it
    can be one (LegacyFunction.builtin: a wrapped METH_O SWIG function or one
    of our call objects, while builtin slots last), else the wrapper itself.
    CPython specialises a call of a builtin (its C body called straight from
    the interpreter loop), not of the wrapper, and the generic call cost as
    much as the telemetry. The catalog id and __wrapped__ stay on the wrapper
    (cryptoshim.legacy.entry_point_of)."""
    return wrapper.builtin or wrapper


def handle_call(counted, attr: str, function, method, exact=None):
    """counted(method), where `counted` is an entry-point decorator, but with
    C doing the forwarding: the counted wrapper calls
    _core.m2crypto.HandleCall, which calls function(getattr(self, attr), *args)
    when the call has the method's positional arity and no keywords, each
    argument is of the exact type `exact` names at its position (a tuple, one
    per argument after self, None for any), and self.<attr> is not None; and
    the method itself otherwise (so conversions and errors read as before).
    For methods that only forward to their core object, whose Python frame
    cost more than the legacy library's whole call."""
    nargs = method.__code__.co_argcount
    return c_method(counted, m2c.HandleCall(attr, function, nargs, method, exact), method)


def handle_view(counted, attr: str, function, cls, field: str, constants, owner_field, method):
    """counted(method) for a method that returns a new `cls` wrapping
    function(self.<attr>) (`return X509_Name(self._cert.subject(), _pyfree=0)`),
    with C doing it: _core.m2crypto.HandleView makes the object without
    running cls.__init__, setting `field`, then the (name, value) pairs of
    `constants`, then `owner_field` = self, what that __init__ leaves. A call
    with arguments goes to the method itself."""
    view = m2c.HandleView(attr, function, cls, field, tuple(constants), owner_field, method)
    return c_method(counted, view, method)


def exception_api(api_id: str):
    """Binds an exception class to its catalog record. Exceptions are raised,
    not called, so nothing is counted; the record documents the mapping."""
    _core.api_index(api_id)  # an unknown id fails at import

    def decorate(cls):
        setattr(cls, API_ATTRIBUTE, api_id)
        return cls
    return decorate


def to_bytes(data, what: str = "data") -> bytes:
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"{what} must be bytes, not {type(data).__name__}")


def read_file(path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def native_free(api_id: str) -> staticmethod:
    """One of M2Crypto's class attributes that free the SWIG pointer
    (`m2_x509_free = m2.x509_free`). The core frees each native object with its
    last Python reference, so calling it does nothing; it is counted."""
    def free(*_pointer) -> None:
        return None

    free.__name__ = free.__qualname__ = api_id.rsplit(".", 1)[-1]
    return staticmethod(_entry_point(api_id)(free))
