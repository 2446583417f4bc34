"""Drop-in replacement for pyOpenSSL, on cryptoshim's safe core.

Every public entry point is a thin shim: it counts the call, warns with
cryptoshim.LegacyAPIWarning naming the modern replacement, and delegates to
the C++ core. See legacy_api/catalog/pyopenssl.toml for the records.
"""
from cryptoshim import dropin as _dropin
from cryptoshim import policy as _policy

# Refuse to run as a mix of two libraries' files (see cryptoshim.dropin).
__cryptoshim_dropin__ = _dropin.check(__name__, __path__[0])
_policy.register_package(__path__[0])

from OpenSSL import crypto  # noqa: E402
from OpenSSL.version import (  # noqa: E402
    __author__,
    __copyright__,
    __email__,
    __license__,
    __summary__,
    __title__,
    __uri__,
    __version__,
)

try:  # OpenSSL.SSL grows with the TLS work; import what exists.
    from OpenSSL import SSL
except ImportError:  # pragma: no cover
    pass

__all__ = [
    "SSL",
    "crypto",
    "__author__",
    "__copyright__",
    "__email__",
    "__license__",
    "__summary__",
    "__title__",
    "__uri__",
    "__version__",
]
