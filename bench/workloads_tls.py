"""OpenSSL.SSL workloads, run unchanged with the real pyOpenSSL and with the
drop-in (`run_bench.py --suite pyopenssl-tls`; the real side is pyOpenSSL on
cryptography compiled against the system OpenSSL, the drop-in's: same build).

- full and resumed TLS 1.3 handshakes over loopback TCP sockets: a new
  connection per handshake, the client verifying the server's P-256 leaf and
  intermediate against the root, one byte each way so the client also reads
  the session tickets;
- TLS 1.3 bulk transfer over a loopback socket, 16 KiB and 1 MiB writes,
  non-blocking, both ends driven from this one thread;
- TLS 1.3 bulk transfer over a memory-BIO pair, 16 KiB and 64 KiB writes, AES-GCM;
- full and resumed handshakes over memory BIOs (no sockets: the library and
  its binding alone).

Each workload checks what it measures (resumed really resumed, the cipher
really AES-GCM) and fails otherwise, so both libraries do the same work.

    python workloads_tls.py FIXTURES [BUDGET]   # prints {workload: rate} as JSON
"""
from __future__ import annotations

import pathlib
import socket
from typing import Callable, Dict

from OpenSSL import SSL, crypto

GCM_SUITES = ("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256")


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


def _bio_handshake(client, server):
    for _ in range(10):
        done = 0
        for conn in (client, server):
            try:
                conn.do_handshake()
                done += 1
            except SSL.WantReadError:
                pass
        _pump(client, server)
        if done == 2:
            return
    raise AssertionError("memory-BIO handshake did not finish")


def _until_done(step: Callable[[], object]) -> object:
    """Retry a non-blocking socket operation: loopback delivers at once, so
    this spins only while the peer's bytes are in flight in the kernel."""
    for _ in range(100000):
        try:
            return step()
        except SSL.WantReadError:
            continue
    raise AssertionError("loopback peer never answered")


def _socket_handshake(client, server) -> None:
    pending = [client, server]
    for _ in range(100000):
        for conn in list(pending):
            try:
                conn.do_handshake()
                pending.remove(conn)
            except SSL.WantReadError:
                pass
        if not pending:
            return
    raise AssertionError("loopback handshake did not finish")


class _Counter:
    """Client verify callback that counts certificates it was shown: zero on a
    resumed handshake (TLS 1.3 resumption sends no Certificate)."""

    def __init__(self):
        self.calls = 0

    def __call__(self, conn, cert, errno, depth, ok):
        self.calls += 1
        return ok


def tls_workloads(fix: pathlib.Path, rate: Callable[[Callable[[], None]], float]) -> Dict[str, float]:
    leaf = crypto.load_certificate(crypto.FILETYPE_PEM, (fix / "leaf.pem").read_bytes())
    inter = crypto.load_certificate(crypto.FILETYPE_PEM, (fix / "intermediate.pem").read_bytes())
    key = crypto.load_privatekey(crypto.FILETYPE_PEM, (fix / "p256.key").read_bytes())

    def server_context(version):
        ctx = SSL.Context(SSL.TLS_METHOD)
        ctx.set_min_proto_version(version)
        ctx.set_max_proto_version(version)
        ctx.use_certificate(leaf)
        ctx.add_extra_chain_cert(inter)
        ctx.use_privatekey(key)
        ctx.set_session_id(b"bench")
        return ctx

    def client_context(version, verify=None):
        ctx = SSL.Context(SSL.TLS_METHOD)
        ctx.set_min_proto_version(version)
        ctx.set_max_proto_version(version)
        if verify is not None:
            ctx.load_verify_locations(str(fix / "root.pem"))
            ctx.set_verify(SSL.VERIFY_PEER, verify)
        return ctx

    # --- loopback sockets, TLS 1.3 -----------------------------------------
    counter = _Counter()
    sock_server_ctx = server_context(SSL.TLS1_3_VERSION)
    sock_client_ctx = client_context(SSL.TLS1_3_VERSION, counter)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)

    def loopback(session=None):
        raw_client = socket.create_connection(listener.getsockname())
        raw_server, _ = listener.accept()
        for raw in (raw_client, raw_server):
            raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            raw.setblocking(False)
        server = SSL.Connection(sock_server_ctx, raw_server)
        server.set_accept_state()
        client = SSL.Connection(sock_client_ctx, raw_client)
        if session is not None:
            client.set_session(session)
        client.set_connect_state()
        client.set_tlsext_host_name(b"leaf.bench.example")
        _socket_handshake(client, server)
        # One byte each way: the client's read also takes in the tickets.
        server.send(b"s")
        _until_done(lambda: client.recv(1))
        client.send(b"c")
        _until_done(lambda: server.recv(1))
        raw_client.close()
        raw_server.close()
        return client

    first = loopback()
    session = first.get_session()
    assert counter.calls > 0, "full handshake must verify the server's chain"
    assert first.get_protocol_version_name() == "TLSv1.3"
    counter.calls = 0
    loopback(session)
    assert counter.calls == 0, "the resumed handshake was a full one"

    full_loopback = rate(loopback)
    resumed_loopback = rate(lambda: loopback(session))

    raw_client = socket.create_connection(listener.getsockname())
    raw_server, _ = listener.accept()
    for raw in (raw_client, raw_server):
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        raw.setblocking(False)
    sock_server = SSL.Connection(sock_server_ctx, raw_server)
    sock_server.set_accept_state()
    sock_client = SSL.Connection(sock_client_ctx, raw_client)
    sock_client.set_connect_state()
    _socket_handshake(sock_client, sock_server)
    sock_buf = bytearray(1 << 16)
    socket_bulk = {}
    for size, label in ((16 << 10, "16 KiB"), (1 << 20, "1 MiB")):
        view = memoryview(b"\0" * size)

        def bulk_socket(view=view, size=size):
            sent = got = 0
            while got < size:
                if sent < size:
                    try:
                        sent += sock_client.send(view[sent:])
                    except SSL.WantWriteError:
                        pass
                try:
                    got += sock_server.recv_into(sock_buf)
                except SSL.WantReadError:
                    pass

        socket_bulk[f"TLS 1.3 bulk, {label} writes (MiB/s, loopback)"] = (
            rate(bulk_socket) * size / (1 << 20))
    raw_client.close()
    raw_server.close()
    listener.close()

    # --- memory BIOs --------------------------------------------------------
    s13, c13 = server_context(SSL.TLS1_3_VERSION), client_context(SSL.TLS1_3_VERSION)
    s12, c12 = server_context(SSL.TLS1_2_VERSION), client_context(SSL.TLS1_2_VERSION)

    def bio_pair(sctx, cctx, bio_session=None):
        server = SSL.Connection(sctx, None)
        server.set_accept_state()
        client = SSL.Connection(cctx, None)
        if bio_session is not None:
            client.set_session(bio_session)
        client.set_connect_state()
        _bio_handshake(client, server)
        return client, server

    first12, _ = bio_pair(s12, c12)
    session12 = first12.get_session()

    client, server = bio_pair(s13, c13)
    cipher = client.get_cipher_name()
    assert cipher in GCM_SUITES, f"bulk must run AES-GCM, negotiated {cipher}"
    buf = bytearray(65536)
    bio_bulk = {}
    for size, label in ((16 << 10, "16 KiB"), (64 << 10, "64 KiB")):
        chunk = b"\0" * size

        def bulk_bio(chunk=chunk):
            client.sendall(chunk)
            _pump(client, server)
            got = 0
            while got < len(chunk):
                got += server.recv_into(buf)

        bio_bulk[f"TLS 1.3 bulk AES-GCM, {label} writes (MiB/s, memory BIO)"] = (
            rate(bulk_bio) * size / (1 << 20))

    return {
        "TLS 1.3 full handshake, P-256 (loopback)": full_loopback,
        "TLS 1.3 resumed handshake (loopback)": resumed_loopback,
        **socket_bulk,
        **bio_bulk,
        "TLS 1.3 full handshake, P-256 (memory BIO)": rate(lambda: bio_pair(s13, c13)),
        "TLS 1.2 resumed handshake (memory BIO)": rate(lambda: bio_pair(s12, c12, session12)),
    }


# The entry point bench_worker.py and timing.script_main call in every workload script.
measure = tls_workloads


if __name__ == "__main__":
    from timing import script_main

    script_main(measure)
