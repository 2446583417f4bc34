"""M2Crypto.SSL.TwistedProtocolWrapper: TLS for Twisted protocols through
the flat m2 BIO API, with M2Crypto 0.51.0's surface (connectSSL,
connectTCP, listenSSL, listenTCP, TLSProtocolWrapper).

The wrapper sits between Twisted's transport and the application's
protocol. TLS runs on an SSL BIO over one half of a BIO pair; the other
half is the network side, whose bytes go to and come from the transport.
M2Crypto 0.51.0's own copy builds that pair from two memory BIOs, which
OpenSSL does not pair, so it never completes a handshake; this one uses a
BIO pair (m2.bio_s_bio), as M2Crypto did before.

Twisted is an optional dependency, as in M2Crypto: importing this module
without it raises ImportError saying so."""
from __future__ import annotations

import logging
from typing import Any, Callable, Iterable, Optional

try:
    import twisted.internet.reactor
    import twisted.protocols.policies as policies
    from twisted.internet.interfaces import ITLSTransport
    from twisted.protocols.policies import ProtocolWrapper
    from zope.interface import implementer
except ImportError as exc:  # an optional feature fails loudly
    raise ImportError("M2Crypto.SSL.TwistedProtocolWrapper needs Twisted (pip install twisted): "
                      f"{exc}") from exc

from cryptoshim.legacy import entry_point, legacy_class
from M2Crypto import BIO, X509, m2
from M2Crypto.SSL.Checker import Checker, SSLVerificationError

__all__ = ["connectSSL", "connectTCP", "listenSSL", "listenTCP", "TLSProtocolWrapper"]

log = logging.getLogger(__name__)


def _alwaysSucceedsPostConnectionCheck(peerX509, expectedHost) -> int:
    return 1


def _wrapping_factory(factory, **options):
    """A WrappingFactory whose protocols are TLSProtocolWrapper(options)."""
    wrapping = policies.WrappingFactory(factory)
    wrapping.protocol = lambda factory, wrapped: TLSProtocolWrapper(factory, wrapped, **options)
    return wrapping


@entry_point("m2crypto.SSL.TwistedProtocolWrapper.connectSSL")
def connectSSL(host, port, factory, contextFactory, timeout=30, bindAddress=None,
               reactor=twisted.internet.reactor,
               postConnectionCheck=Checker()):  # noqa: B008  (upstream's signature)
    """Connects and starts TLS at once (IReactorSSL.connectSSL)."""
    wrapping = _wrapping_factory(factory, startPassThrough=0, client=1,
                                 contextFactory=contextFactory,
                                 postConnectionCheck=postConnectionCheck)
    return reactor.connectTCP(host, port, wrapping, timeout, bindAddress)


@entry_point("m2crypto.SSL.TwistedProtocolWrapper.connectTCP")
def connectTCP(host, port, factory, timeout=30, bindAddress=None,
               reactor=twisted.internet.reactor,
               postConnectionCheck=Checker()):  # noqa: B008  (upstream's signature)
    """Connects in the clear; the protocol calls transport.startTLS(ctx) later."""
    wrapping = _wrapping_factory(factory, startPassThrough=1, client=1, contextFactory=None,
                                 postConnectionCheck=postConnectionCheck)
    return reactor.connectTCP(host, port, wrapping, timeout, bindAddress)


@entry_point("m2crypto.SSL.TwistedProtocolWrapper.listenSSL")
def listenSSL(port, factory, contextFactory, backlog=5, interface="",
              reactor=twisted.internet.reactor,
              postConnectionCheck=_alwaysSucceedsPostConnectionCheck):
    """Listens; every connection starts with a TLS handshake."""
    wrapping = _wrapping_factory(factory, startPassThrough=0, client=0,
                                 contextFactory=contextFactory,
                                 postConnectionCheck=postConnectionCheck)
    return reactor.listenTCP(port, wrapping, backlog, interface)


@entry_point("m2crypto.SSL.TwistedProtocolWrapper.listenTCP")
def listenTCP(port, factory, backlog=5, interface="", reactor=twisted.internet.reactor,
              postConnectionCheck=None):
    """Listens in the clear; the protocol calls transport.startTLS(ctx) later."""
    wrapping = _wrapping_factory(factory, startPassThrough=1, client=0, contextFactory=None,
                                 postConnectionCheck=postConnectionCheck)
    return reactor.listenTCP(port, wrapping, backlog, interface)


class _BioProxy:
    """Holds a BIO handle (M2Crypto keeps the __del__ off the wrapper so it
    can be collected)."""

    def __init__(self, bio) -> None:
        self.bio = bio

    @staticmethod
    def m2_bio_free_all(bio) -> None:
        m2.bio_free_all(bio)

    def _ptr(self):
        return self.bio


class _SSLProxy:
    """Holds an SSL handle, as _BioProxy holds a BIO."""

    def __init__(self, ssl) -> None:
        self.ssl = ssl

    @staticmethod
    def m2_ssl_free(ssl) -> None:
        m2.ssl_free(ssl)

    def _ptr(self):
        return self.ssl


def _verify_failure(wrapper, exc: BIO.BIOError) -> BIO.BIOError:
    """M2Crypto's convention: BIOError's args become (verify result, message);
    the caller re-raises the same exception, as M2Crypto does."""
    exc.args = (m2.ssl_get_verify_result(wrapper.ssl._ptr()), exc.args[0] if exc.args else "")
    return exc


@legacy_class("m2crypto.SSL.TwistedProtocolWrapper.TLSProtocolWrapper")
@implementer(ITLSTransport)
class TLSProtocolWrapper(ProtocolWrapper):
    """A Twisted ProtocolWrapper that speaks TLS with the peer and clear
    text with the wrapped protocol; pass-through until startTLS()."""

    ctx: Any = None
    sslBio: Optional[_BioProxy] = None
    ssl: Optional[_SSLProxy] = None
    internalBio: Any = None
    networkBio: Optional[_BioProxy] = None

    def __init__(self, factory, wrappedProtocol, startPassThrough: int, client: int,
                 contextFactory, postConnectionCheck: Optional[Callable]) -> None:
        # Not ProtocolWrapper.__init__: it would make the wrapping factory the
        # wrapped protocol's factory, which M2Crypto keeps as it was.
        self.factory = factory
        self.wrappedProtocol = wrappedProtocol
        self.data = b""  # clear text waiting to be encrypted
        self.encrypted = b""  # bytes from the network waiting to be decrypted
        self.tlsStarted = 0
        self.checked = 0
        self.isClient = client
        self.helloDone = 0
        self.postConnectionCheck = postConnectionCheck or _alwaysSucceedsPostConnectionCheck
        if not startPassThrough and contextFactory is not None:
            self.startTLS(contextFactory.getContext())

    def clear(self) -> None:
        """Forgets the TLS state; the wrapper can be used again."""
        if getattr(self, "tlsStarted", 0):
            self.sslBio = self.ssl = self.internalBio = self.networkBio = None
        self.data = self.encrypted = b""
        self.tlsStarted = self.checked = self.helloDone = 0
        self.isClient = 1

    def startTLS(self, ctx) -> None:
        """Switches to TLS with an M2Crypto.SSL.Context (ITLSTransport)."""
        if self.tlsStarted:
            raise Exception("TLS already started")
        self.ctx = ctx
        self.internalBio = m2.bio_new(m2.bio_s_bio())
        m2.bio_set_write_buf_size(self.internalBio, 0)  # OpenSSL's default size
        self.networkBio = _BioProxy(m2.bio_new(m2.bio_s_bio()))
        m2.bio_set_write_buf_size(self.networkBio._ptr(), 0)
        m2.bio_make_bio_pair(self.internalBio, self.networkBio._ptr())
        self.sslBio = _BioProxy(m2.bio_new(m2.bio_f_ssl()))
        self.ssl = _SSLProxy(m2.ssl_new(self.ctx.ctx))
        if self.isClient:
            m2.ssl_set_connect_state(self.ssl._ptr())
        else:
            m2.ssl_set_accept_state(self.ssl._ptr())
        m2.ssl_set_bio(self.ssl._ptr(), self.internalBio, self.internalBio)
        m2.bio_set_ssl(self.sslBio._ptr(), self.ssl._ptr(), m2.bio_noclose)
        # Writes larger than the pair's buffers go in pieces.
        mode = m2.ssl_get_mode(self.ssl._ptr())
        m2.ssl_set_mode(self.ssl._ptr(), mode | m2.SSL_MODE_ENABLE_PARTIAL_WRITE
                        | m2.SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER)
        self.tlsStarted = 1

    def write(self, data: bytes) -> None:
        if not self.tlsStarted:
            ProtocolWrapper.write(self, data)
            return
        try:
            ProtocolWrapper.write(self, self._encrypt(data))
            self.helloDone = 1
        except BIO.BIOError as exc:
            _verify_failure(self, exc)
            raise

    def writeSequence(self, data: Iterable[bytes]) -> None:
        if not self.tlsStarted:
            ProtocolWrapper.writeSequence(self, b"".join(data))
            return
        self.write(b"".join(data))

    def loseConnection(self) -> None:
        ProtocolWrapper.loseConnection(self)

    def connectionMade(self) -> None:
        ProtocolWrapper.connectionMade(self)
        if self.tlsStarted and self.isClient and not self.helloDone:
            self._clientHello()

    def dataReceived(self, data: bytes) -> None:
        if not self.tlsStarted:
            ProtocolWrapper.dataReceived(self, data)
            return
        self.encrypted += data
        try:
            while True:
                decrypted = self._decrypt()
                self._check()
                encrypted = self._encrypt()
                ProtocolWrapper.write(self, encrypted)
                ProtocolWrapper.dataReceived(self, decrypted)
                if decrypted == b"" and encrypted == b"":
                    break
        except BIO.BIOError as exc:
            _verify_failure(self, exc)
            raise

    def connectionLost(self, reason=None) -> None:
        self.clear()
        ProtocolWrapper.connectionLost(self, reason)

    def _check(self) -> None:
        """The post-connection check, once, when the handshake is done."""
        if self.checked or self.ssl is None or not m2.ssl_is_init_finished(self.ssl._ptr()):
            return
        peer = m2.ssl_get_peer_cert(self.ssl._ptr())
        x509 = X509.X509(peer, 1) if peer is not None else None
        if self.transport is None:
            return
        host = self.transport.addr[0] if self.isClient else self.transport.getPeer().host  # type: ignore[misc]  # zope interface attribute
        if not self.postConnectionCheck(x509, host):
            raise SSLVerificationError("post connection check")
        self.checked = 1

    def _clientHello(self) -> None:
        try:
            # M2Crypto relies on an empty BIO_write starting the handshake,
            # which OpenSSL 3 answers with 0 and nothing sent: the handshake
            # is started explicitly, and the ClientHello is in the pair.
            m2.ssl_do_handshake(self.ssl._ptr())  # type: ignore[union-attr]  # set by startTLS
            ProtocolWrapper.write(self, self._encrypt())
            self.helloDone = 1
        except BIO.BIOError as exc:
            _verify_failure(self, exc)
            raise

    def _encrypt(self, data: bytes = b"", clientHello: int = 0) -> bytes:
        """Clear text into the SSL BIO; what TLS put on the network side out."""
        out = b""
        self.data += data
        ssl_bio, net_bio = self.sslBio._ptr(), self.networkBio._ptr()  # type: ignore[union-attr]  # set by startTLS
        while True:
            if (m2.bio_ctrl_get_write_guarantee(ssl_bio) > 0 and self.data != b"") or clientHello:
                written = m2.bio_write(ssl_bio, self.data)
                if written <= 0:
                    if not m2.bio_should_retry(ssl_bio):
                        raise OSError(
                            f"Data left to be written to {self.sslBio}, but cannot retry SSL "
                            "connection!"
                        )
                else:
                    assert self.checked
                    self.data = self.data[written:]
            pending = m2.bio_ctrl_pending(net_bio)
            if not pending:
                return out
            chunk = m2.bio_read(net_bio, pending)
            if chunk is not None:
                out += chunk
            else:
                assert m2.bio_should_retry(net_bio)

    def _decrypt(self, data: bytes = b"") -> bytes:
        """Network bytes into the pair; the clear text the SSL BIO gives out."""
        self.encrypted += data
        out = b""
        ssl_bio, net_bio = self.sslBio._ptr(), self.networkBio._ptr()  # type: ignore[union-attr]  # set by startTLS
        while True:
            if m2.bio_ctrl_get_write_guarantee(ssl_bio) > 0 and self.encrypted != b"":
                written = m2.bio_write(net_bio, self.encrypted)
                if written <= 0:
                    if not m2.bio_should_retry(net_bio):
                        raise OSError(
                            f"Data left to be written to {self.networkBio}, "
                            "but cannot retry SSL connection!"
                        )
                else:
                    self.encrypted = self.encrypted[written:]
            pending = m2.bio_ctrl_pending(ssl_bio)
            if not pending:
                return out
            chunk = m2.bio_read(ssl_bio, pending)
            if chunk is not None:
                out += chunk
            else:
                assert m2.bio_should_retry(ssl_bio)
