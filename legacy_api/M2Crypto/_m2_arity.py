"""SWIG's argument-count errors for the flat m2 functions written in Python.

M2Crypto's m2 functions are SWIG's (-builtin): a zero- or one-parameter
function is a METH_NOARGS / METH_O builtin, whose errors CPython words with
the module name; any other is METH_VARARGS, checked by
SWIG_Python_UnpackTuple. Programs and their tests see these messages, so the
drop-in's Python functions raise the same ones. _core.LegacyFunction asks
for one when a TypeError without a traceback left the call (binding the
arguments fails before the function's frame exists)."""
from __future__ import annotations

import functools
import inspect
from typing import Any, Optional

from cryptoshim.legacy import entry_point_of

_MODULE = "M2Crypto._m2crypto"
_STAR = inspect.CO_VARARGS | inspect.CO_VARKEYWORDS


def swig_arity_error(
    entry_point: Any, given: int, keywords: int, *, name: str
) -> Optional[TypeError]:
    """The TypeError SWIG's wrapper of m2.`name` raises for `given`
    positional and `keywords` keyword arguments, or None when the counts fit
    the signature (the TypeError was about something else) or the function
    takes *args (it words its own overload errors)."""
    code = entry_point.__wrapped__.__code__
    if code.co_flags & _STAR:
        return None
    maximum = code.co_argcount
    minimum = maximum - len(entry_point.__wrapped__.__defaults__ or ())
    if not keywords and minimum <= given <= maximum:
        return None
    builtin = maximum == 0 or minimum == maximum == 1  # METH_NOARGS / METH_O
    if keywords:
        prefix = f"{_MODULE}." if builtin else ""
        return TypeError(f"{prefix}{name}() takes no keyword arguments")
    if maximum == 0:
        return TypeError(f"{_MODULE}.{name}() takes no arguments ({given} given)")
    if builtin:
        return TypeError(f"{_MODULE}.{name}() takes exactly one argument ({given} given)")
    if given < minimum:
        qualifier, count = ("" if minimum == maximum else "at least "), minimum
    else:
        qualifier, count = ("" if minimum == maximum else "at most "), maximum
    return TypeError(f"{name} expected {qualifier}{count} arguments, got {given}")


def install(namespace: dict) -> None:
    """Gives every counted flat function written in Python (an m2 entry
    point whose __wrapped__ is a Python function, or the builtin form of
    one) SWIG's argument errors."""
    for name, value in namespace.items():
        value = entry_point_of(value)
        python = inspect.isfunction(getattr(value, "__wrapped__", None))
        if python and hasattr(value, "__swig_arity__"):
            value.__swig_arity__ = functools.partial(swig_arity_error, name=name)
