"""M2Crypto classes reached through the package re-export `from M2Crypto import SSL`."""
import socket

from M2Crypto import SSL, X509


def connect(host):
    ctx = SSL.Context("tls")
    ctx.load_cert("client.pem")
    sock = SSL.Connection(ctx, socket.socket())
    try:
        sock.connect((host, 443))
    except SSL.SSLError:
        return None
    return sock


def is_context(obj):
    return isinstance(obj, SSL.Context)


def init_flat():
    return SSL.m2.ssl_init()
