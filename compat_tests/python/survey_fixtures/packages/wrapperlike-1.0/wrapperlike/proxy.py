"""Proxies that keep the pyOpenSSL object they wrap (as txsni does)."""
from OpenSSL.SSL import TLS_METHOD, Connection, Context


class ContextProxy(object):
    def __init__(self, original):
        self._obj = original

    def set_alpn_protos(self, protos):
        return self._obj.set_alpn_protos(protos)

    def set_npn_select_callback(self, cb):  # gone from pyOpenSSL 23: still a use
        return self._obj.set_npn_select_callback(cb)


class ConnectionProxy(object):
    def __init__(self, original):
        self._obj = original

    def get_context(self):
        return ContextProxy(self._obj.get_context())


def server(sock):
    conn = Connection(Context(TLS_METHOD), sock)
    return ConnectionProxy(conn)
