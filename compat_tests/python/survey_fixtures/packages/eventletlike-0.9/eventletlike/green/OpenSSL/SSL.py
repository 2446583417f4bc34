from OpenSSL import SSL as orig_SSL
from OpenSSL.SSL import *


class GreenConnection(object):
    """Cooperative wrapper, in the style of eventlet.green.OpenSSL.SSL."""

    def __init__(self, ctx, sock=None):
        self.fd = orig_SSL.Connection(ctx, sock)

    def library_version(self):
        return OpenSSL_version(OPENSSL_VERSION)


Connection = ConnectionType = GreenConnection
