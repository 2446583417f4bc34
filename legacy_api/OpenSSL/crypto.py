"""Drop-in OpenSSL.crypto (pyOpenSSL 23.0.0 surface plus the 26.4.0 additions).

Each name lives in OpenSSL/_crypto/<concept>.py with its own __all__; this
module only re-exports them, so OpenSSL.crypto.X is OpenSSL._crypto.*.X.
"""
from OpenSSL._crypto.common import *  # noqa: F403
from OpenSSL._crypto.common import __all__ as _common_all
from OpenSSL._crypto.crl import *  # noqa: F403
from OpenSSL._crypto.crl import __all__ as _crl_all
from OpenSSL._crypto.pkcs import *  # noqa: F403
from OpenSSL._crypto.pkcs import __all__ as _pkcs_all
from OpenSSL._crypto.pkey import *  # noqa: F403
from OpenSSL._crypto.pkey import __all__ as _pkey_all
from OpenSSL._crypto.req import *  # noqa: F403
from OpenSSL._crypto.req import __all__ as _req_all
from OpenSSL._crypto.store import *  # noqa: F403
from OpenSSL._crypto.store import __all__ as _store_all
from OpenSSL._crypto.x509 import *  # noqa: F403
from OpenSSL._crypto.x509 import __all__ as _x509_all

__all__ = sorted(
    set(_common_all + _pkey_all + _x509_all + _req_all + _crl_all + _pkcs_all + _store_all)
)

# Private names that pyOpenSSL's own tests (and some applications) import.
from OpenSSL._crypto.pkey import _EllipticCurve  # noqa: F401
from OpenSSL._util import ffi as _ffi  # noqa: F401
from OpenSSL._util import lib as _lib  # noqa: F401


def __getattr__(name):
    # _Key/_PrivateKey/_PublicKey are typing aliases over pyca/cryptography's
    # key classes; build them on first use so importing OpenSSL.crypto does
    # not import cryptography.
    if name in ("_Key", "_PrivateKey", "_PublicKey"):
        from OpenSSL._crypto import pkey

        return getattr(pkey, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
