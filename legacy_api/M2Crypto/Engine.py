"""M2Crypto.Engine without the ENGINE API.

OpenSSL 3 deprecates ENGINE, and cryptoshim's core is built with
OPENSSL_NO_DEPRECATED. M2Crypto itself, built that way, sets
``m2.is_engine_available = False`` and its own tests skip this module; this
shim is that build. Looking an engine up fails the way M2Crypto reports an
unknown engine (ValueError), so code that falls back when an engine is missing
keeps working; loading one raises EngineError. Hardware keys move to
OpenSSL 3 providers (for PKCS#11: pkcs11-provider, keys named by URI)."""
from __future__ import annotations

from typing import Optional, Union

from M2Crypto import m2
from M2Crypto._common import entry, exception_api, klass

__all__ = ["EngineError", "Engine", "load_dynamic_engine", "load_dynamic", "load_openssl",
           "cleanup"]

_WHY = ("the OpenSSL ENGINE API is not available: cryptoshim's core is built without "
        "OpenSSL 3's deprecated APIs (m2.is_engine_available is False); use an OpenSSL 3 provider")


@exception_api("m2crypto.Engine.EngineError")
class EngineError(Exception):
    """Engine-related errors."""


_ep = entry(EngineError)


@klass(EngineError)("m2crypto.Engine.Engine")
class Engine:
    """An ENGINE handle. None can be found in this build."""

    def __init__(self, id: Union[str, bytes, None] = None, _ptr: Optional[object] = None,
                 _pyfree: int = 1) -> None:
        if _ptr is None and id is None:
            raise ValueError("Trying to search engine by id of None.")
        if isinstance(id, bytes):
            id = id.decode()
        # Same type and first words as M2Crypto's unknown-engine error.
        raise ValueError(f"Unknown engine: {id} ({_WHY})")

    @classmethod
    @_ep("m2crypto.Engine.Engine.is_available")
    def is_available(cls) -> bool:
        return bool(m2.is_engine_available)

    # The instance methods of M2Crypto's Engine. No instance can exist here
    # (__init__ always raises), so they are reached only unbound or through a
    # subclass; each refuses with the reason.
    @staticmethod
    @_ep("m2crypto.Engine.Engine.m2_engine_free")
    def m2_engine_free(obj: object) -> None:
        raise EngineError(_WHY)

    @_ep("m2crypto.Engine.Engine.init")
    def init(self) -> int:
        raise EngineError(_WHY)

    @_ep("m2crypto.Engine.Engine.finish")
    def finish(self) -> int:
        raise EngineError(_WHY)

    @_ep("m2crypto.Engine.Engine.is_initialized")
    def is_initialized(self) -> bool:
        return False

    @_ep("m2crypto.Engine.Engine.ctrl_cmd_string")
    def ctrl_cmd_string(self, cmd: Union[str, bytes], arg: Union[str, bytes, None],
                        optional: int = 0) -> None:
        raise EngineError(_WHY)

    @_ep("m2crypto.Engine.Engine.get_name")
    def get_name(self) -> str:
        raise EngineError(_WHY)

    @_ep("m2crypto.Engine.Engine.get_id")
    def get_id(self) -> str:
        raise EngineError(_WHY)

    @_ep("m2crypto.Engine.Engine.set_default")
    def set_default(self, methods: int = -1) -> int:
        raise EngineError(_WHY)

    @_ep("m2crypto.Engine.Engine.load_private_key")
    def load_private_key(self, name: Union[str, bytes], pin: Optional[Union[str, bytes]] = None):
        raise EngineError(_WHY)

    @_ep("m2crypto.Engine.Engine.load_public_key")
    def load_public_key(self, name: Union[str, bytes], pin: Optional[Union[str, bytes]] = None):
        raise EngineError(_WHY)

    @_ep("m2crypto.Engine.Engine.load_certificate")
    def load_certificate(self, name: Union[str, bytes]):
        raise EngineError(_WHY)


@_ep("m2crypto.Engine.load_dynamic_engine")
def load_dynamic_engine(id: bytes, sopath: Union[str, bytes]) -> Engine:
    raise EngineError(_WHY)


@_ep("m2crypto.Engine.load_dynamic")
def load_dynamic() -> None:
    raise EngineError(_WHY)


@_ep("m2crypto.Engine.load_openssl")
def load_openssl() -> None:
    raise EngineError(_WHY)


@_ep("m2crypto.Engine.cleanup")
def cleanup() -> None:
    """Nothing is ever loaded, so there is nothing to release."""
