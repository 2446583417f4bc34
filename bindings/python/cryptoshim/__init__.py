"""cryptoshim: a safe OpenSSL 3 core, drop-in legacy packages, and telemetry.

The modern API lives in the submodules (``cryptoshim.hashes`` ...). The drop-in
``OpenSSL`` and ``M2Crypto`` packages are thin shims over the same core; every
call into them is counted (``cryptoshim.telemetry``) and warns with
:class:`LegacyAPIWarning` naming the replacement.
"""

from __future__ import annotations

import os as _os

# Developer builds keep _core in the CMake build tree; CRYPTOSHIM_CORE_DIR
# points there so the package sources need not be copied.
if _os.environ.get("CRYPTOSHIM_CORE_DIR"):
    __path__.append(_os.environ["CRYPTOSHIM_CORE_DIR"])

from cryptoshim import policy as _policy
from cryptoshim import warning_mode as _warning_mode
from cryptoshim.exceptions import (
    InsecureLegacyWarning,
    InsecureOperationError,
    LegacyAPIWarning,
)

__version__ = "0.1.0"
__all__ = [
    "InsecureLegacyWarning",
    "InsecureOperationError",
    "LegacyAPIWarning",
    "__version__",
    "configure",
]


def configure(*, warnings: str | None = None) -> None:
    """Configure cryptoshim in-process. ``warnings`` is ``"default"``,
    ``"off"`` or ``"error"``, as ``CRYPTOSHIM_WARNINGS`` (which goes through
    here at import): see :mod:`cryptoshim.warning_mode`."""
    if warnings is not None:
        _warning_mode.set_mode(warnings)


_policy.install()
configure(warnings=_warning_mode.from_env())

# Reads CRYPTOSHIM_TELEMETRY and registers the at-exit export.
from cryptoshim import telemetry as _telemetry  # noqa: E402,F401
