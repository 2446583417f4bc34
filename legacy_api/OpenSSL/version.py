"""pyOpenSSL's metadata names. __version__ reports the pyOpenSSL release whose
API this shim follows, since applications branch on it: the public part of the
distribution's version (26.4.0+cryptoshim.N, cryptoshim.distributions)."""
from cryptoshim.distributions import PYOPENSSL as _PYOPENSSL

__all__ = [
    "__author__",
    "__copyright__",
    "__email__",
    "__license__",
    "__summary__",
    "__title__",
    "__uri__",
    "__version__",
]

__version__ = _PYOPENSSL.upstream_version
__title__ = "pyOpenSSL"
__uri__ = "https://pyopenssl.org/"
__summary__ = "Python wrapper module around the OpenSSL library (cryptoshim drop-in)"
__author__ = "The pyOpenSSL developers; drop-in by cryptoshim"
__email__ = "cryptography-dev@python.org"
__license__ = "Apache License, Version 2.0"
__copyright__ = f"Copyright 2001-2023 {__author__}"
