"""Drop-in replacement for M2Crypto, on cryptoshim's safe core.

Every public entry point is a thin shim: it counts the call, warns with
cryptoshim.LegacyAPIWarning naming the modern replacement, and delegates to
the C++ core. See legacy_api/catalog/m2crypto.toml for the records. As in
M2Crypto >= 0.40, importing the package does not import the submodules.
"""
from cryptoshim import dropin as _dropin
from cryptoshim import policy as _policy

# Refuse to run as a mix of two libraries' files (see cryptoshim.dropin).
__cryptoshim_dropin__ = _dropin.check(__name__, __path__[0])
_policy.register_package(__path__[0])

from M2Crypto import _release  # noqa: E402  (the release answered as: _release.py)

__version__ = _release.VERSION
version = __version__
version_info = _release.RELEASE

# M2Crypto.encrypt / M2Crypto.decrypt: the cipher direction flags (EVP.Cipher's op).
encrypt = 1
decrypt = 0

try:  # what 0.51.0 parses its version with (None without `packaging`)
    from packaging.version import Version as VersionCtor
except ImportError:
    VersionCtor = None  # type: ignore[assignment, misc]  # packaging is optional

# M2Crypto up to 0.39 imported every submodule on `import M2Crypto`, and
# programs written then still do `import M2Crypto; M2Crypto.X509.load_cert(...)`.
# Import a submodule on first attribute access instead (PEP 562), so both
# styles work without importing everything up front (as 0.40+ does not).
_SUBMODULES = frozenset({
    "ASN1", "AuthCookie", "BIO", "BN", "DH", "DSA", "EC", "EVP", "Engine", "Err", "Provider",
    "RC4", "RSA", "Rand", "SMIME", "SSL", "X509", "ftpslib", "httpslib", "m2", "m2urllib",
    "m2urllib2", "m2xmlrpclib", "six", "threading", "types", "util",
})


def __getattr__(name):
    if name in _SUBMODULES or name == "urllib2":
        import importlib

        # 0.38.0: `urllib2 = m2urllib` (sic).
        module = importlib.import_module(f"{__name__}.{'m2urllib' if name == 'urllib2' else name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
