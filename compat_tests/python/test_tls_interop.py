"""The drop-in OpenSSL.SSL against real TLS peers on loopback: `openssl
s_server`/`s_client` and Python's `ssl` module, as client and as server.

Covered: TLS 1.2 and 1.3, client certificates, ALPN, SNI, session
resumption, and a bulk transfer checked by SHA-256 (8 MiB by default,
100 MiB with CRYPTOSHIM_TLS_BIG_TRANSFER=1).
"""
from __future__ import annotations

import hashlib
import os
import queue
import re
import shutil
import socket
import ssl
import struct
import subprocess
import threading
import time

import pytest
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID  # noqa: E402

from OpenSSL import SSL  # noqa: E402

OPENSSL = shutil.which("openssl")
needs_openssl_cli = pytest.mark.skipif(OPENSSL is None, reason="the openssl CLI is not installed")
BIG = (100 if os.environ.get("CRYPTOSHIM_TLS_BIG_TRANSFER") == "1" else 8) * 1024 * 1024
TIMEOUT = 30

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# --- certificates -------------------------------------------------------------
def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _issue(certs, cn, key, issuer, *, ca=False, server=False, client=False):
    """From the shared factory; server certificates get SAN localhost and
    serverAuth, client certificates clientAuth."""
    extensions = []
    if server:
        extensions.append((x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False))
    if client:
        extensions.append((x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False))
    cert, _ = certs(cn, key=key, issuer=issuer, ca=ca, sans=["localhost"] if server else None,
                    extensions=extensions)
    return cert


class Pki:
    def __init__(self, root, certs):
        self.ca_key = ec.generate_private_key(ec.SECP256R1())
        self.ca = _issue(certs, "interop CA", self.ca_key, None, ca=True)
        ca = (self.ca, self.ca_key)
        self.server_key = ec.generate_private_key(ec.SECP256R1())
        self.server = _issue(certs, "localhost", self.server_key, ca, server=True)
        self.client_key = ec.generate_private_key(ec.SECP256R1())
        self.client = _issue(certs, "interop client", self.client_key, ca, client=True)
        self.files = {}
        for label, obj in (("ca", self.ca), ("server", self.server), ("client", self.client)):
            path = root / f"{label}.pem"
            path.write_bytes(obj.public_bytes(serialization.Encoding.PEM))
            self.files[label] = str(path)
        for label, key in (("server_key", self.server_key), ("client_key", self.client_key)):
            path = root / f"{label}.pem"
            path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                               serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
            self.files[label] = str(path)


@pytest.fixture(scope="module")
def pki(tmp_path_factory, certs):
    return Pki(tmp_path_factory.mktemp("pki"), certs)


# --- our side -----------------------------------------------------------------
def our_client_context(pki, version=None, client_cert=False, alpn=None):
    ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
    ctx.set_verify(SSL.VERIFY_PEER)
    ctx.load_verify_locations(pki.files["ca"])
    if version is not None:
        ctx.set_min_proto_version(version)
        ctx.set_max_proto_version(version)
    if client_cert:
        ctx.use_certificate(pki.client)  # pyca/cryptography objects are accepted
        ctx.use_privatekey(pki.client_key)
    if alpn:
        ctx.set_alpn_protos(alpn)
    return ctx


def our_server_context(pki, version=None, require_client_cert=False, alpn_select=None,
                       sni_seen=None):
    ctx = SSL.Context(SSL.TLS_SERVER_METHOD)
    ctx.use_certificate_file(pki.files["server"])
    ctx.use_privatekey_file(pki.files["server_key"])
    ctx.check_privatekey()
    ctx.set_session_id(b"interop")
    if version is not None:
        ctx.set_min_proto_version(version)
        ctx.set_max_proto_version(version)
    if require_client_cert:
        ctx.load_verify_locations(pki.files["ca"])
        ctx.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT)
    if alpn_select is not None:
        ctx.set_alpn_select_callback(alpn_select)
    if sni_seen is not None:
        ctx.set_tlsext_servername_callback(lambda conn: sni_seen.append(conn.get_servername()))
    return ctx


def blocking_with_deadline(sock):
    """Blocking mode (Python's timeout mode makes the fd non-blocking, which
    OpenSSL reports as want-read), with kernel-level timeouts so a broken
    peer fails the test instead of hanging it."""
    sock.settimeout(None)
    timeval = struct.pack("ll", TIMEOUT, 0)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeval)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, timeval)
    return sock


def connect_ours(ctx, port, server_name=b"localhost", session=None):
    sock = blocking_with_deadline(socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT))
    conn = SSL.Connection(ctx, sock)
    conn.set_tlsext_host_name(server_name)
    if session is not None:
        conn.set_session(session)
    conn.set_connect_state()
    conn.do_handshake()
    return conn


def recv_exactly(conn, n):
    chunks, got = [], 0
    while got < n:
        data = conn.recv(min(65536, n - got))
        if not data:
            break
        chunks.append(data)
        got += len(data)
    return b"".join(chunks)


def close(conn):
    try:
        conn.shutdown()
    except SSL.Error:
        pass  # the peer may already be gone
    try:
        conn.sock_shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    conn.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- servers on a thread -------------------------------------------------------
class ThreadedServer:
    """A loopback listener served on a thread, one connection at a time; each
    connection's `info` dict (or its exception) reaches the test through a
    queue. Subclasses say how to run TLS on an accepted socket."""

    def __init__(self, handler, connections=1):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.handler = handler
        self.results = queue.Queue()
        self.thread = threading.Thread(target=self._serve, args=(connections,), daemon=True)
        self.thread.start()

    def serve_one(self, raw) -> dict:
        raise NotImplementedError

    def _serve(self, connections):
        for _ in range(connections):
            try:
                raw, _addr = self.listener.accept()
            except OSError:
                return  # the test closed the listener early
            try:
                self.results.put(self.serve_one(raw))
            except Exception as exc:  # reported to the test through the queue
                self.results.put(exc)

    def result(self):
        r = self.results.get(timeout=TIMEOUT)
        if isinstance(r, Exception):
            raise r
        return r

    def close(self):
        self.listener.close()
        self.thread.join(TIMEOUT)


# --- peers: Python's ssl ------------------------------------------------------
class PythonServer(ThreadedServer):
    """A stdlib-ssl server thread running `handler(sslsock)` per connection."""

    def __init__(self, pki, handler, version=None, client_cert=False, alpn=None,
                 connections=1):
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(pki.files["server"], pki.files["server_key"])
        if version is not None:
            self.ctx.minimum_version = self.ctx.maximum_version = version
        if client_cert:
            self.ctx.verify_mode = ssl.CERT_REQUIRED
            self.ctx.load_verify_locations(pki.files["ca"])
        if alpn:
            self.ctx.set_alpn_protocols(alpn)
        self.sni = []
        self.ctx.sni_callback = lambda sslobj, name, ctx: self.sni.append(name)
        super().__init__(handler, connections)

    def serve_one(self, raw):
        raw.settimeout(TIMEOUT)
        with self.ctx.wrap_socket(raw, server_side=True) as s:
            info = {"version": s.version(), "alpn": s.selected_alpn_protocol(),
                    "reused": s.session_reused, "peer": s.getpeercert()}
            info.update(self.handler(s) or {})
            return info


def echo_once(s):
    data = s.recv(65536)
    s.sendall(data.upper())
    return {"data": data}


# --- peers: openssl s_server / s_client -----------------------------------------
class OpensslServer:
    def __init__(self, pki, *extra):
        self.port = free_port()
        cmd = [OPENSSL, "s_server", "-accept", f"127.0.0.1:{self.port}", "-cert",
               pki.files["server"], "-key", pki.files["server_key"], "-rev", "-quiet", *extra]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
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


def rev_roundtrip(conn):
    """s_server -rev answers each line reversed."""
    conn.sendall(b"interop\n")
    deadline = time.monotonic() + TIMEOUT
    data = b""
    while b"poretni" not in data and time.monotonic() < deadline:
        data += conn.recv(4096)
    return data


# === our client ===================================================================
@needs_openssl_cli
@pytest.mark.parametrize("version,name", [(SSL.TLS1_2_VERSION, "TLSv1.2"),
                                          (SSL.TLS1_3_VERSION, "TLSv1.3")])
def test_our_client_against_openssl_s_server(pki, version, name):
    server = OpensslServer(pki, "-alpn", "h2,http/1.1", "-Verify", "1", "-CAfile",
                           pki.files["ca"])
    try:
        ctx = our_client_context(pki, version, client_cert=True, alpn=[b"http/1.1"])
        conn = connect_ours(ctx, server.port)
        assert conn.get_protocol_version_name() == name
        assert conn.get_alpn_proto_negotiated() == b"http/1.1"
        assert conn.get_peer_certificate(as_cryptography=True) == pki.server
        assert b"poretni" in rev_roundtrip(conn)
        close(conn)
    finally:
        server.close()


@pytest.mark.parametrize("version,name", [(SSL.TLS1_2_VERSION, "TLSv1.2"),
                                          (SSL.TLS1_3_VERSION, "TLSv1.3")])
def test_our_client_against_python_ssl_server(pki, version, name):
    py_version = {SSL.TLS1_2_VERSION: ssl.TLSVersion.TLSv1_2,
                  SSL.TLS1_3_VERSION: ssl.TLSVersion.TLSv1_3}[version]
    server = PythonServer(pki, echo_once, version=py_version, client_cert=True,
                          alpn=["h2", "http/1.1"])
    try:
        ctx = our_client_context(pki, version, client_cert=True, alpn=[b"h2"])
        conn = connect_ours(ctx, server.port, server_name=b"localhost")
        conn.sendall(b"ping")
        assert recv_exactly(conn, 4) == b"PING"
        info = server.result()
        assert info["version"] == name == conn.get_protocol_version_name()
        assert info["alpn"] == "h2" and conn.get_alpn_proto_negotiated() == b"h2"
        assert server.sni == ["localhost"]
        assert dict(x[0] for x in info["peer"]["subject"])["commonName"] == "interop client"
        close(conn)
    finally:
        server.close()


def test_our_client_rejects_an_untrusted_server(pki, tmp_path, certs):
    other = Pki(tmp_path, certs)  # a different CA
    server = PythonServer(other, echo_once)
    try:
        ctx = our_client_context(pki)
        with pytest.raises(SSL.Error) as excinfo:
            connect_ours(ctx, server.port)
        assert "certificate verify failed" in str(excinfo.value)
    finally:
        server.close()


@pytest.mark.parametrize("version", [SSL.TLS1_2_VERSION, SSL.TLS1_3_VERSION])
def test_our_client_resumes_a_session_with_python_ssl_server(pki, version):
    def serve(s):
        s.sendall(b"x")  # lets a TLS 1.3 client receive its session tickets
        s.recv(1)
        return {}

    server = PythonServer(pki, serve, connections=2)
    try:
        ctx = our_client_context(pki, version)
        first = connect_ours(ctx, server.port)
        assert first.recv(1) == b"x"
        first.sendall(b"y")
        session = first.get_session()
        assert server.result()["reused"] is False
        close(first)
        second = connect_ours(ctx, server.port, session=session)
        assert second.recv(1) == b"x"
        second.sendall(b"y")
        assert server.result()["reused"] is True
        close(second)
    finally:
        server.close()


def test_our_client_large_transfer_checked_by_hash(pki):
    def sink(s):
        h, n = hashlib.sha256(), 0
        while n < BIG:
            data = s.recv(1 << 20)
            if not data:
                break
            h.update(data)
            n += len(data)
        s.sendall(h.hexdigest().encode())
        return {"received": n}

    server = PythonServer(pki, sink)
    try:
        conn = connect_ours(our_client_context(pki), server.port)
        payload = os.urandom(1 << 20)
        expected = hashlib.sha256()
        sent = 0
        while sent < BIG:
            conn.sendall(payload)
            expected.update(payload)
            sent += len(payload)
        assert recv_exactly(conn, 64).decode() == expected.hexdigest()
        assert server.result()["received"] == BIG
        close(conn)
    finally:
        server.close()


# === our server ===================================================================
class OurServer(ThreadedServer):
    """Our Connection serving `handler(conn)` on a thread, per connection."""

    def __init__(self, ctx, handler, connections=1):
        self.ctx = ctx
        super().__init__(handler, connections)

    def serve_one(self, raw):
        conn = SSL.Connection(self.ctx, blocking_with_deadline(raw))
        conn.set_accept_state()
        try:
            conn.do_handshake()
            info = {"version": conn.get_protocol_version_name(),
                    "alpn": conn.get_alpn_proto_negotiated(),
                    "sni": conn.get_servername(),
                    "peer": conn.get_peer_certificate(as_cryptography=True)}
            info.update(self.handler(conn) or {})
            return info
        finally:
            close(conn)


def our_echo(conn):
    data = conn.recv(65536)
    conn.sendall(data.upper())
    return {"data": data}


def choose_alpn(conn, offered):
    return b"http/1.1" if b"http/1.1" in offered else SSL.NO_OVERLAPPING_PROTOCOLS


@needs_openssl_cli
@pytest.mark.parametrize("version,flag,name", [(SSL.TLS1_2_VERSION, "-tls1_2", "TLSv1.2"),
                                               (SSL.TLS1_3_VERSION, "-tls1_3", "TLSv1.3")])
def test_our_server_against_openssl_s_client(pki, version, flag, name):
    sni = []
    ctx = our_server_context(pki, version, require_client_cert=True, alpn_select=choose_alpn,
                             sni_seen=sni)
    server = OurServer(ctx, our_echo)
    try:
        out = subprocess.run(
            [OPENSSL, "s_client", "-connect", f"127.0.0.1:{server.port}", flag,
             "-servername", "localhost", "-CAfile", pki.files["ca"], "-verify_return_error",
             "-cert", pki.files["client"], "-key", pki.files["client_key"],
             "-alpn", "h2,http/1.1", "-ign_eof"],
            input=b"hello from s_client\n", capture_output=True, timeout=TIMEOUT)
        text = out.stdout.decode(errors="replace")
        info = server.result()
        assert info["version"] == name
        assert info["alpn"] == b"http/1.1"
        assert info["sni"] == b"localhost" and sni == [b"localhost"]
        assert info["peer"] == pki.client
        assert info["data"] == b"hello from s_client\n"
        assert "HELLO FROM S_CLIENT" in text
        assert "Verify return code: 0 (ok)" in text
    finally:
        server.close()


@needs_openssl_cli
@pytest.mark.parametrize("flag", ["-tls1_2", "-tls1_3"])
def test_our_server_resumes_openssl_s_client_sessions(pki, tmp_path, flag):
    ctx = our_server_context(pki)
    server = OurServer(ctx, our_echo, connections=2)
    sess = str(tmp_path / "session.pem")
    try:
        common = [OPENSSL, "s_client", "-connect", f"127.0.0.1:{server.port}", flag,
                  "-CAfile", pki.files["ca"], "-servername", "localhost", "-ign_eof"]
        first = subprocess.run(common + ["-sess_out", sess], input=b"one\n",
                               capture_output=True, timeout=TIMEOUT)
        server.result()
        second = subprocess.run(common + ["-sess_in", sess], input=b"two\n",
                                capture_output=True, timeout=TIMEOUT)
        server.result()
        assert re.search(rb"^New,", first.stdout, re.M)
        assert re.search(rb"^Reused,", second.stdout, re.M), second.stdout[-2000:]
    finally:
        server.close()


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
def test_our_server_against_python_ssl_client(pki, version):
    sni = []
    ctx = our_server_context(pki, require_client_cert=True, alpn_select=choose_alpn,
                             sni_seen=sni)
    server = OurServer(ctx, our_echo)
    try:
        client_ctx = ssl.create_default_context(cafile=pki.files["ca"])
        client_ctx.minimum_version = client_ctx.maximum_version = version
        client_ctx.load_cert_chain(pki.files["client"], pki.files["client_key"])
        client_ctx.set_alpn_protocols(["h2", "http/1.1"])
        with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as raw:
            with client_ctx.wrap_socket(raw, server_hostname="localhost") as s:
                s.sendall(b"ping")
                assert s.recv(4) == b"PING"
                assert s.selected_alpn_protocol() == "http/1.1"
                version_name = s.version()
        info = server.result()
        assert info["version"] == version_name
        assert info["sni"] == b"localhost" and sni == [b"localhost"]
        assert info["peer"] == pki.client
    finally:
        server.close()


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
def test_our_server_resumes_python_ssl_client_sessions(pki, version):
    ctx = our_server_context(pki)
    server = OurServer(ctx, our_echo, connections=2)
    try:
        client_ctx = ssl.create_default_context(cafile=pki.files["ca"])
        client_ctx.minimum_version = client_ctx.maximum_version = version
        session = None
        reused = []
        for _ in range(2):
            with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as raw:
                with client_ctx.wrap_socket(raw, server_hostname="localhost",
                                            session=session) as s:
                    s.sendall(b"ping")
                    assert s.recv(4) == b"PING"  # TLS 1.3 tickets arrive with the data
                    reused.append(s.session_reused)
                    session = s.session
            server.result()
        assert reused == [False, True]
    finally:
        server.close()


def test_our_server_rejects_a_client_without_certificate(pki):
    ctx = our_server_context(pki, require_client_cert=True)
    server = OurServer(ctx, our_echo)
    try:
        client_ctx = ssl.create_default_context(cafile=pki.files["ca"])
        client_ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as raw:
            with pytest.raises((ssl.SSLError, ConnectionResetError)):
                with client_ctx.wrap_socket(raw, server_hostname="localhost") as s:
                    s.recv(1)
        with pytest.raises(SSL.Error):
            server.result()
    finally:
        server.close()


def test_large_transfer_from_our_server_to_python_ssl_client(pki):
    def source(conn):
        payload = os.urandom(1 << 20)
        h, sent = hashlib.sha256(), 0
        while sent < BIG:
            conn.sendall(payload)
            h.update(payload)
            sent += len(payload)
        return {"digest": h.hexdigest()}

    server = OurServer(our_server_context(pki), source)
    try:
        client_ctx = ssl.create_default_context(cafile=pki.files["ca"])
        h, got = hashlib.sha256(), 0
        with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as raw:
            with client_ctx.wrap_socket(raw, server_hostname="localhost") as s:
                while got < BIG:
                    data = s.recv(1 << 20)
                    if not data:
                        break
                    h.update(data)
                    got += len(data)
        assert got == BIG
        assert server.result()["digest"] == h.hexdigest()
    finally:
        server.close()


def test_strict_policy_refuses_a_client_without_verification(pki, monkeypatch):
    from cryptoshim import InsecureOperationError, policy

    server = PythonServer(pki, echo_once)
    try:
        ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)  # VERIFY_NONE: OpenSSL's default
        before = policy.current()
        policy.set_policy("strict")
        try:
            with pytest.raises(InsecureOperationError):
                connect_ours(ctx, server.port)
            with pytest.raises(InsecureOperationError):
                SSL.Context(SSL.TLSv1_METHOD)
            with pytest.raises(InsecureOperationError):
                SSL.Context(SSL.TLS_METHOD).set_min_proto_version(SSL.TLS1_1_VERSION)
        finally:
            policy.set_policy(before)
    finally:
        server.close()


def test_strict_policy_refuses_weak_ciphers_at_the_handshake(pki):
    """Setting a weak list is allowed under strict (Twisted sets "ALL" on a
    scratch Context to list cipher names); handshaking with it is not."""
    from cryptoshim import InsecureOperationError, policy

    server = PythonServer(pki, echo_once)
    before = policy.current()
    policy.set_policy("strict")
    try:
        scratch = SSL.Context(SSL.TLS_METHOD)
        scratch.set_cipher_list(b"ALL:aNULL:@SECLEVEL=0")
        assert SSL.Connection(scratch, None).get_cipher_list()
        ctx = our_client_context(pki)
        ctx.set_cipher_list(b"ALL:aNULL:@SECLEVEL=0")
        with pytest.raises(InsecureOperationError, match="weak suites"):
            connect_ours(ctx, server.port)
    finally:
        policy.set_policy(before)
        server.close()


def test_compat_policy_warns_when_a_weak_cipher_list_is_set():
    from cryptoshim import InsecureLegacyWarning

    with pytest.warns(InsecureLegacyWarning, match="weak suites"):
        SSL.Context(SSL.TLS_METHOD).set_cipher_list(b"ALL:aNULL:@SECLEVEL=0")


def test_sslv2_and_sslv3_methods_are_refused_as_upstream():
    for method in (1, 2):  # SSLv2_METHOD, SSLv3_METHOD before pyOpenSSL 22.1.0
        with pytest.raises(ValueError, match="No such protocol"):
            SSL.Context(method)


def test_context_mutation_after_use_warns_in_compat_and_raises_in_strict():
    from cryptoshim import policy

    ctx = SSL.Context(SSL.TLS_METHOD)
    SSL.Connection(ctx, None)
    with pytest.warns(DeprecationWarning, match="26.2.0"):
        ctx.set_timeout(10)
    before = policy.current()
    policy.set_policy("strict")
    try:
        with pytest.raises(ValueError, match="cannot be mutated"):
            ctx.set_timeout(20)
    finally:
        policy.set_policy(before)
    assert ctx.get_timeout() == 10
