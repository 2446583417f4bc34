"""Drop-in replacement for M2Crypto, on cryptoshim's safe core.

Every public entry point is a thin shim: it counts the call, warns with
cryptoshim.LegacyAPIWarning naming the modern replacement, and delegates to
the C++ core. See legacy_api/catalog/m2crypto.toml for the records. As in
M2Crypto >= 0.40, importing the package does not import the submodules.
"""
from cryptoshim import dropin as _dropin
from cryptoshim import policy as _policy
from cryptoshim.distributions import M2CRYPTO as _M2CRYPTO

# Refuse to run as a mix of two libraries' files (see cryptoshim.dropin).
__cryptoshim_dropin__ = _dropin.check(__name__, __path__[0])
_policy.register_package(__path__[0])

# The public part of this distribution's version (0.51.0+cryptoshim.N).
__version__ = _M2CRYPTO.upstream_version
version = __version__
version_info = tuple(int(part) for part in __version__.split("."))
