"""pyOpenSSL's metadata names. __version__ reports the pyOpenSSL release whose
API this shim follows, since applications branch on it."""
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

__version__ = "23.0.0"
__title__ = "pyOpenSSL"
__uri__ = "https://pyopenssl.org/"
__summary__ = "Python wrapper module around the OpenSSL library (cryptoshim drop-in)"
__author__ = "The pyOpenSSL developers; drop-in by cryptoshim"
__email__ = "cryptography-dev@python.org"
__license__ = "Apache License, Version 2.0"
__copyright__ = "Copyright 2001-2023 {0}".format(__author__)
