"""M2Crypto.callback: deprecated since long before 0.38.0 ("Use the util module
instead"), still shipped through 0.51.0. Importing it warns, as upstream's
does; its two names are util's (counted under util's records)."""
import warnings

warnings.warn("Use the util module instead", DeprecationWarning, stacklevel=2)

from M2Crypto.util import genparam_callback, passphrase_callback  # noqa: E402

__all__ = ["genparam_callback", "passphrase_callback"]
