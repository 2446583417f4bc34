"""M2Crypto.SSL.Connection.postConnectionCheck: M2Crypto's connect() takes
getattr(self, "postConnectionCheck", self.clientPostConnectionCheck), so a
program replaces the host check on the connection, on a subclass, or on the
Connection class itself (`SSL.Connection.postConnectionCheck = None` is a
common way to turn it off). Each must reach connect() against a real TLS
server (Python's ssl over loopback)."""
from __future__ import annotations

import pytest
from test_m2crypto_ssl import PythonEchoServer, pki, verified_client_context  # noqa: F401

from cryptoshim.exceptions import InsecureLegacyWarning
from M2Crypto import SSL
from M2Crypto.SSL.Checker import WrongHost

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


class _Recorder:
    def __init__(self):
        self.calls = []

    def __call__(self, cert, host):
        self.calls.append((cert.get_subject().CN, host))
        return True


def _connect(pki, conn):  # noqa: F811 - pki is the fixture's value
    server = PythonEchoServer(pki)
    try:
        conn.connect(("127.0.0.1", server.port))
        conn.write(b"hi\n")
        assert conn.read(100) == b"HI\n"
        conn.close()
    finally:
        server.close()
    assert server.error is None


def test_the_default_check_compares_the_address_with_the_certificate(pki):  # noqa: F811
    # 127.0.0.1 is not the certificate's DNS:localhost: the default Checker refuses.
    server = PythonEchoServer(pki)
    try:
        conn = SSL.Connection(verified_client_context(pki))
        with pytest.raises(WrongHost):
            conn.connect(("127.0.0.1", server.port))
        conn.close()
    finally:
        server.close()


def test_a_check_set_on_the_connection_is_used(pki):  # noqa: F811
    conn = SSL.Connection(verified_client_context(pki))
    conn.postConnectionCheck = recorder = _Recorder()
    _connect(pki, conn)
    assert recorder.calls == [("localhost", "127.0.0.1")]


def test_a_check_set_on_a_subclass_is_used(pki):  # noqa: F811
    recorder = _Recorder()

    class Checked(SSL.Connection):
        postConnectionCheck = staticmethod(recorder)

    _connect(pki, Checked(verified_client_context(pki)))
    assert recorder.calls == [("localhost", "127.0.0.1")]


def test_a_check_set_on_the_connection_class_is_used(pki, monkeypatch):  # noqa: F811
    recorder = _Recorder()
    monkeypatch.setattr(SSL.Connection, "postConnectionCheck", staticmethod(recorder),
                        raising=False)
    _connect(pki, SSL.Connection(verified_client_context(pki)))
    assert recorder.calls == [("localhost", "127.0.0.1")]


def test_no_check_on_the_connection_class_turns_it_off_and_is_reported(pki, monkeypatch):  # noqa: F811
    monkeypatch.setattr(SSL.Connection, "postConnectionCheck", None, raising=False)
    with pytest.warns(InsecureLegacyWarning, match="post-connection"):
        _connect(pki, SSL.Connection(verified_client_context(pki)))
