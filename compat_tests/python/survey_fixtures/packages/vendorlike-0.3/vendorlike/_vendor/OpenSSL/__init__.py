from . import crypto

__version__ = "17.5.0"
