"""M2Crypto.SSL drop-in over real loopback TLS: against Python's `ssl` module
and `openssl s_server`, as client and server; the post-connection Checker;
the policy on unsafe configurations; M2Crypto's exceptions on bad input."""
import shutil
import socket
import ssl
import subprocess
import threading
import time

import pytest
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402

from cryptoshim import _core  # noqa: E402
from M2Crypto import SSL, X509, m2  # noqa: E402
from M2Crypto.SSL.Checker import Checker, NoCertificate, WrongHost  # noqa: E402

OPENSSL = shutil.which("openssl")
TIMEOUT = 20

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def pki(tmp_path_factory, certs):
    root = tmp_path_factory.mktemp("m2pki")
    ca, ca_key = certs("m2 test CA", ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    server, _ = certs("localhost", key=key, issuer=(ca, ca_key), ca=False, sans=["localhost"])
    cn_only, _ = certs("cn.example", key=key, issuer=(ca, ca_key), ca=False)
    files = {}
    for label, cert in (("ca", ca), ("server", server), ("cn_only", cn_only)):
        files[label] = str(root / f"{label}.pem")
        with open(files[label], "wb") as f:
            f.write(cert.public_bytes(serialization.Encoding.PEM))
    files["key"] = str(root / "key.pem")
    with open(files["key"], "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    files["encrypted_key"] = str(root / "encrypted_key.pem")
    with open(files["encrypted_key"], "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.BestAvailableEncryption(b"secret")))
    return files


class PythonEchoServer:
    """A Python `ssl` server answering one line, upper-cased."""

    def __init__(self, pki, client_ca=None):
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(pki["server"], pki["key"])
        if client_ca:
            self.ctx.verify_mode = ssl.CERT_REQUIRED
            self.ctx.load_verify_locations(client_ca)
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(TIMEOUT)
        self.port = self.sock.getsockname()[1]
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            conn, _ = self.sock.accept()
            with self.ctx.wrap_socket(conn, server_side=True) as tls:
                tls.settimeout(TIMEOUT)
                line = b""
                while not line.endswith(b"\n"):
                    chunk = tls.recv(1024)
                    if not chunk:
                        break
                    line += chunk
                tls.sendall(line.upper())
        except Exception as exc:  # noqa: BLE001 - reported to the test
            self.error = exc

    def close(self):
        self.thread.join(TIMEOUT)
        self.sock.close()


def verified_client_context(pki):
    ctx = SSL.Context()
    ctx.set_verify(SSL.verify_peer | SSL.verify_fail_if_no_peer_cert, 9)
    assert ctx.load_verify_locations(pki["ca"]) == 1
    return ctx


def test_client_against_python_ssl_server_verifies_and_checks_host(pki):
    server = PythonEchoServer(pki)
    try:
        conn = SSL.Connection(verified_client_context(pki))
        conn.set_tlsext_host_name("localhost")
        conn.set1_host("localhost")
        conn.connect(("127.0.0.1", server.port))
        assert conn.get_verify_result() == 0
        assert conn.get_version() in ("TLSv1.2", "TLSv1.3")
        assert conn.get_peer_cert().get_subject().CN == "localhost"
        assert conn.write(b"hello m2\n") == 9
        assert conn.read(100) == b"HELLO M2\n"
        cipher = conn.get_cipher()
        assert cipher.name() and len(cipher) >= 128
        conn.close()
    finally:
        server.close()
    assert server.error is None


def test_client_rejects_a_server_from_an_unknown_ca(pki):
    server = PythonEchoServer(pki)
    try:
        ctx = SSL.Context()
        ctx.set_verify(SSL.verify_peer | SSL.verify_fail_if_no_peer_cert, 9)
        ctx.load_verify_locations(pki["server"])  # not the issuer
        conn = SSL.Connection(ctx)
        with pytest.raises(SSL.SSLError, match="certificate verify failed"):
            conn.connect(("127.0.0.1", server.port))
        conn.close()
    finally:
        server.close()


def test_client_host_check_rejects_the_wrong_name(pki):
    # The post-connection Checker compares the address connected to (no
    # set1_host) with the certificate: 127.0.0.1 is not its DNS:localhost.
    server = PythonEchoServer(pki)
    try:
        conn = SSL.Connection(verified_client_context(pki))
        with pytest.raises(WrongHost) as info:
            conn.connect(("127.0.0.1", server.port))
        assert info.value.fieldName == "subjectAltName"
        conn.close()
    finally:
        server.close()


def test_set1_host_makes_chain_verification_check_the_name(pki):
    server = PythonEchoServer(pki)
    try:
        conn = SSL.Connection(verified_client_context(pki))
        conn.set1_host("other.example")
        with pytest.raises(SSL.SSLError, match="certificate verify failed"):
            conn.connect(("127.0.0.1", server.port))
        assert conn.get_verify_result() != 0
        conn.close()
    finally:
        server.close()


def test_m2_ssl_mode_helpers_act_on_the_connection_handle(pki):
    conn = SSL.Connection(SSL.Context())
    mode = m2.ssl_get_mode(conn.ssl)
    new = m2.ssl_set_mode(conn.ssl, m2.SSL_MODE_ENABLE_PARTIAL_WRITE)
    assert new & m2.SSL_MODE_ENABLE_PARTIAL_WRITE and new & mode == mode
    assert m2.ssl_get_mode(conn.ssl) == new
    with pytest.raises(TypeError):
        m2.ssl_get_mode("not a handle")
    ctx = SSL.Context()
    m2.ssl_ctx_set_verify_depth(ctx.ctx, 4)
    assert m2.ssl_ctx_get_verify_depth(ctx.ctx) == ctx.get_verify_depth() == 4
    assert m2.ssl_ctx_get_verify_mode(ctx.ctx) == SSL.verify_none
    opts = m2.ssl_ctx_set_options(ctx.ctx, m2.SSL_OP_NO_TICKET)
    assert opts & m2.SSL_OP_NO_TICKET and ctx.set_options(0) == opts
    assert m2.ssl_set_tlsext_host_name(conn.ssl, "localhost") == 1
    assert m2.ssl_pending(conn.ssl) == 0
    with pytest.raises(TypeError):
        m2.ssl_ctx_set_options(conn.ssl, 0)


def test_server_against_python_ssl_client_with_client_certificate(pki):
    ctx = SSL.Context()
    ctx.load_cert_chain(pki["server"], pki["key"])
    ctx.set_verify(SSL.verify_peer | SSL.verify_fail_if_no_peer_cert, 9)
    ctx.load_verify_locations(pki["ca"])
    listener = SSL.Connection(ctx)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.socket.getsockname()[1]
    result = {}

    def client():
        cctx = ssl.create_default_context(cafile=pki["ca"])
        cctx.load_cert_chain(pki["server"], pki["key"])
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as raw:
            with cctx.wrap_socket(raw, server_hostname="localhost") as tls:
                tls.sendall(b"ping")
                result["reply"] = tls.recv(100)

    thread = threading.Thread(target=client, daemon=True)
    thread.start()
    conn, _addr = listener.accept()
    assert conn.read(4) == b"ping"
    assert conn.get_peer_cert().get_subject().CN == "localhost"
    conn.write(b"pong")
    thread.join(TIMEOUT)
    conn.close()
    listener.close()
    assert result["reply"] == b"pong"


@pytest.mark.skipif(OPENSSL is None, reason="the openssl CLI is not installed")
def test_client_against_openssl_s_server_with_read_timeout(pki):
    port = socket.create_server(("127.0.0.1", 0)).getsockname()[1]
    proc = subprocess.Popen([OPENSSL, "s_server", "-accept", f"127.0.0.1:{port}",
                             "-cert", pki["server"], "-key", pki["key"], "-quiet"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        conn = SSL.Connection(verified_client_context(pki))
        conn.connect(("localhost", port))
        conn.settimeout(0.3)  # s_server -quiet sends nothing on its own
        with pytest.raises(SSL.SSLTimeoutError):
            conn.read(10)
        conn.write(b"to s_server\n")
        assert proc.stdout.readline() == b"to s_server\n"
        conn.close()
    finally:
        proc.kill()
        proc.wait()


def test_makefile_rwb_round_trips_with_openssl_s_server(pki):
    # M2Crypto 0.38.0's test_makefile: a read-write file over the connection
    # (io.BufferedRWPair takes its buffer size positionally only).
    port = socket.create_server(("127.0.0.1", 0)).getsockname()[1]
    proc = subprocess.Popen([OPENSSL, "s_server", "-accept", f"127.0.0.1:{port}", "-www",
                             "-cert", pki["server"], "-key", pki["key"], "-quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        conn = SSL.Connection(verified_client_context(pki))
        conn.connect(("localhost", port))
        bio = conn.makefile("rwb")
        bio.write(b"GET / HTTP/1.0\n\n")
        bio.flush()
        data = bio.read()
        bio.close()
        conn.close()
        assert b"s_server" in data and b"-www" in data
    finally:
        proc.kill()
        proc.wait()


def test_checker_accepts_san_and_rejects_mismatch(pki):
    cert = X509.load_cert(pki["server"])
    assert cert.get_subject_alt_names() == [(m2.GEN_DNS, b"localhost")]
    assert X509.load_cert(pki["cn_only"]).get_subject_alt_names() == []
    assert Checker(host="localhost")(cert) is True
    with pytest.raises(WrongHost) as info:
        Checker(host="example.org")(cert)
    assert info.value.fieldName == "subjectAltName"
    with pytest.raises(NoCertificate):
        Checker(host="localhost")(None)


def test_checker_falls_back_to_common_name_only_without_san(pki):
    cert = X509.load_cert(pki["cn_only"])
    assert Checker(host="cn.example")(cert) is True
    with pytest.raises(WrongHost) as info:
        Checker(host="localhost")(cert)
    assert info.value.fieldName == "commonName"


def test_checker_pins_a_sha256_fingerprint(pki):
    cert = X509.load_cert(pki["server"])
    digest = cert.get_fingerprint("sha256").encode()
    assert Checker(peerCertHash=digest.rjust(64, b"0"))(cert) is True
    with pytest.raises(SSL.Checker.WrongCertificate):
        Checker(peerCertHash=b"0" * 64)(cert)


def test_unsafe_configurations_warn_in_compat_and_raise_in_strict(pki):
    from cryptoshim import InsecureLegacyWarning, InsecureOperationError, policy

    with pytest.warns(InsecureLegacyWarning):
        SSL.Context("tlsv1")
    with pytest.warns(InsecureLegacyWarning):
        SSL.Context().set_cipher_list("ALL:eNULL:@SECLEVEL=0")
    with pytest.warns(InsecureLegacyWarning):
        Checker()(X509.load_cert(pki["server"]))
    before = policy.current()
    policy.set_policy("strict")
    try:
        with pytest.raises(InsecureOperationError):
            SSL.Context("tlsv1")
        with pytest.raises(InsecureOperationError):
            SSL.Context().set_cipher_list("ALL:aNULL:@SECLEVEL=0")
        server = PythonEchoServer(pki)
        try:
            # The default context verifies nothing: a client handshake is refused.
            conn = SSL.Connection(SSL.Context())
            with pytest.raises(InsecureOperationError):
                conn.connect(("127.0.0.1", server.port))
            conn.close()
            # A verified connection with the host check turned off is refused too.
            conn = SSL.Connection(verified_client_context(pki))
            conn.set_post_connection_check_callback(None)
            with pytest.raises(InsecureOperationError):
                conn.connect(("127.0.0.1", server.port))
            conn.close()
        finally:
            server.sock.close()
            server.thread.join(TIMEOUT)
    finally:
        policy.set_policy(before)


@pytest.mark.parametrize("protocol", ["sslv2", "sslv3", "tlsv1_1", "tlsv5"])
def test_old_and_unknown_protocols_are_refused_as_upstream(protocol):
    with pytest.raises(ValueError, match="no such protocol '%s'" % protocol):
        SSL.Context(protocol)


def test_bad_input_gets_m2crypto_exceptions(pki, tmp_path):
    ctx = SSL.Context()
    with pytest.raises(SSL.SSLError):
        ctx.load_cert(pki["ca"] + ".missing")
    garbage = tmp_path / "garbage.pem"
    garbage.write_bytes(b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    with pytest.raises(SSL.SSLError):
        ctx.load_cert(str(garbage), pki["key"])
    with pytest.raises(SSL.SSLError):
        ctx.load_cert(pki["server"], pki["encrypted_key"], callback=lambda *a: b"wrong")
    ctx.load_cert(pki["server"], pki["encrypted_key"], callback=lambda *a: b"secret")
    with pytest.raises(TypeError):
        ctx.set_verify(SSL.verify_peer, 9, 1)
    with pytest.raises(TypeError):
        SSL.Connection("not a context")
    with pytest.raises(ValueError):
        ctx.load_verify_locations(None, None)
    with pytest.raises(SSL.SSLError):
        SSL.Session.load_session(pki["server"])
    with pytest.raises(ValueError):
        SSL.Connection(ctx).read(0)


# -- set_bio / clear / per-connection client CA list / tmp DH callback ------
# Two endpoints over memory BIOs, pumped by hand: an M2Crypto Connection
# after set_bio, and either another one or Python's ssl.SSLObject.

_TLS1_3_OFF = _core.TLS_CONSTANTS["SSL_OP_NO_TLSv1_3"]


def _m2_over_memory(ctx):
    from M2Crypto import BIO
    conn = SSL.Connection(ctx)
    return conn, BIO.MemoryBuffer(), BIO.MemoryBuffer()


def _handshake_m2_pair(client, c_in, c_out, server, s_in, s_out):
    for _ in range(50):
        client.connect_ssl()
        s_in.write(c_out.read() or b"")
        server.accept_ssl()
        c_in.write(s_out.read() or b"")
        if client.ssl.is_init_finished and server.ssl.is_init_finished:
            return
    raise AssertionError("handshake did not finish")


def _handshake_with_python_server(client, c_in, c_out, sslobj, incoming, outgoing):
    """Returns the Python side's exception, if its handshake failed."""
    done = False
    for _ in range(50):
        client.connect_ssl()
        incoming.write(c_out.read() or b"")
        if not done:
            try:
                sslobj.do_handshake()
                done = True
            except ssl.SSLWantReadError:
                pass
        c_in.write(outgoing.read())
        if done and client.ssl.is_init_finished:
            return
    raise AssertionError("handshake did not finish")


def _python_server(pki, seen_sni):
    sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    sctx.load_cert_chain(pki["server"], pki["key"])
    sctx.sni_callback = lambda obj, name, ctx: seen_sni.append(name)
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    return sctx.wrap_bio(incoming, outgoing, server_side=True), incoming, outgoing


def test_set_bio_keeps_settings_made_on_the_connection_before(pki):
    seen_sni = []
    sslobj, incoming, outgoing = _python_server(pki, seen_sni)
    client, c_in, c_out = _m2_over_memory(verified_client_context(pki))
    client.set_tlsext_host_name("localhost")
    client.set1_host("localhost")
    assert client.set_cipher_list("ECDHE-ECDSA-AES128-GCM-SHA256") == 1
    client.set_bio(c_in, c_out)
    names = client.ssl.cipher_list()  # the connection's own list, not the context's
    assert "ECDHE-ECDSA-AES128-GCM-SHA256" in names
    assert "ECDHE-ECDSA-AES256-GCM-SHA384" not in names
    client.set_connect_state()
    _handshake_with_python_server(client, c_in, c_out, sslobj, incoming, outgoing)
    assert seen_sni == ["localhost"]  # the SNI name set before set_bio was sent
    assert client.get_verify_result() == 0
    assert client.get_peer_cert().get_subject().CN == "localhost"
    assert client.write(b"over memory") == 11
    incoming.write(c_out.read())
    assert sslobj.read(100) == b"over memory"


def test_set_bio_keeps_the_expected_host_so_a_wrong_name_fails(pki):
    sslobj, incoming, outgoing = _python_server(pki, [])
    client, c_in, c_out = _m2_over_memory(verified_client_context(pki))
    client.set1_host("other.example")  # the server certificate names localhost
    client.set_bio(c_in, c_out)
    client.set_connect_state()
    with pytest.raises(SSL.SSLError, match="certificate verify failed"):
        _handshake_with_python_server(client, c_in, c_out, sslobj, incoming, outgoing)
    assert client.get_verify_result() == 62  # X509_V_ERR_HOSTNAME_MISMATCH (not in m2)


def test_clear_readies_the_connection_for_a_second_handshake(pki):
    client, c_in, c_out = _m2_over_memory(verified_client_context(pki))
    client.set_tlsext_host_name("localhost")
    client.set_bio(c_in, c_out)
    client.set_connect_state()
    for round_ in range(2):
        sslobj, incoming, outgoing = _python_server(pki, [])
        _handshake_with_python_server(client, c_in, c_out, sslobj, incoming, outgoing)
        assert client.write(b"round %d" % round_) == 7
        incoming.write(c_out.read())
        assert sslobj.read(100) == b"round %d" % round_
        sslobj.write(b"ack")
        c_in.write(outgoing.read())
        assert client.read(100) == b"ack"  # also consumes the session tickets
        assert client.clear() == 1
        assert client.get_state() == "before SSL initialization"
        assert not client.ssl.is_init_finished


def test_connection_client_ca_list_from_file_is_sent_to_the_client(pki):
    sctx = SSL.Context()
    sctx.load_cert_chain(pki["server"], pki["key"])
    sctx.set_verify(SSL.verify_peer, 9)  # ask for a certificate, do not require one
    server, s_in, s_out = _m2_over_memory(sctx)
    server.set_client_CA_list_from_file(pki["ca"])
    server.set_bio(s_in, s_out)
    server.set_accept_state()
    client, c_in, c_out = _m2_over_memory(verified_client_context(pki))
    client.set1_host("localhost")
    client.set_bio(c_in, c_out)
    client.set_connect_state()
    _handshake_m2_pair(client, c_in, c_out, server, s_in, s_out)
    names = [X509.X509_Name(n).CN for n in client.ssl.client_ca_list()]
    assert names == ["m2 test CA"]
    with pytest.raises(SSL.SSLError):
        server.set_client_CA_list_from_file(pki["key"])  # no certificate in it


def test_tmp_dh_callback_warns_and_switches_to_automatic_dh(pki, certs):
    from cryptography.hazmat.primitives.asymmetric import rsa

    from cryptoshim.exceptions import LegacyAPIWarning
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert, _ = certs("localhost", key=rsa_key, issuer=certs("m2 test CA", ca=True), ca=False,
                    sans=["localhost"])
    import os
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        cert_path, key_path = os.path.join(d, "c.pem"), os.path.join(d, "k.pem")
        with open(cert_path, "wb") as f:
            f.write(cert.public_bytes(serialization.Encoding.PEM))
        with open(key_path, "wb") as f:
            f.write(rsa_key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
        sctx = SSL.Context("tls")
        sctx.load_cert_chain(cert_path, key_path)
    sctx.set_cipher_list("DHE-RSA-AES128-GCM-SHA256")
    with pytest.warns(LegacyAPIWarning, match="set_tmp_dh"):
        sctx.set_tmp_dh_callback(lambda ssl_, is_export, keylength: None)
    with pytest.raises(TypeError):
        sctx.set_tmp_dh_callback(42)
    server, s_in, s_out = _m2_over_memory(sctx)
    server.set_bio(s_in, s_out)
    server.set_accept_state()
    cctx = SSL.Context("tls")
    cctx.set_cipher_list("DHE-RSA-AES128-GCM-SHA256")
    client, c_in, c_out = _m2_over_memory(cctx)
    client.set_post_connection_check_callback(None)
    client.ssl.set_options(_TLS1_3_OFF)
    client.set_bio(c_in, c_out)
    client.set_connect_state()
    with pytest.warns(Warning):  # verification off is reported by the policy
        _handshake_m2_pair(client, c_in, c_out, server, s_in, s_out)
    assert client.get_cipher().name() == "DHE-RSA-AES128-GCM-SHA256"


def _verified_client_handshake(pki, verify):
    """A drop-in client over memory BIOs, verifying the Python server's
    chain for "localhost" with the new-style callback `verify`."""
    ctx = SSL.Context()
    ctx.set_verify(SSL.verify_peer | SSL.verify_fail_if_no_peer_cert, 9, verify)
    ctx.load_verify_locations(pki["ca"])
    sslobj, incoming, outgoing = _python_server(pki, [])
    client, c_in, c_out = _m2_over_memory(ctx)
    client.set1_host("localhost")
    client.set_bio(c_in, c_out)
    client.set_connect_state()
    _handshake_with_python_server(client, c_in, c_out, sslobj, incoming, outgoing)
    return client


def test_new_style_verify_callback_sees_openssls_chain_in_progress(pki):
    # The server sends only its leaf; OpenSSL's chain also holds the CA from
    # the trust store, so get1_chain must name both (the peer chain would not).
    seen = []

    def verify(ok, store):
        chain = store.get1_chain()
        seen.append((store.get_error_depth(), [c.get_subject().CN for c in chain]))
        return ok

    client = _verified_client_handshake(pki, verify)
    assert len(client.get_peer_cert_chain()) == 1
    assert seen == [(1, ["localhost", "m2 test CA"]), (0, ["localhost", "m2 test CA"])]


def test_a_kept_verify_store_still_names_the_chain_after_the_handshake(pki):
    # The chain is made only when asked for, while OpenSSL's exists: a store
    # the callback keeps must get it before the step ends, whether the
    # callback read it or not.
    kept = []

    def verify(ok, store):
        kept.append(store)
        return ok

    _verified_client_handshake(pki, verify)
    assert [s.get_error_depth() for s in kept] == [1, 0]
    assert all(isinstance(s, X509.X509_Store_Context) for s in kept)
    for store in kept:
        assert [c.get_subject().CN for c in store.get1_chain()] == ["localhost", "m2 test CA"]
    assert [s.get_current_cert().get_subject().CN for s in kept] == ["m2 test CA", "localhost"]
