"""M2Crypto.RC4 over OpenSSL 3's legacy provider (a private library
context). RC4 is broken (RFC 7465); every use is reported as unsafe. The
LegacyAPIWarning raised on construction is the module's DeprecationWarning."""
from __future__ import annotations

import warnings
from typing import Any, Optional

from cryptoshim import warning_mode
from cryptoshim.legacy import unsafe_operation
from M2Crypto._common import entry, handle_call, klass, m2c, to_bytes

__all__ = ["RC4"]


class _RC4Error(ValueError):
    pass


_ep = entry(_RC4Error)


@klass(_RC4Error)("m2crypto.RC4.RC4")
class RC4:
    """The RC4 stream cipher."""

    @staticmethod
    @_ep("m2crypto.RC4.RC4.rc4_free")
    def rc4_free(ctx) -> None:
        """M2Crypto's class attribute m2.rc4_free; the core frees the cipher
        context with its last reference."""

    def __init__(self, key: Optional[bytes] = None) -> None:
        if warning_mode.current() == "off":
            # The real class's own warning, which the LegacyAPIWarning stands
            # in for while cryptoshim's warnings are on: exactly one either way.
            warnings.warn("M2Crypto.RC4 is deprecated and will be removed in a future "
                          "release; RC4 is insecure (RFC 7465). Use AES instead.",
                          DeprecationWarning, stacklevel=2)
        unsafe_operation("m2crypto.RC4.RC4", "RC4 stream cipher (RFC 7465)")
        self._ctx: Optional[Any] = None
        if key:
            self.set_key(key)

    @_ep("m2crypto.RC4.RC4.set_key")
    def set_key(self, key: bytes) -> None:
        self._ctx = m2c.Cipher("rc4", to_bytes(key, "key"), b"", 1, variable_key=True)

    def update(self, data: bytes) -> bytes:
        if self._ctx is None:
            raise _RC4Error("RC4 key not set")
        return self._ctx.update(to_bytes(data))

    # C from the caller to OpenSSL for a keyed cipher and bytes data (what
    # a loop over packets passes): this method's frame and to_bytes cost
    # more than M2Crypto's whole rc4_update. Anything else runs it.
    update = handle_call(_ep("m2crypto.RC4.RC4.update"), "_ctx", m2c.Cipher.update, update,
                         exact=(bytes,))

    @_ep("m2crypto.RC4.RC4.final")
    def final(self) -> str:
        return ""
