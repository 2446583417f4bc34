"""Decorators that turn a drop-in function, method or class into a counted,
warning legacy entry point bound to its catalog record.

    from cryptoshim.legacy import entry_point
    @entry_point("pyopenssl.crypto.load_certificate", errors=_to_crypto_error)
    def load_certificate(type, buffer): ...

Looking the id up at decoration time makes a shim without a catalog record
fail at import, so the catalog can never fall behind the shims.
"""

from __future__ import annotations

import types
from typing import Any, Callable, Optional, TypeVar

from cryptoshim import _core

F = TypeVar("F", bound=Callable[..., Any])
ErrorFactory = Callable[[BaseException], BaseException]

API_ATTRIBUTE = "__cryptoshim_api__"


# The attributes functools.wraps copies, copied the same way (a builtin has
# no __dict__ to merge, a function may).
_WRAPPED = ("__module__", "__name__", "__qualname__", "__doc__")


def entry_point(api_id: str, *, errors: Optional[ErrorFactory] = None) -> Callable[[F], F]:
    """The wrapper is a _core.LegacyFunction (C, vectorcall): per call it
    counts at the caller's code object and instruction offset, warns, applies
    the policy, calls `fn`, and maps core errors with `errors` as
    ``raise errors(exc) from None`` would."""
    index = _core.api_index(api_id)

    def decorate(fn: F) -> F:
        wrapper = _core.LegacyFunction(index, fn, errors, _core.Error)
        attributes = wrapper.__dict__
        for name in _WRAPPED:
            try:
                attributes[name] = getattr(fn, name)
            except AttributeError:
                pass
        attributes.update(getattr(fn, "__dict__", {}))
        attributes["__wrapped__"] = fn
        attributes[API_ATTRIBUTE] = api_id
        return wrapper  # type: ignore[return-value]

    return decorate


def entry_point_of(obj: Any) -> Any:
    """The counted entry point behind `obj`: its wrapper when `obj` is the
    builtin form of one (_core.LegacyFunction.builtin, as M2Crypto.m2
    exposes its one-argument SWIG functions and m2.bio_*; a builtin takes no
    attributes, so the id and __wrapped__ are on the wrapper), else `obj`."""
    if isinstance(obj, types.BuiltinFunctionType):
        return _core.legacy_builtin_wrapper(obj) or obj
    return obj


def api_id_of(obj: Any) -> Optional[str]:
    """The catalog id of a counted entry point (or of its builtin form), or None."""
    return getattr(entry_point_of(obj), API_ATTRIBUTE, None)


def legacy_class(api_id: str, *, errors: Optional[ErrorFactory] = None):
    """Counts construction of a legacy class (its ``__init__``)."""

    def decorate(cls):
        init = cls.__dict__.get("__init__")
        if init is None:

            def init(self, *args, **kwargs):
                super(cls, self).__init__(*args, **kwargs)

        cls.__init__ = entry_point(api_id, errors=errors)(init)
        setattr(cls, API_ATTRIBUTE, api_id)
        return cls

    return decorate


def unsafe_operation(api_id: str, reason: str) -> None:
    """Report an insecure use of an entry point (a runtime condition such as an
    MD5 signature). Warns InsecureLegacyWarning, or raises under strict."""
    _core.unsafe_operation(_core.api_index(api_id), reason)


def core_call(fn: Callable[..., Any], *args, errors: ErrorFactory):
    """Call into the core from a helper that is not itself an entry point,
    mapping core errors with the package's factory."""
    try:
        return fn(*args)
    except _core.Error as exc:
        raise errors(exc) from None
