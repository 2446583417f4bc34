"""M2Crypto.SSL.TwistedProtocolWrapper over the drop-in's TLS: two wrappers
(client and server) joined by Twisted's in-memory transports, bytes pumped
between them, application data checked on both sides - a TLS handshake,
echo of every size up to 64 KiB, STARTTLS after clear text, the
post-connection check, and the module surface of M2Crypto 0.51.0."""
import subprocess

import pytest

pytest.importorskip("twisted", reason="Twisted is in scripts/requirements-dev.txt")
from twisted.internet.protocol import Factory, Protocol  # noqa: E402
from twisted.internet.testing import StringTransport  # noqa: E402
from twisted.protocols.policies import WrappingFactory  # noqa: E402

from M2Crypto import SSL  # noqa: E402
from M2Crypto.SSL import TwistedProtocolWrapper as tpw  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    d = tmp_path_factory.mktemp("twisted-pki")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem",
                    "-out", "cert.pem", "-days", "2", "-subj", "/CN=twisted.example"],
                   check=True, capture_output=True, cwd=d)
    return d


class _Contexts:
    def __init__(self, ctx):
        self.ctx = ctx

    def getContext(self):
        return self.ctx


def _server_context(pki):
    ctx = SSL.Context()
    ctx.load_cert(str(pki / "cert.pem"), str(pki / "key.pem"))
    return ctx


class Echo(Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class Collect(Protocol):
    def __init__(self):
        self.received = b""

    def dataReceived(self, data):
        self.received += data


def _pair(pki, check=lambda x509, host: 1, pass_through=0):
    seen = []

    def recording_check(x509, host):
        seen.append((x509.get_subject().CN if x509 is not None else None, host))
        return check(x509, host)
    server = tpw.TLSProtocolWrapper(WrappingFactory(Factory.forProtocol(Echo)), Echo(),
                                    pass_through, 0, _Contexts(_server_context(pki)), None)
    client_app = Collect()
    client = tpw.TLSProtocolWrapper(WrappingFactory(Factory.forProtocol(Collect)), client_app,
                                    pass_through, 1, _Contexts(SSL.Context()), recording_check)
    st, ct = StringTransport(), StringTransport()
    ct.addr = ("127.0.0.1", 4433)  # what a TCP client transport has
    server.makeConnection(st)
    client.makeConnection(ct)
    return server, client, client_app, st, ct, seen


def _pump(server, client, st, ct):
    for _ in range(100):
        c_out, s_out = ct.value(), st.value()
        if not c_out and not s_out:
            return
        ct.clear()
        st.clear()
        if c_out:
            server.dataReceived(c_out)
        if s_out:
            client.dataReceived(s_out)
    raise AssertionError("the wrappers kept talking")


def test_module_surface_is_m2crypto_0_51_0s():
    assert tpw.__all__ == ["connectSSL", "connectTCP", "listenSSL", "listenTCP",
                           "TLSProtocolWrapper"]
    for name in ("_BioProxy", "_SSLProxy", "_alwaysSucceedsPostConnectionCheck", "log"):
        assert hasattr(tpw, name)
    assert tpw._alwaysSucceedsPostConnectionCheck(None, "x") == 1


def test_handshake_and_echo_of_every_size(pki):
    server, client, app, st, ct, seen = _pair(pki)
    _pump(server, client, st, ct)
    assert client.checked and server.checked
    assert seen == [("twisted.example", "127.0.0.1")]
    sent = b""
    for n in (1, 15, 16, 17, 1000, 16384, 16385, 65536):
        data = bytes(range(256)) * (n // 256) + bytes(range(n % 256))
        client.write(data)
        _pump(server, client, st, ct)
        sent += data
        assert app.received == sent, n
    client.writeSequence([b"a", b"b", b"c"])
    _pump(server, client, st, ct)
    assert app.received.endswith(b"abc")
    # What went over the wire was encrypted.
    assert b"abc" not in st.value() + ct.value()


def test_failed_post_connection_check_raises(pki):
    server, client, app, st, ct, seen = _pair(pki, check=lambda x509, host: 0)
    with pytest.raises(tpw.SSLVerificationError):
        _pump(server, client, st, ct)


def test_starttls_after_clear_text(pki):
    server, client, app, st, ct, seen = _pair(pki, pass_through=1)
    client.write(b"EHLO clear")
    _pump(server, client, st, ct)
    assert app.received == b"EHLO clear"  # passed through, echoed in the clear
    server.startTLS(_server_context(pki))
    client.startTLS(SSL.Context())
    client._clientHello()
    _pump(server, client, st, ct)
    client.write(b"secret")
    _pump(server, client, st, ct)
    assert app.received == b"EHLO clearsecret"
    with pytest.raises(Exception, match="TLS already started"):
        client.startTLS(SSL.Context())
    client.connectionLost()
    assert client.tlsStarted == 0 and client.ssl is None


def test_convenience_functions_wire_the_wrapper(pki):
    class Reactor:
        def connectTCP(self, host, port, factory, timeout, bindAddress):
            self.made = factory.protocol(factory, Collect())
            return (host, port, timeout, bindAddress)

        def listenTCP(self, port, factory, backlog, interface):
            self.made = factory.protocol(factory, Echo())
            return (port, backlog, interface)
    reactor = Reactor()
    assert tpw.connectSSL("h", 1, Factory.forProtocol(Collect), _Contexts(SSL.Context()),
                          reactor=reactor) == ("h", 1, 30, None)
    assert reactor.made.tlsStarted and reactor.made.isClient
    tpw.connectTCP("h", 1, Factory.forProtocol(Collect), reactor=reactor)
    assert not reactor.made.tlsStarted
    assert tpw.listenSSL(0, Factory.forProtocol(Echo), _Contexts(_server_context(pki)),
                         reactor=reactor) == (0, 5, "")
    assert reactor.made.tlsStarted and not reactor.made.isClient
    tpw.listenTCP(0, Factory.forProtocol(Echo), reactor=reactor)
    assert not reactor.made.tlsStarted
