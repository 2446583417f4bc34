"""M2Crypto._m2, the SWIG extension behind M2Crypto.m2.

The extension is built once with the C++ core and ships in the cryptoshim
distribution (cryptoshim/_m2), so this drop-in distribution stays pure
Python. Replacing this module in sys.modules makes `from M2Crypto import _m2`
and `import M2Crypto._m2` give the extension module itself, as upstream's do.
"""
import sys
from typing import TYPE_CHECKING, Any

from cryptoshim import _m2  # type: ignore[attr-defined]  # the SWIG extension, no stub

sys.modules[__name__] = _m2

if TYPE_CHECKING:
    # For type checkers only: this module is the SWIG extension, whose
    # functions and constants have no stubs.
    def __getattr__(name: str) -> Any: ...
