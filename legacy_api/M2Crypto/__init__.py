"""Drop-in replacement for M2Crypto, on cryptoshim's safe core.

Every public entry point is a thin shim: it counts the call, warns with
cryptoshim.LegacyAPIWarning naming the modern replacement, and delegates to
the C++ core. See legacy_api/catalog/m2crypto.toml for the records. As in
M2Crypto >= 0.40, importing the package does not import the submodules.
"""
import os as _os

from cryptoshim import policy as _policy

_policy.register_package(__path__[0])

# Developer builds keep the SWIG extension _m2 in the CMake build tree, next
# to _core (CRYPTOSHIM_CORE_DIR=<build>/python/cryptoshim).
if _os.environ.get("CRYPTOSHIM_CORE_DIR"):
    __path__.append(  # noqa: F821
        _os.path.join(_os.path.dirname(_os.environ["CRYPTOSHIM_CORE_DIR"].rstrip(_os.sep)), "M2Crypto"))

__version__ = "0.51.0"
version = __version__
version_info = (0, 51, 0)
