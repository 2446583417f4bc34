"""Nothing written through a TLS stream is lost: every length 0..100 and a few
large ones (record and buffer boundaries) cross pyOpenSSL's memory-BIO
Connection (send / bio_read / bio_write / recv), and M2Crypto's
SSL.Connection over a socket pair (write / read, makefile readline and
readlines, BIO.SSLBio and BIO.IOBuffer over it), byte for byte."""
from __future__ import annotations

import socket
import threading

import pytest

from M2Crypto import BIO as M2BIO
from M2Crypto import SSL as M2SSL
from OpenSSL import SSL, crypto

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::UserWarning")

LENGTHS = (*range(101), 16383, 16384, 16385, 65535, 65536, 65537, 1 << 20)


def message(n: int) -> bytes:
    return bytes((i * 31 + 7) % 256 for i in range(n))


@pytest.fixture(scope="module")
def identity(tmp_path_factory, certs):
    cert, key = certs("stream.test", serial=1)
    d = tmp_path_factory.mktemp("stream")
    (d / "cert.pem").write_bytes(certs.pem(cert))
    (d / "key.pem").write_bytes(certs.key_pem(key))
    return {"cert": cert, "key": key, "cert_file": str(d / "cert.pem"),
            "key_file": str(d / "key.pem")}


# --- pyOpenSSL: memory BIOs -------------------------------------------------

def pump(src, dst, bufsiz) -> int:
    moved = 0
    while True:
        try:
            data = src.bio_read(bufsiz)
        except SSL.WantReadError:
            return moved
        assert 0 < len(data) <= bufsiz
        assert dst.bio_write(data) == len(data)
        moved += len(data)


def drain(conn) -> bytes:
    out = b""
    while True:
        try:
            out += conn.recv(65536)
        except SSL.WantReadError:
            return out


@pytest.fixture(scope="module")
def pyopenssl_pair(identity):
    server_ctx = SSL.Context(SSL.TLS_METHOD)
    server_ctx.use_certificate(crypto.X509.from_cryptography(identity["cert"]))
    server_ctx.use_privatekey(crypto.PKey.from_cryptography_key(identity["key"]))
    server = SSL.Connection(server_ctx, None)
    server.set_accept_state()
    client = SSL.Connection(SSL.Context(SSL.TLS_METHOD), None)
    client.set_connect_state()
    for _ in range(10):
        for conn in (client, server):
            try:
                conn.do_handshake()
            except SSL.WantReadError:
                pass
        pump(client, server, 1 << 16)
        pump(server, client, 1 << 16)
    return client, server


@pytest.mark.parametrize("bufsiz", [7, 16384])
def test_pyopenssl_memory_bio_round_trips_every_length(pyopenssl_pair, bufsiz):
    client, server = pyopenssl_pair
    for n in LENGTHS:
        if bufsiz == 7 and n > 70000:
            continue  # 150,000 seven-byte reads add nothing the 64 KiB cases miss
        data = message(n)
        for src, dst in ((client, server), (server, client)):
            sent = 0
            while sent < n:
                sent += src.send(data[sent:])
            pump(src, dst, bufsiz)
            got = drain(dst)
            assert got == data, (n, bufsiz, len(got))


def test_pyopenssl_sendall_and_recv_into_keep_every_byte(pyopenssl_pair):
    client, server = pyopenssl_pair
    for n in (0, 1, 17, 16385, 65537, 1 << 20):
        data = message(n)
        client.sendall(data)
        pump(client, server, 1 << 16)
        buf = bytearray(n + 10)
        got = 0
        while got < n:
            got += server.recv_into(memoryview(buf)[got:])
        assert bytes(buf[:n]) == data


def test_pyopenssl_makefile_is_not_implemented_as_upstream(pyopenssl_pair):
    with pytest.raises(NotImplementedError):
        pyopenssl_pair[0].makefile()


# --- M2Crypto: SSL.Connection over a socket pair ------------------------------

@pytest.fixture
def m2_pair(identity):
    a, b = socket.socketpair()
    a.settimeout(30)
    b.settimeout(30)
    server_ctx = M2SSL.Context("tls")
    server_ctx.load_cert(identity["cert_file"], identity["key_file"])
    server = M2SSL.Connection(server_ctx, a)
    client = M2SSL.Connection(M2SSL.Context("tls"), b)
    done = threading.Event()

    def accept():
        server.setup_ssl()
        server.set_accept_state()
        server.accept_ssl()
        done.set()

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    client.setup_ssl()
    client.set_connect_state()
    client.connect_ssl()
    t.join(30)
    assert done.is_set()
    yield client, server
    client.close()
    server.close()


def send_in_thread(conn, data: bytes):
    def run():
        sent = 0
        while sent < len(data):
            n = conn.write(data[sent:])
            assert n > 0
            sent += n
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def read_exactly(conn, n: int) -> bytes:
    out = b""
    while len(out) < n:
        piece = conn.read(min(n - len(out), 65536))
        assert piece, (n, len(out))
        out += piece
    return out


def test_m2crypto_connection_round_trips_every_length(m2_pair):
    client, server = m2_pair
    for n in LENGTHS:
        if n == 0:
            continue  # write(b"") sends nothing to read
        data = message(n)
        for src, dst in ((client, server), (server, client)):
            t = send_in_thread(src, data)
            assert read_exactly(dst, n) == data, n
            t.join(30)


def test_m2crypto_makefile_readline_and_readlines(m2_pair):
    client, server = m2_pair
    lines = [b"\n", b"a\n", b"x" * 5000 + b"\n", b"\x00 nul\n", b"y" * 70000 + b"\n", b"tail"]
    data = b"".join(lines)
    t = send_in_thread(client, data)
    f = server.makefile("rb")
    got = [f.readline() for _ in range(len(lines) - 1)]
    got.append(f.read(len(lines[-1])))
    t.join(30)
    assert got == lines


def test_m2crypto_makefile_writer_sends_every_byte(m2_pair):
    client, server = m2_pair
    # One writer: closing a makefile() object closes the Connection under
    # it, in the real M2Crypto too (io.BufferedWriter over the Connection).
    writer = client.makefile("wb")
    for n in (1, 17, 8191, 8192, 8193, 65537, 1 << 20):
        data = message(n)

        def write_all(w=writer, d=data):
            w.write(d)
            w.flush()

        t = threading.Thread(target=write_all, daemon=True)
        t.start()
        assert read_exactly(server, n) == data, n
        t.join(30)


@pytest.fixture
def m2_blocking_server(m2_pair):
    """The server side on a blocking socket, where BIO_f_ssl's reads wait
    for data (with a timeout the descriptor is non-blocking and a read with
    nothing there is a retry)."""
    client, server = m2_pair
    server.setblocking(1)
    yield client, server
    server.settimeout(30)


def test_m2crypto_sslbio_and_iobuffer_read_everything_sent(m2_blocking_server):
    client, server = m2_blocking_server
    for n in (1, 17, 4096, 4097, 16385, 65537):
        data = message(n)
        t = send_in_thread(client, data)
        bio = M2BIO.SSLBio()
        bio.set_ssl(server)
        out = b""
        while len(out) < n:
            piece = bio.read(n - len(out))
            assert piece, (n, len(out))
            out += piece
        t.join(30)
        assert out == data, n
    lines = b"one\ntwo\n\nthree\n"
    t = send_in_thread(client, lines)
    bio = M2BIO.SSLBio()
    bio.set_ssl(server)
    io = M2BIO.IOBuffer(bio)
    assert [io.readline() for _ in range(4)] == [b"one\n", b"two\n", b"\n", b"three\n"]
    t.join(30)
    big = b"".join(b"%d %s\n" % (i, b"z" * (i % 5000)) for i in range(300))
    t = send_in_thread(client, big)
    got = [io.readline() for _ in range(300)]
    t.join(30)
    assert got == big.splitlines(keepends=True)


def test_m2crypto_sslbio_with_nothing_to_read_on_a_timeout_socket(m2_pair):
    # As the real one: BIO_read's -1 reaches bytes() in read(n) (TypeError),
    # read() gives what there is, BIO_should_retry/_read report 8 and 1, and
    # BIO_f_ssl has no gets. Then the data arrives whole.
    client, server = m2_pair
    bio = M2BIO.SSLBio()
    bio.set_ssl(server)
    with pytest.raises(TypeError):
        bio.read(5)
    assert (bio.should_retry(), bio.should_read(), bio.should_write()) == (8, 1, 0)
    assert bio.read() == b""
    with pytest.raises(M2BIO.BIOError, match="unsupported method"):
        bio.readline()
    client.write(b"hello world")
    out = b""
    while len(out) < 11:
        try:
            out += bio.read(11 - len(out))
        except TypeError:  # not there yet
            threading.Event().wait(0.01)
    assert out == b"hello world"
    assert bio.write(b"back") == 4
    assert read_exactly(client, 4) == b"back"
