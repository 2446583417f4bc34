"""How cryptoshim's own warnings come out: ``CRYPTOSHIM_WARNINGS`` or
``cryptoshim.configure(warnings=...)``, both through :func:`set_mode`.

``default``  warnings.warn, under the program's warning filters (as before);
``off``      never warn; telemetry still counts every call;
``error``    raise the warning class as an exception at the call, whatever
             the filters say.

Only cryptoshim's warnings (LegacyAPIWarning, InsecureLegacyWarning and the
notes it adds itself) follow the mode. Warnings the real libraries emit
(pyOpenSSL's str-for-bytes DeprecationWarning, M2Crypto's TLSv1_method ...)
stay as they are, so a program's filters treat them as the real library's.
Refusals under ``CRYPTOSHIM_POLICY=strict`` are exceptions, not warnings: no
mode turns them off.
"""

from __future__ import annotations

import os
import warnings

from cryptoshim import _core

MODES = ("default", "off", "error")
ENV = "CRYPTOSHIM_WARNINGS"


def parse(value: object, source: str) -> str:
    """The mode named by `value`; ValueError naming `source` otherwise."""
    if isinstance(value, str) and value.strip().lower() in MODES:
        return value.strip().lower()
    raise ValueError(f"{source} must be one of {', '.join(MODES)}, not {value!r}")


def from_env() -> str:
    value = os.environ.get(ENV, "")
    return parse(value, ENV) if value.strip() else "default"


def set_mode(mode: str) -> None:
    _core.set_warning_mode(MODES.index(parse(mode, "warnings")))


def current() -> str:
    return MODES[_core.warning_mode()]


def warn(message: str, category: type[Warning], stacklevel: int = 2) -> None:
    """warnings.warn for a warning of cryptoshim's own, following the mode.
    `stacklevel` counts as warnings.warn's does, from the caller of warn()."""
    mode = current()
    if mode == "off":
        return
    if mode == "error":
        raise category(message)
    warnings.warn(message, category, stacklevel=stacklevel + 1)
