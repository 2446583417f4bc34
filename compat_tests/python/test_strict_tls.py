"""Strict TLS: the core's WebPKI verifier inside a client handshake, through
both drop-ins (OpenSSL.SSL and M2Crypto.SSL), against a real `openssl
s_server` on loopback.

Each bad chain - a wrong host name, a SHA-1 intermediate, a 1024-bit RSA
leaf, an expired leaf - is refused under CRYPTOSHIM_POLICY=strict and warned
about (InsecureLegacyWarning) under compat, where OpenSSL's own verdict
stands: the compat handshake succeeds exactly when `openssl s_client` (with
the distribution's defaults) accepts the chain. A conforming chain with the
right name passes under strict, so strict is not simply refusing everything.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import warnings

import pytest
from webpki_chain import FAULTS, HOST, webpki_chain

from cryptoshim import InsecureLegacyWarning, InsecureOperationError
from M2Crypto import SSL as M2SSL
from OpenSSL import SSL

OPENSSL = shutil.which("openssl")
pytestmark = [
    pytest.mark.skipif(OPENSSL is None, reason="the openssl CLI is not installed"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]
TIMEOUT = 30


def _openssl_accepts(server, files, host):
    """OpenSSL's own verdict as a TLS client with its defaults (the
    distribution's security level): `openssl s_client` against the same
    server. The oracle compat must match."""
    r = subprocess.run([OPENSSL, "s_client", "-connect", f"127.0.0.1:{server.port}",
                        "-servername", host, "-CAfile", files["root"], "-verify_return_error",
                        "-brief"], input="", capture_output=True, text=True, timeout=TIMEOUT)
    return r.returncode == 0


class Server:
    """openssl s_server sending leaf + intermediate, at security level 0 so
    it will present even the weak chains."""

    def __init__(self, files):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [OPENSSL, "s_server", "-accept", f"127.0.0.1:{self.port}", "-cert", files["leaf"],
             "-cert_chain", files["ica"],
             "-key", files["key"], "-cipher", "DEFAULT:@SECLEVEL=0", "-rev", "-quiet"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            if self.proc.poll() is not None:
                raise RuntimeError(self.proc.stdout.read().decode(errors="replace"))
            time.sleep(0.05)
        raise RuntimeError("openssl s_server did not start")

    def close(self):
        self.proc.kill()
        self.proc.wait(TIMEOUT)


# --- one client per drop-in ------------------------------------------------------------
def pyopenssl_handshake(port, files, host):
    ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
    ctx.load_verify_locations(files["root"])
    ctx.set_verify(SSL.VERIFY_PEER)
    sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    sock.setblocking(True)  # pyOpenSSL reads a timeout as non-blocking
    conn = SSL.Connection(ctx, sock)
    if host is not None:
        conn.set_tlsext_host_name(host.encode())
    conn.set_connect_state()
    try:
        conn.do_handshake()
    finally:
        sock.close()


def m2crypto_handshake(port, files, host):
    ctx = M2SSL.Context()
    ctx.load_verify_locations(files["root"])
    ctx.set_verify(M2SSL.verify_peer, 9)
    sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    conn = M2SSL.Connection(ctx, sock)
    if host is not None:
        conn.set_tlsext_host_name(host)
    conn.setup_ssl()
    conn.set_connect_state()
    try:
        conn.connect_ssl()
    finally:
        conn.close()


CLIENTS = {"pyopenssl": (pyopenssl_handshake, SSL.Error),
           "m2crypto": (m2crypto_handshake, M2SSL.SSLError)}


# `strict` / `compat`: conftest.py's policy fixtures.


def _run(handshake, files, host):
    server = Server(files)
    try:
        handshake(server.port, files, host)
    finally:
        server.close()


# --- the tests ---------------------------------------------------------------------------
@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_a_conforming_chain_with_the_right_name_passes_under_strict(tmp_path, certs, client,
                                                                    strict):
    files, host = webpki_chain(tmp_path, certs)
    with warnings.catch_warnings():
        warnings.simplefilter("error", InsecureLegacyWarning)
        _run(CLIENTS[client][0], files, host)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_strict_refuses_the_handshake(tmp_path, certs, client, fault, strict):
    files, host = webpki_chain(tmp_path, certs, fault)
    handshake, error = CLIENTS[client]
    with pytest.raises(error, match="certificate verify failed") as info:
        _run(handshake, files, host)
    # The verifier's reason reaches the application.
    expected = {"wrong-host": "no subjectAltName matches the peer name wrong.example",
                "sha1-intermediate": "signature algorithm is not permitted",
                "rsa1024-leaf": "RSA key is too small",
                "expired-leaf": "certificate has expired"}[fault]
    assert expected in str(info.value)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_compat_keeps_openssls_verdict_and_warns(tmp_path, certs, client, fault, compat):
    files, host = webpki_chain(tmp_path, certs, fault)
    handshake, error = CLIENTS[client]
    server = Server(files)
    try:
        accepted = _openssl_accepts(server, files, host)
        with pytest.warns(InsecureLegacyWarning, match="fails the WebPKI profile") as record:
            if accepted:
                handshake(server.port, files, host)
            else:
                with pytest.raises(error, match="certificate verify failed"):
                    handshake(server.port, files, host)
    finally:
        server.close()
    assert any("CRYPTOSHIM_POLICY=strict refuses" in str(w.message) for w in record)


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_strict_refuses_a_verifying_client_without_a_host_name(tmp_path, certs, client, strict):
    files, _host = webpki_chain(tmp_path, certs)
    with pytest.raises(InsecureOperationError, match="set_tlsext_host_name"):
        _run(CLIENTS[client][0], files, None)


def test_compat_warns_once_per_context_without_a_host_name(tmp_path, certs, compat):
    files, _host = webpki_chain(tmp_path, certs)
    server = Server(files)
    try:
        ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
        ctx.load_verify_locations(files["root"])
        ctx.set_verify(SSL.VERIFY_PEER)
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            for _ in range(2):
                sock = socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT)
                sock.setblocking(True)
                conn = SSL.Connection(ctx, sock)
                conn.set_connect_state()
                conn.do_handshake()  # OpenSSL's verdict: the chain is fine
                sock.close()
        no_host = [w for w in record if issubclass(w.category, InsecureLegacyWarning)
                   and "without a host name" in str(w.message)]
        assert len(no_host) == 1
    finally:
        server.close()


def test_m2crypto_connect_checks_the_host_it_connects_to(tmp_path, certs, strict):
    """connect() with the post-connection Checker on names the host itself:
    the address's host is the name the verifier checks."""
    files, _host = webpki_chain(tmp_path, certs)
    server = Server(files)
    try:
        for target, ok in ((HOST, True), ("127.0.0.1", False)):
            ctx = M2SSL.Context()
            ctx.load_verify_locations(files["root"])
            ctx.set_verify(M2SSL.verify_peer, 9)
            conn = M2SSL.Connection(ctx)
            try:
                if ok:
                    conn.connect((target, server.port))
                else:
                    with pytest.raises(M2SSL.SSLError, match=r"peer name 127\.0\.0\.1"):
                        conn.connect((target, server.port))
            finally:
                conn.close()
    finally:
        server.close()


def test_the_once_per_context_record_goes_with_the_context():
    """The compat warning about verifying without a host name comes once per
    context (_core.tls_before_handshake marks the native context); the mark
    goes with the context, so a new Context (even one at the same address)
    is warned again. Asked the way every handshake asks, without a server."""
    import gc

    from cryptoshim import policy

    def warnings_of_a_handshake_on(ctx):
        conn = M2SSL.Connection(ctx)
        try:
            with warnings.catch_warnings(record=True) as seen:
                warnings.simplefilter("always")
                policy.before_handshake(conn.ssl, "m2crypto.SSL.Connection.connect_ssl",
                                        host=None, how_to_name="name it", is_client=True)
            return [w for w in seen if issubclass(w.category, InsecureLegacyWarning)
                    and "without a host name" in str(w.message)]
        finally:
            conn.close()

    def verifying_context():
        ctx = M2SSL.Context()
        ctx.set_verify(M2SSL.verify_peer, 9)
        return ctx

    ctx = verifying_context()
    assert len(warnings_of_a_handshake_on(ctx)) == 1
    assert warnings_of_a_handshake_on(ctx) == []
    del ctx
    gc.collect()
    for _ in range(3):  # new contexts, whatever address they land at
        assert len(warnings_of_a_handshake_on(verifying_context())) == 1
