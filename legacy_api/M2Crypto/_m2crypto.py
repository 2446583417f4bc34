"""M2Crypto._m2crypto, the name of M2Crypto's SWIG extension, whose functions
M2Crypto.m2 re-exports. Programs import it by that name
(`from M2Crypto import _m2crypto as m2`, as M2Crypto's own SSL package once
did, and PyInstaller specs), so it is M2Crypto.m2 itself: the same counted
functions and constants, not a second copy of the namespace."""
import sys

from M2Crypto import m2

sys.modules[__name__] = m2
