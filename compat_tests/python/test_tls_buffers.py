"""Connection.recv_into and bio_read over a memory-BIO pair: the direct
decrypt-into-bytearray path and the pending-sized bio_read keep pyOpenSSL's
results (byte counts, partial reads, MSG_PEEK, WantReadError, read-only
buffers refused)."""
from __future__ import annotations

import socket

import pytest

from OpenSSL import SSL, crypto  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::UserWarning")


def _pump(a, b):
    moved = True
    while moved:
        moved = False
        for src, dst in ((a, b), (b, a)):
            try:
                data = src.bio_read(1 << 20)
            except SSL.WantReadError:
                continue
            dst.bio_write(data)
            moved = True


@pytest.fixture
def pair(certs):
    cert, key = certs("buffers.test", serial=1)
    server_ctx = SSL.Context(SSL.TLS_METHOD)
    server_ctx.use_certificate(crypto.X509.from_cryptography(cert))
    server_ctx.use_privatekey(crypto.PKey.from_cryptography_key(key))
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
        _pump(client, server)
    return client, server


def test_recv_into_bytearray_gets_every_byte(pair):
    client, server = pair
    payload = bytes(range(256)) * 400  # 102400 bytes: several records
    client.sendall(payload)
    _pump(client, server)
    buf = bytearray(len(payload) + 10)
    got = bytearray()
    while len(got) < len(payload):
        n = server.recv_into(buf)
        assert 0 < n <= 16384  # at most one TLS record per read
        got += buf[:n]
    assert bytes(got) == payload
    with pytest.raises(SSL.WantReadError):
        server.recv_into(buf)


def test_recv_into_respects_nbytes_and_leaves_the_rest(pair):
    client, server = pair
    client.sendall(b"abcdefgh")
    _pump(client, server)
    buf = bytearray(b"\xff" * 8)
    assert server.recv_into(buf, 3) == 3
    assert buf == b"abc" + b"\xff" * 5
    assert server.recv_into(buf, 100) == 5  # nbytes is capped at len(buffer)
    assert buf[:5] == b"defgh"


def test_recv_into_peek_does_not_consume(pair):
    client, server = pair
    client.sendall(b"peekaboo")
    _pump(client, server)
    buf = bytearray(8)
    assert server.recv_into(buf, flags=socket.MSG_PEEK) == 8
    assert buf == b"peekaboo"
    again = bytearray(8)
    assert server.recv_into(again) == 8
    assert again == b"peekaboo"


def test_recv_into_other_writable_buffers(pair):
    client, server = pair
    client.sendall(b"0123456789")
    _pump(client, server)
    target = bytearray(10)
    assert server.recv_into(memoryview(target)[2:], 4) == 4
    assert target == b"\0\0" + b"0123" + b"\0" * 4


def test_recv_into_read_only_buffer_raises_typeerror(pair):
    client, server = pair
    client.sendall(b"xyz")
    _pump(client, server)
    with pytest.raises(TypeError):
        server.recv_into(b"\0" * 3)


def test_bio_read_returns_what_is_pending_up_to_bufsiz(pair):
    client, _ = pair
    client.sendall(b"q" * 1000)
    whole = client.bio_read(1 << 20)
    assert 1000 < len(whole) < 1100  # one record: payload plus overhead
    with pytest.raises(SSL.WantReadError):
        client.bio_read(1 << 20)
    client.sendall(b"q" * 1000)
    first = client.bio_read(100)
    assert len(first) == 100
    assert len(client.bio_read(1 << 20)) == len(whole) - 100


@pytest.mark.parametrize("offset,size", [(-1, 1), (0, -1), (4, 1), (2, 3), (0, 1 << 20)])
def test_core_write_refuses_a_slice_outside_the_buffer(pair, offset, size):
    # The binding takes (buffer, offset, size); a slice past the end would make
    # SSL_write send whatever memory follows the buffer.
    client, server = pair
    with pytest.raises(ValueError, match="outside a buffer of 4 bytes"):
        client._ssl.write(b"abcd", offset, size)
    # Nothing was sent: the connection still carries the next write intact.
    client.sendall(b"after")
    _pump(client, server)
    assert server.recv(100) == b"after"


def test_core_write_takes_an_inner_slice(pair):
    client, server = pair
    client._ssl.write(b"abcdef", 2, 3)
    _pump(client, server)
    assert server.recv(100) == b"cde"


def test_core_write_refuses_a_strided_buffer(pair):
    # Read as if contiguous, a strided view would send the bytes between its
    # items. (The drop-in's send raises the same BufferError the real
    # pyOpenSSL's cffi from_buffer does, before reaching the core.)
    client, server = pair
    with pytest.raises(BufferError):
        client._ssl.write(memoryview(b"abcdef")[::2], 0, 3)
    with pytest.raises(BufferError):
        client.send(memoryview(b"abcdef")[::2])
    client.sendall(b"after")
    _pump(client, server)
    assert server.recv(100) == b"after"


def test_one_connection_driven_from_two_threads_loses_nothing(pair):
    # The sender writes records while another thread drains the client's
    # outgoing BIO into the server: both touch the client's SSL object, which
    # the binding serialises with the connection's lock (TlsConnection's
    # thread contract). Every byte must arrive, in order.
    import threading

    client, server = pair
    chunks = [bytes([i % 251]) * (1 + (i * 37) % 3000) for i in range(400)]
    expected = b"".join(chunks)
    sent = threading.Event()
    errors = []

    def send():
        try:
            for chunk in chunks:
                client.sendall(chunk)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            sent.set()

    received = bytearray()
    sender = threading.Thread(target=send)
    sender.start()
    while True:
        finished = sent.is_set()  # read before draining: nothing is left behind
        try:
            server.bio_write(client.bio_read(1 << 20))
        except SSL.WantReadError:
            pass
        while True:
            try:
                received += server.recv(1 << 16)
            except SSL.WantReadError:
                break
        if finished and client.pending() == 0:
            try:
                server.bio_write(client.bio_read(1 << 20))
                continue
            except SSL.WantReadError:
                break
    sender.join()
    assert errors == []
    assert bytes(received) == expected
