"""M2Crypto.SSL exceptions (M2Crypto/SSL/SSLError.py)."""
import socket

from M2Crypto._common import exception_api as _exception_api

__all__ = ["SSLError", "SSLTimeoutError"]


@_exception_api("m2crypto.SSL.SSLError")
class SSLError(Exception):
    pass


@_exception_api("m2crypto.SSL.SSLTimeoutError")
class SSLTimeoutError(SSLError, socket.timeout):
    pass
