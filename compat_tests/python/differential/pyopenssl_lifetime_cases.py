"""Run by both the real pyOpenSSL and cryptoshim's drop-in (separate
interpreters), with the cyclic garbage collector off: is each object freed
with its last reference, or kept until a collection (a reference cycle)?
Prints {case: outcome} as JSON; an outcome is "freed", "kept" or the
exception raised. argv[1] holds a certificate and its key (cert.pem,
key.pem)."""
import socket
import sys
import warnings

warnings.simplefilter("ignore")
from lifetime_probe import main  # noqa: E402

from OpenSSL import SSL, crypto  # noqa: E402

FIX = sys.argv[1] if len(sys.argv) > 1 else "."


def read(name: str) -> bytes:
    with open(f"{FIX}/{name}", "rb") as f:
        return f.read()


def cert():
    return crypto.load_certificate(crypto.FILETYPE_PEM, read("cert.pem"))


def key():
    return crypto.load_privatekey(crypto.FILETYPE_PEM, read("key.pem"))


def generated_key():
    k = crypto.PKey()
    k.generate_key(crypto.TYPE_RSA, 1024)
    return k


def subject():
    # A cycle in the real pyOpenSSL too: the certificate's name invalidator
    # and the name refer to each other.
    return cert().get_subject()


def store():
    s = crypto.X509Store()
    s.add_cert(cert())
    return s


def store_context():
    return crypto.X509StoreContext(store(), cert())


def request():
    r = crypto.X509Req()
    r.set_pubkey(key())
    r.get_subject().CN = "lifetime"
    return r


def extension():
    return crypto.X509Extension(b"basicConstraints", True, b"CA:FALSE")


def context():
    c = SSL.Context(SSL.TLS_METHOD)
    c.use_certificate(cert())
    c.use_privatekey(key())
    return c


def context_with_callbacks():
    c = context()
    c.set_verify(SSL.VERIFY_PEER, lambda *args: True)
    c.set_info_callback(lambda *args: None)
    c.set_tlsext_servername_callback(lambda conn: None)
    c.set_alpn_select_callback(lambda conn, protocols: protocols[0])
    return c


def memory_connection():
    return SSL.Connection(context_with_callbacks(), None)


def socket_connection():
    s = socket.socket()
    conn = SSL.Connection(context_with_callbacks(), s)
    s.close()
    return conn


def handshaken_connection():
    server = SSL.Connection(context_with_callbacks(), None)
    server.set_accept_state()
    client = SSL.Connection(SSL.Context(SSL.TLS_METHOD), None)
    client.set_connect_state()
    for _ in range(10):
        for a, b in ((client, server), (server, client)):
            try:
                a.do_handshake()
            except SSL.WantReadError:
                pass
            try:
                b.bio_write(a.bio_read(65536))
            except SSL.WantReadError:
                pass
    client.get_peer_certificate()
    return client


CASES = {f.__name__: f for f in (cert, key, generated_key, subject, store, store_context, request,
                                 extension, context, context_with_callbacks, memory_connection,
                                 socket_connection, handshaken_connection)}

if __name__ == "__main__":
    main(CASES)
