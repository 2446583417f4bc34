"""M2Crypto's httpslib classes also carry http.client's methods: not M2Crypto API."""
from M2Crypto import httpslib


class Connection(httpslib.HTTPSConnection):
    def endheaders(self, body=None):
        httpslib.HTTPSConnection.endheaders(self, body)  # http.client's own method
        httpslib.HTTPSConnection.close(self)  # M2Crypto's override


def fetch(host):
    conn = httpslib.HTTPSConnection(host)
    conn.putrequest("GET", "/")  # inherited from http.client
    return conn.get_session()
