"""Methods several catalog classes define (as_pem, get_subject): typed by origin or not counted."""
from M2Crypto import X509
from OpenSSL import SSL


def cert_pem(path):
    x = X509.load_cert(path)
    return x.as_pem()


def request_pem(path):
    req = X509.load_request(path)
    return req.as_pem()


def untyped_pem(obj):
    return obj.as_pem()


def peer_subject(ctx, sock):
    conn = SSL.Connection(ctx, sock)
    peer = conn.get_peer_certificate()
    return peer.get_subject()


def app_subject():
    data = SSL.Context(SSL.TLS_METHOD).get_app_data()
    return data.get_subject()
