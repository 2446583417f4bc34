"""M2Crypto.threading: OpenSSL 3 is thread-safe without application locking
callbacks, so init() and cleanup() only keep old callers working."""
from cryptoshim.legacy import entry_point
from M2Crypto import m2

__all__ = ["init", "cleanup"]


@entry_point("m2crypto.threading.init")
def init() -> None:
    """Initialize threading support (nothing to do on OpenSSL >= 1.1)."""
    m2.threading_init()


@entry_point("m2crypto.threading.cleanup")
def cleanup() -> None:
    """End threading support (nothing to do on OpenSSL >= 1.1)."""
    m2.threading_cleanup()
