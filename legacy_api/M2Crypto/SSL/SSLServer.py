"""socketserver servers speaking SSL (M2Crypto/SSL/SSLServer.py)."""
import os
import socket as std_socket
from socketserver import BaseServer, TCPServer, ThreadingMixIn
from typing import Optional, Union

from cryptoshim.legacy import entry_point, legacy_class
from M2Crypto.SSL.Connection import Connection
from M2Crypto.SSL.Context import Context

if os.name != "nt":
    from socketserver import ForkingMixIn

__all__ = ["SSLServer", "ForkingSSLServer", "ThreadingSSLServer"]


@legacy_class("m2crypto.SSL.SSLServer.SSLServer")
class SSLServer(TCPServer):
    def __init__(self, server_address, RequestHandlerClass, ssl_context: Context,
                 bind_and_activate: bool = True) -> None:
        BaseServer.__init__(self, server_address, RequestHandlerClass)
        self.ssl_ctx = ssl_context
        self.socket = Connection(self.ssl_ctx)
        if bind_and_activate:
            self.server_bind()
            self.server_activate()

    @entry_point("m2crypto.SSL.SSLServer.SSLServer.handle_request")
    def handle_request(self) -> None:
        from M2Crypto.SSL import SSLError
        request = None
        client_address = None
        try:
            request, client_address = self.get_request()
            if self.verify_request(request, client_address):
                self.process_request(request, client_address)
        except SSLError:
            self.handle_error(request, client_address)

    @entry_point("m2crypto.SSL.SSLServer.SSLServer.handle_error")
    def handle_error(self, request: Optional[Union[std_socket.socket, Connection]],
                     client_address) -> None:
        print("-" * 40)
        import traceback
        traceback.print_exc()
        print("-" * 40)


@legacy_class("m2crypto.SSL.SSLServer.ThreadingSSLServer")
class ThreadingSSLServer(ThreadingMixIn, SSLServer):
    pass


if os.name != "nt":
    @legacy_class("m2crypto.SSL.SSLServer.ForkingSSLServer")
    class ForkingSSLServer(ForkingMixIn, SSLServer):
        pass
