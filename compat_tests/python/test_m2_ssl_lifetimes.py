"""What a M2Crypto.SSL handshake leaves behind: nothing the cyclic GC must
find. A verify callback's X509_Store_Context, the connection it names and
the connection itself go with their last reference, as in M2Crypto (SWIG
objects without reference cycles); held by a cycle, every handshake's SSL
object stayed alive until a collection ran, and a busy client carried
dozens of them (bench/workloads_m2_tls.py measured the heap growing back
page by page after each collection).

Both ends are the drop-in over a loopback socket pair, driven from this
thread with non-blocking steps, as bench/workloads_m2_tls.py drives them."""
from __future__ import annotations

import gc
import socket
import weakref
from contextlib import contextmanager

import pytest
from test_m2crypto_ssl import pki  # noqa: F401 - the fixture

from M2Crypto import SSL, m2

# The test chain lacks WebPKI extensions: compat warns, which is not the point here.
pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.filterwarnings("ignore::cryptoshim.InsecureLegacyWarning")]


@contextmanager
def _no_cyclic_gc():
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _contexts(pki, verify):  # noqa: F811 - pki is the fixture's value
    server = SSL.Context()
    server.load_cert_chain(pki["server"], pki["key"])
    client = SSL.Context()
    client.load_verify_locations(pki["ca"])
    client.set_verify(SSL.verify_peer, 9, verify)
    return client, server


def _handshake(client_ctx, server_ctx):
    raw_client, raw_server = socket.socketpair()
    client = SSL.Connection(client_ctx, raw_client)
    server = SSL.Connection(server_ctx, raw_server)
    for conn in (client, server):
        conn.setblocking(0)
    client.set1_host("localhost")
    server.set_accept_state()
    client.set_connect_state()
    pending = {client.connect_ssl, server.accept_ssl}
    for _ in range(1000):
        pending = {step for step in pending if step() != 1}
        if not pending:
            return client, server, (raw_client, raw_server)
    raise AssertionError("loopback handshake did not finish")


def test_verify_callback_store_context_goes_with_its_last_reference(pki):  # noqa: F811
    stores = []

    def verify(ok, store):
        # M2Crypto's flat m2.x509_store_ctx_* take store.ctx.
        assert store.ctx is store
        assert m2.x509_store_ctx_get_error(store.ctx) == store.get_error()
        stores.append(weakref.ref(store))
        return ok

    client_ctx, server_ctx = _contexts(pki, verify)
    with _no_cyclic_gc():
        client, _server, _raws = _handshake(client_ctx, server_ctx)  # all alive
        assert client.get_verify_result() == 0
        assert stores, "the verify callback was not called"
        assert [ref() for ref in stores] == [None] * len(stores)


def test_connection_and_its_ssl_handle_go_with_their_last_reference(pki):  # noqa: F811
    client_ctx, server_ctx = _contexts(pki, lambda ok, store: ok)
    with _no_cyclic_gc():
        client, server, raws = _handshake(client_ctx, server_ctx)
        assert server.write(b"s") == 1
        for _ in range(1000):
            if client.read(1):
                break
        refs = [weakref.ref(obj) for obj in (client, client.ssl, server, server.ssl)]
        del client, server
        for raw in raws:
            raw.close()
        assert [ref() for ref in refs] == [None] * 4


def test_store_context_ctx_stays_assignable_like_m2cryptos_attribute(pki):  # noqa: F811
    seen = []

    def verify(ok, store):
        store.ctx = "replaced"
        seen.append(store.ctx)
        return ok

    client_ctx, server_ctx = _contexts(pki, verify)
    _handshake(client_ctx, server_ctx)
    assert seen and set(seen) == {"replaced"}
