"""An attribute of a module that cannot be imported at the top (the two
modules import each other), fetched once instead of on every call.

An import statement inside a function runs the import machinery on every
call. On CPython 3.11, `from package.module import name` there costs about
1.2 us even when the module is long loaded: the import looks up the
module's `__path__`, and a plain module has none, so an AttributeError is
raised, formatted and dropped each time. That is more than many legacy
calls cost in all (a flat m2 call is 0.1 to 0.3 us).

    _pkey_holder = lazy_attr("M2Crypto._m2_pkey", "PKeyHolder")
    ...
    if isinstance(pkey, _pkey_holder()):
"""

from __future__ import annotations

import functools
import importlib
from typing import Any, Callable


def lazy_attr(module: str, name: str) -> Callable[[], Any]:
    """A function returning `module.name`, importing `module` on its first
    call (after every module involved has loaded) and remembering the
    result. Thread-safe: a race imports once and looks the name up twice."""

    @functools.cache
    def get() -> Any:
        return getattr(importlib.import_module(module), name)

    get.__qualname__ = get.__name__ = f"lazy_attr({module!r}, {name!r})"
    return get
