"""M2Crypto.Err: the thread's OpenSSL error queue."""
from __future__ import annotations

from typing import Optional

from cryptoshim.legacy import entry_point
from M2Crypto import m2
from M2Crypto._common import exception_api as _exception_api

__all__ = ["get_error", "get_error_code", "peek_error_code", "get_error_lib", "get_error_func",
           "get_error_reason", "get_error_message", "SSLError", "M2CryptoError"]


def _str(s) -> str:
    if s is None:
        return ""
    return s.decode() if isinstance(s, bytes) else s


@entry_point("m2crypto.Err.get_error")
def get_error() -> Optional[str]:
    err = m2.err_get_error()
    if err == 0:
        return None
    return f"{get_error_lib(err)}:{get_error_func(err)}:{get_error_reason(err)}"


@entry_point("m2crypto.Err.get_error_code")
def get_error_code() -> int:
    return m2.err_get_error()


@entry_point("m2crypto.Err.peek_error_code")
def peek_error_code() -> int:
    return m2.err_peek_error()


@entry_point("m2crypto.Err.get_error_lib")
def get_error_lib(err: Optional[int]) -> str:
    return _str(m2.err_lib_error_string(err)) if err is not None else ""


@entry_point("m2crypto.Err.get_error_func")
def get_error_func(err: Optional[int]) -> str:
    return _str(m2.err_func_error_string(err)) if err is not None else ""


@entry_point("m2crypto.Err.get_error_reason")
def get_error_reason(err: Optional[int]) -> str:
    return _str(m2.err_reason_error_string(err)) if err is not None else ""


@entry_point("m2crypto.Err.get_error_message")
def get_error_message() -> str:
    return get_error_reason(get_error_code())


@entry_point("m2crypto.Err.get_x509_verify_error")
def get_x509_verify_error(err: Optional[int]) -> str:
    """X509_verify_cert_error_string(err); "" for None."""
    if err is None:
        return ""
    err_str = m2.x509_get_verify_error(err)
    return err_str if err_str else ""


@_exception_api("m2crypto.Err.SSLError")
class SSLError(Exception):
    def __init__(self, err: int, client_addr) -> None:
        self.err = err
        self.client_addr = client_addr

    def __str__(self) -> str:
        if not isinstance(self.client_addr, str):
            s = self.client_addr.decode()
        else:
            s = self.client_addr
        return f"{get_error_func(self.err)}: {s}: {get_error_reason(self.err)}"


@_exception_api("m2crypto.Err.M2CryptoError")
class M2CryptoError(Exception):
    pass
