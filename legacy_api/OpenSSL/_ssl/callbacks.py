"""The callback helpers: each wraps an application callable into the plain
callable the core binding invokes, with pyOpenSSL's _CallbackExceptionHelper
semantics (an exception is stored and re-raised by the Connection method
whose OpenSSL call ran the callback, and the callback reports failure to
OpenSSL meanwhile)."""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable, List, Optional

from cryptoshim import _core
from OpenSSL._ssl.errors import Error


class _NoOverlappingProtocols:
    """Type of pyOpenSSL's sentinel for "no protocol in common, carry on"."""


_NoOverlappingProtocols.__module__ = "OpenSSL.SSL"
NO_OVERLAPPING_PROTOCOLS = _NoOverlappingProtocols()


# DTLS1_COOKIE_LENGTH in OpenSSL 3.
MAX_COOKIE_LENGTH = 255


def owner(core_conn: Any) -> Any:
    """The OpenSSL.SSL.Connection wrapping a core TlsConnection."""
    ref = getattr(core_conn, "_owner", None)
    conn = ref() if ref is not None else None
    if conn is None:
        raise RuntimeError("TLS callback for a connection that no longer exists")
    return conn


class CallbackExceptionHelper:
    def __init__(self) -> None:
        self._problems: List[BaseException] = []

    def raise_if_problem(self) -> None:
        if self._problems:
            _core.drain_error_queue()  # as pyOpenSSL: discard the queue, raise ours
            raise self._problems.pop(0)


class VerifyHelper(CallbackExceptionHelper):
    def __init__(self, callback: Callable[..., Any]) -> None:
        super().__init__()
        from OpenSSL.crypto import X509

        @wraps(callback)
        def wrapper(core_conn: Any, core_cert: Any, error: int, depth: int, ok: int) -> bool:
            try:
                return bool(
                    callback(owner(core_conn), X509._from_core(core_cert), error, depth, ok)
                )
            except Exception as e:
                self._problems.append(e)
                return False

        self.callback = wrapper


class PassphraseHelper(CallbackExceptionHelper):
    """Context.set_passwd_cb: callback(maxlen, verify, userdata) -> bytes,
    truncated to maxlen by the core."""

    def __init__(self, callback: Callable[..., Any], userdata: Callable[[], Any]) -> None:
        super().__init__()

        def wrapper(maxlen: int, verify: bool) -> Optional[bytes]:
            try:
                result = callback(maxlen, int(verify), userdata())
                if not isinstance(result, bytes):
                    raise ValueError("Bytes expected")
                return result
            except Exception as e:
                self._problems.append(e)
                return None

        self.callback = wrapper

    def raise_if_problem(self, exception_type: type = Error) -> None:
        super().raise_if_problem()


class ALPNSelectHelper(CallbackExceptionHelper):
    def __init__(self, callback: Callable[..., Any]) -> None:
        super().__init__()

        @wraps(callback)
        def wrapper(core_conn: Any, protocols: List[bytes]) -> Any:
            try:
                outbytes = callback(owner(core_conn), protocols)
                if outbytes is NO_OVERLAPPING_PROTOCOLS:
                    return None
                if not isinstance(outbytes, bytes):
                    raise TypeError(
                        "ALPN callback must return a bytestring or the "
                        "special NO_OVERLAPPING_PROTOCOLS sentinel value.")
                return outbytes
            except Exception as e:
                self._problems.append(e)
                return False  # abort the handshake

        self.callback = wrapper


class OCSPServerCallbackHelper(CallbackExceptionHelper):
    def __init__(self, callback: Callable[..., Any], data: Any) -> None:
        super().__init__()

        @wraps(callback)
        def wrapper(core_conn: Any) -> Optional[bytes]:
            try:
                ocsp_data = callback(owner(core_conn), data)
                if not isinstance(ocsp_data, bytes):
                    raise TypeError("OCSP callback must return a bytestring.")
                return ocsp_data
            except Exception as e:
                self._problems.append(e)
                return None  # fatal alert

        self.callback = wrapper


class OCSPClientCallbackHelper(CallbackExceptionHelper):
    def __init__(self, callback: Callable[..., Any], data: Any) -> None:
        super().__init__()

        @wraps(callback)
        def wrapper(core_conn: Any, ocsp_data: bytes) -> int:
            try:
                return int(bool(callback(owner(core_conn), ocsp_data, data)))
            except Exception as e:
                self._problems.append(e)
                return -1

        self.callback = wrapper


class CookieGenerateCallbackHelper(CallbackExceptionHelper):
    def __init__(self, callback: Callable[..., Any]) -> None:
        super().__init__()

        @wraps(callback)
        def wrapper(core_conn: Any) -> Optional[bytes]:
            try:
                cookie = bytes(callback(owner(core_conn)))
                if len(cookie) > MAX_COOKIE_LENGTH:
                    raise ValueError(f"Cookie too long (got {len(cookie)} bytes, "
                                     f"max {MAX_COOKIE_LENGTH})")
                return cookie
            except Exception as e:
                self._problems.append(e)
                return None

        self.callback = wrapper


class CookieVerifyCallbackHelper(CallbackExceptionHelper):
    def __init__(self, callback: Callable[..., Any]) -> None:
        super().__init__()

        @wraps(callback)
        def wrapper(core_conn: Any, cookie: bytes) -> bool:
            try:
                return bool(callback(owner(core_conn), cookie))
            except Exception as e:
                self._problems.append(e)
                return False

        self.callback = wrapper
