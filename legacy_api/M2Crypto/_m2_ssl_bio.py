"""m2.bio_new_ssl / bio_set_ssl (M2Crypto's _ssl.i) on the
drop-in's handles: the SSL filter BIO is BIO.SSLBio, and what it drives is an
SSL handle (Connection.ssl, what real programs pass as conn._ptr()) or an
SSL.Connection, stepped through _ssl_transport like every other SSL call.

m2.bio_f_ssl and m2.bio_new(m2.bio_f_ssl()) live with the other BIO
methods in _m2_bio.py.
"""
from cryptoshim import _core
from cryptoshim.legacy import entry_point
from M2Crypto import _m2_ssl_args as _args
from M2Crypto import _ssl_transport as _transport

__all__ = []  # filled by _export

_MODE_AUTO_RETRY = 0x4


def _export(fn):
    __all__.append(fn.__name__)
    return entry_point("m2crypto.m2." + fn.__name__)(fn)


class _HandleConnection:
    """Lets BIO.SSLBio drive a bare SSL handle like an SSL.Connection."""

    def __init__(self, ssl) -> None:
        self.ssl = ssl

    def _step(self, op):
        return _transport.step(self.ssl, op)


@_export
def bio_set_ssl(bio, ssl, flag: int) -> int:
    """Puts an SSL handle (or an SSL.Connection) under an SSL filter BIO,
    in SSL_MODE_AUTO_RETRY as M2Crypto does."""
    from M2Crypto._ssl_bio import SSLBio
    from M2Crypto.SSL.Connection import Connection
    if bio is None:
        raise ValueError("Received a NULL pointer.")
    if not isinstance(bio, SSLBio):
        raise TypeError("in method 'bio_set_ssl', argument 1 of type 'BIO *'")
    conn = ssl if isinstance(ssl, Connection) else _HandleConnection(
        _args.ssl(ssl, "bio_set_ssl", 2))
    flag = _args.integer(flag, "bio_set_ssl", 3)
    _core.tls_set_connection_mode(conn.ssl, _MODE_AUTO_RETRY)
    bio._conn = conn
    bio.closed = flag
    return 1


@_export
def bio_new_ssl(ctx, client: int):
    """BIO_new_ssl: an SSL filter BIO over a new connection on `ctx`, in the
    client role when `client` is true."""
    from M2Crypto._m2_ssl_io import ssl_new
    ctx = _args.ctx(ctx, "bio_new_ssl")
    client = _args.integer(client, "bio_new_ssl", 2)
    ssl = ssl_new.__wrapped__(ctx)
    if client:
        ssl.set_connect_state()
    else:
        ssl.set_accept_state()
    from M2Crypto._ssl_bio import SSLBio
    bio = SSLBio()
    bio._conn = _HandleConnection(ssl)
    bio.closed = 1
    return bio
