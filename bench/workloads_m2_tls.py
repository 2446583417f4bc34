"""M2Crypto.SSL workloads, run unchanged with the real M2Crypto 0.51.0 and
with the drop-in (`run_bench.py --suite m2crypto-tls`):

- full and resumed TLS 1.3 handshakes over loopback TCP sockets, a new
  connection per handshake, the client verifying the server's chain against
  the root, one byte each way so the client also takes in the session ticket;
- bulk over a TLS 1.3 loopback socket with 16 KiB and 1 MiB writes.

Sockets are non-blocking and both ends are driven from this one thread, so
no thread switch is measured. Each workload checks what it measures (resumed
really resumed: the verify callback is not called). Prints {workload: rate}.

    python workloads_m2_tls.py FIXTURES [BUDGET]
"""
from __future__ import annotations

import pathlib
import socket
from typing import Dict, Optional

from timing import Rate, script_main

from M2Crypto import SSL

SPIN = 200000
# The bulk rows: bytes one call moves from client to server.
BULK = {
    "M2Crypto.SSL TLS 1.3 bulk, 16 KiB writes (MiB/s, loopback)": 16 << 10,
    "M2Crypto.SSL TLS 1.3 bulk, 1 MiB writes (MiB/s, loopback)": 1 << 20,
}


def _handshake(client, server) -> None:
    pending = {"client": (client, client.connect_ssl), "server": (server, server.accept_ssl)}
    for _ in range(SPIN):
        for name, (_conn, step) in list(pending.items()):
            if step() == 1:
                del pending[name]
        if not pending:
            return
    raise AssertionError("loopback handshake did not finish")


def _read(conn, size: int) -> bytes:
    for _ in range(SPIN):
        data = conn.read(size)
        if data:
            return data
    raise AssertionError("loopback peer never answered")


class _Counter:
    """Verify callback counting the certificates it is shown: none on a
    resumed TLS 1.3 handshake."""

    def __init__(self):
        self.calls = 0

    def __call__(self, ok, store):
        self.calls += 1
        return ok


def workloads(fix: pathlib.Path):
    """{label: callable} of the rows (set up and checked), and a close()
    for the sockets (measure() times them)."""
    # Key and chain in one file: the real 0.51.0's load_cert_chain(chain, key)
    # fails on OpenSSL 3.0 ("No supported data to decode") with a separate key.
    chain = fix / "leaf-chain-key.pem"
    chain.write_bytes(b"".join((fix / name).read_bytes()
                               for name in ("leaf.pem", "intermediate.pem", "p256.key")))
    server_ctx = SSL.Context("tls")
    server_ctx.load_cert_chain(str(chain))
    server_ctx.set_session_id_ctx(b"bench")
    counter = _Counter()
    client_ctx = SSL.Context("tls")
    client_ctx.load_verify_locations(cafile=str(fix / "root.pem"))
    client_ctx.set_verify(SSL.verify_peer, 9, counter)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)

    def pair(session=None):
        raw_client = socket.create_connection(listener.getsockname())
        raw_server, _ = listener.accept()
        for raw in (raw_client, raw_server):
            raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        server = SSL.Connection(server_ctx, raw_server)
        client = SSL.Connection(client_ctx, raw_client)
        for conn in (server, client):
            conn.setblocking(0)
        server.setup_ssl()
        server.set_accept_state()
        client.setup_ssl()
        if session is not None:
            client.set_session(session)
        client.set_connect_state()
        _handshake(client, server)
        return client, server, (raw_client, raw_server)

    def loopback(session=None):
        client, server, raws = pair(session)
        server.write(b"s")
        _read(client, 1)
        client.write(b"c")
        _read(server, 1)
        for raw in raws:
            raw.close()
        return client

    first = loopback()
    assert first.get_version() == "TLSv1.3", first.get_version()
    assert counter.calls > 0, "full handshake must verify the server's chain"
    session = first.get_session()
    counter.calls = 0
    loopback(session)
    assert counter.calls == 0, "the resumed handshake was a full one"

    rows = {
        "M2Crypto.SSL TLS 1.3 full handshake, P-256 (loopback)": loopback,
        "M2Crypto.SSL TLS 1.3 resumed handshake (loopback)": lambda: loopback(session),
    }
    bulk_pair: list = []  # made by the first bulk call (rate's warm-up), after the handshakes

    def bulk_of(size: int):
        chunk = b"\0" * size

        def bulk():
            if not bulk_pair:
                bulk_pair.extend(pair())
            client, server = bulk_pair[:2]
            view, sent, got = memoryview(chunk), 0, 0
            while got < size:
                if sent < size:
                    n = client.write(view[sent:sent + (1 << 20)])
                    if n and n > 0:
                        sent += n
                data = server.read(1 << 16)
                if data:
                    got += len(data)
        return bulk

    for label, size in BULK.items():
        rows[label] = bulk_of(size)

    def close() -> None:
        # `first` lives as long as `session`: the real 0.51.0's get_session()
        # wraps SSL_get_session (no reference taken) in a Session that frees
        # it, so freeing `first` mid-run (SSL_free) corrupts the heap.
        for raw in (*(bulk_pair[2] if bulk_pair else ()), first.socket):
            raw.close()
        listener.close()
    return rows, close


def measure(fix: pathlib.Path, rate: Rate) -> Dict[str, Optional[float]]:
    rows, close = workloads(fix)
    # A bulk row's rate is in MiB/s: calls/s times the MiB one call moves.
    results: Dict[str, Optional[float]] = {
        label: rate(fn) * BULK.get(label, 1 << 20) / (1 << 20) for label, fn in rows.items()}
    close()
    return results


if __name__ == "__main__":
    script_main(measure)
