"""M2Crypto.SSL.ssl_dispatcher (M2Crypto <= 0.39): an asyncore dispatcher over
an SSL.Connection. asyncore left the standard library in Python 3.12, as
M2Crypto 0.40 dropped this module; where asyncore is missing, importing this
fails with the same ImportError the real module gives."""
import asyncore
import socket

from cryptoshim.legacy import entry_point, legacy_class
from M2Crypto.SSL.Connection import Connection

__all__ = ["ssl_dispatcher"]


@legacy_class("m2crypto.SSL.ssl_dispatcher.ssl_dispatcher")
class ssl_dispatcher(asyncore.dispatcher):
    @entry_point("m2crypto.SSL.ssl_dispatcher.ssl_dispatcher.create_socket")
    def create_socket(self, ssl_context) -> None:
        self.family_and_type = socket.AF_INET, socket.SOCK_STREAM
        self.ssl_ctx = ssl_context
        self.socket = Connection(self.ssl_ctx)
        self.add_channel()

    @entry_point("m2crypto.SSL.ssl_dispatcher.ssl_dispatcher.connect")
    def connect(self, addr) -> None:
        self.socket.setblocking(1)
        self.socket.connect(addr)
        self.socket.setblocking(0)

    @entry_point("m2crypto.SSL.ssl_dispatcher.ssl_dispatcher.recv")
    def recv(self, buffer_size: int = 4096) -> bytes:
        """Receive data over SSL."""
        return self.socket.recv(buffer_size)

    @entry_point("m2crypto.SSL.ssl_dispatcher.ssl_dispatcher.send")
    def send(self, buffer: bytes) -> int:
        """Send data over SSL."""
        return self.socket.send(buffer)
