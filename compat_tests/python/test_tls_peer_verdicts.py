"""The WebPKI verdicts the core remembers per SSL_CTX (core/src/tls_peer_verdicts.h)
must never change an outcome: handshakes that reuse one client context against
the same server get the same verdict every time, a remembered refusal still
refuses (strict) or warns (compat) on each handshake, and a verdict remembered
for one host name is not reused for another.

Real TLS: both drop-ins against `openssl s_server` on loopback (test_strict_tls.Server).
"""
from __future__ import annotations

import socket
import warnings

import pytest
from test_strict_tls import OPENSSL, TIMEOUT, Server
from webpki_chain import HOST, webpki_chain

from cryptoshim import InsecureLegacyWarning
from M2Crypto import SSL as M2SSL
from OpenSSL import SSL

pytestmark = [
    pytest.mark.skipif(OPENSSL is None, reason="the openssl CLI is not installed"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]
ROUNDS = 3


def _pyopenssl_context(files):
    ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
    ctx.load_verify_locations(files["root"])
    ctx.set_verify(SSL.VERIFY_PEER)
    return ctx


def _pyopenssl_handshake(ctx, port, host):
    sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    sock.setblocking(True)
    try:
        conn = SSL.Connection(ctx, sock)
        conn.set_tlsext_host_name(host.encode())
        conn.set_connect_state()
        conn.do_handshake()
    finally:
        sock.close()


def _m2crypto_context(files):
    ctx = M2SSL.Context()
    ctx.load_verify_locations(files["root"])
    ctx.set_verify(M2SSL.verify_peer, 9)
    return ctx


def _m2crypto_handshake(ctx, port, host):
    sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    conn = M2SSL.Connection(ctx, sock)
    try:
        conn.set_tlsext_host_name(host)
        conn.setup_ssl()
        conn.set_connect_state()
        conn.connect_ssl()
    finally:
        conn.close()


CLIENTS = {"pyopenssl": (_pyopenssl_context, _pyopenssl_handshake, SSL.Error),
           "m2crypto": (_m2crypto_context, _m2crypto_handshake, M2SSL.SSLError)}


@pytest.fixture
def served(tmp_path, certs):
    """A server presenting a conforming chain for HOST, and its files."""
    files, host = webpki_chain(tmp_path, certs)
    assert host == HOST
    server = Server(files)
    yield server, files
    server.close()


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_strict_refuses_a_wrong_name_every_time_and_never_for_the_right_one(served, client,
                                                                             strict):
    server, files = served
    make_context, handshake, error = CLIENTS[client]
    ctx = make_context(files)
    for _ in range(ROUNDS):
        # Right name, wrong name, right name again on one context: a verdict
        # remembered for one name answers for that name only.
        handshake(ctx, server.port, HOST)
        with pytest.raises(error, match=r"no subjectAltName matches the peer name wrong\.example"):
            handshake(ctx, server.port, "wrong.example")
        handshake(ctx, server.port, HOST)


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_compat_warns_on_every_handshake_with_a_remembered_refusal(served, client, compat):
    server, files = served
    make_context, handshake, _error = CLIENTS[client]
    ctx = make_context(files)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        for _ in range(ROUNDS):
            # OpenSSL checks no host name here, so compat's handshake succeeds;
            # the verifier's refusal must still be reported each time.
            handshake(ctx, server.port, "wrong.example")
    refusals = [w for w in record if issubclass(w.category, InsecureLegacyWarning)
                and "fails the WebPKI profile" in str(w.message)]
    assert len(refusals) == ROUNDS, [str(w.message) for w in record]


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_a_chain_from_another_trust_store_is_judged_afresh(tmp_path, certs, client, strict):
    """Two contexts trusting different roots: the verdict of one (accepted)
    is not the other's (OpenSSL and the verifier refuse an unknown root)."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    files, _ = webpki_chain(tmp_path / "a", certs)
    other, _ = webpki_chain(tmp_path / "b", certs)
    make_context, handshake, error = CLIENTS[client]
    server = Server(files)
    try:
        trusting, foreign = make_context(files), make_context(other)
        for _ in range(ROUNDS):
            handshake(trusting, server.port, HOST)
            with pytest.raises(error, match="certificate verify failed"):
                handshake(foreign, server.port, HOST)
    finally:
        server.close()
