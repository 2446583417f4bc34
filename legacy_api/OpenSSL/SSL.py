"""OpenSSL.SSL, so far only its version information (OpenSSL_version and
the SSLEAY_*/OPENSSL_* constants). Context and Connection arrive with the TLS
work; until then importing them fails with ImportError."""
from cryptoshim import _core
from cryptoshim.legacy import entry_point

OPENSSL_VERSION_NUMBER: int = _core.OPENSSL_VERSION_NUMBER
OPENSSL_VERSION: int = 0
OPENSSL_CFLAGS: int = 1
OPENSSL_BUILT_ON: int = 2
OPENSSL_PLATFORM: int = 3
OPENSSL_DIR: int = 4

SSLEAY_VERSION = OPENSSL_VERSION
SSLEAY_CFLAGS = OPENSSL_CFLAGS
SSLEAY_PLATFORM = OPENSSL_PLATFORM
SSLEAY_DIR = OPENSSL_DIR
SSLEAY_BUILT_ON = OPENSSL_BUILT_ON


@entry_point("pyopenssl.SSL.OpenSSL_version")
def OpenSSL_version(type: int) -> bytes:
    """Information about the linked OpenSSL, as bytes."""
    return _core.openssl_version(type)


@entry_point("pyopenssl.SSL.SSLeay_version")
def SSLeay_version(type: int) -> bytes:
    """Alias of OpenSSL_version (doc-deprecated in pyOpenSSL 22.1.0)."""
    return _core.openssl_version(type)
