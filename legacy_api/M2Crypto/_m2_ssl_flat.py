"""The rest of M2Crypto's flat SSL API (issue 11): contexts (_m2_ssl_ctx),
connections and their I/O (_m2_ssl_io), negotiated state, ciphers and
sessions (_m2_ssl_state), the SSL filter BIO (_m2_ssl_bio). m2.py
star-imports this module."""
from M2Crypto import _m2_ssl_bio, _m2_ssl_ctx, _m2_ssl_io, _m2_ssl_state
from M2Crypto._m2_ssl_bio import *  # noqa: F403
from M2Crypto._m2_ssl_ctx import *  # noqa: F403
from M2Crypto._m2_ssl_io import *  # noqa: F403
from M2Crypto._m2_ssl_state import *  # noqa: F403

__all__ = _m2_ssl_bio.__all__ + _m2_ssl_ctx.__all__ + _m2_ssl_io.__all__ + _m2_ssl_state.__all__
