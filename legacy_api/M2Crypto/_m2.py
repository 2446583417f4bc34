"""M2Crypto._m2, the SWIG extension behind M2Crypto.m2.

The extension is built once with the C++ core and ships in the cryptoshim
distribution (cryptoshim/_m2), so this drop-in distribution stays pure
Python. Replacing this module in sys.modules makes `from M2Crypto import _m2`
and `import M2Crypto._m2` give the extension module itself, as upstream's do.
"""
import sys

from cryptoshim import _m2

sys.modules[__name__] = _m2
