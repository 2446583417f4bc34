"""OpenSSL.SSL workloads for workloads_pyopenssl.py: full and resumed TLS
handshakes and bulk transfer, all over memory-BIO pairs (no sockets, so the
numbers measure the library and its binding, not the loopback stack)."""
from __future__ import annotations

import pathlib
import time
from typing import Callable, Dict

from OpenSSL import SSL, crypto


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


def _handshake(client, server):
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

    def client_context(version):
        ctx = SSL.Context(SSL.TLS_METHOD)
        ctx.set_min_proto_version(version)
        ctx.set_max_proto_version(version)
        return ctx

    s13, c13 = server_context(SSL.TLS1_3_VERSION), client_context(SSL.TLS1_3_VERSION)
    s12, c12 = server_context(SSL.TLS1_2_VERSION), client_context(SSL.TLS1_2_VERSION)

    def pair(sctx, cctx, session=None):
        server = SSL.Connection(sctx, None)
        server.set_accept_state()
        client = SSL.Connection(cctx, None)
        if session is not None:
            client.set_session(session)
        client.set_connect_state()
        _handshake(client, server)
        return client, server

    first, _ = pair(s12, c12)
    session = first.get_session()

    client, server = pair(s13, c13)
    chunk = b"\0" * 65536
    buf = bytearray(65536)

    def bulk_64k():
        client.sendall(chunk)
        _pump(client, server)
        got = 0
        while got < len(chunk):
            got += server.recv_into(buf)

    start = time.perf_counter()
    n = 0
    while time.perf_counter() - start < 0.5:
        bulk_64k()
        n += 1
    mib_per_s = n * len(chunk) / (1 << 20) / (time.perf_counter() - start)

    return {
        "TLS 1.3 full handshake, P-256 (memory BIO)": rate(lambda: pair(s13, c13)),
        "TLS 1.2 resumed handshake (memory BIO)": rate(lambda: pair(s12, c12, session)),
        "TLS 1.3 bulk, 64 KiB writes (MiB/s, memory BIO)": mib_per_s,
    }
