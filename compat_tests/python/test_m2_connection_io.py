"""M2Crypto.SSL.Connection.read/write (recv, send, sendall) and accept_ssl/
connect_ssl are C call objects (_core.m2crypto.ConnectionIo,
m2_connection_call.cc) that do one step on a socket without a timeout and
hand every other call and outcome to the Python method they stand for
(`__wrapped__`). Here each outcome is
produced twice, through the C call and through that Python method, on
loopback connections in the same state: results, exception types and
messages must be the same. The Python method itself is checked against the
real M2Crypto by test_m2_flat_ssl.py's differential run and the upstream
suite. Telemetry: each call counts once, at the caller's line.
"""
import socket
import sys
import warnings

import pytest

import cryptoshim
from cryptoshim import telemetry
from M2Crypto import SSL

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::cryptoshim.InsecureLegacyWarning")

READ, WRITE = SSL.Connection.read, SSL.Connection.write
PY_READ, PY_WRITE = READ.__wrapped__, WRITE.__wrapped__
CONNECT, ACCEPT = SSL.Connection.connect_ssl, SSL.Connection.accept_ssl
PY_CONNECT, PY_ACCEPT = CONNECT.__wrapped__, ACCEPT.__wrapped__


@pytest.fixture(scope="module")
def contexts(tmp_path_factory, certs):
    root = tmp_path_factory.mktemp("connio")
    cert, key = certs("localhost", sans=["localhost"])
    (root / "chain.pem").write_bytes(certs.pem(cert) + certs.key_pem(key))
    server = SSL.Context("tls")
    server.load_cert_chain(str(root / "chain.pem"))
    client = SSL.Context("tls")
    return client, server


OPEN: list = []


@pytest.fixture(autouse=True)
def _close_connections():
    """Every connection is closed by its test: one left to the garbage
    collector shuts down on its descriptor number, which a later test's
    socket may have reused by then."""
    yield
    while OPEN:
        OPEN.pop().close()


def pair(contexts, blocking=False, connect=CONNECT, accept=ACCEPT, host=None):
    """A handshaken (client, server) over loopback TCP, both non-blocking
    (driven from this thread) unless `blocking`; connect(client) and
    accept(server) are the handshake steps, `host` the client's SNI name."""
    client_ctx, server_ctx = contexts
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    raw_client = socket.create_connection(listener.getsockname())
    raw_server, _ = listener.accept()
    listener.close()
    for raw in (raw_client, raw_server):  # no Nagle wait for small records
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    server, client = SSL.Connection(server_ctx, raw_server), SSL.Connection(client_ctx, raw_client)
    OPEN.extend((server, client))
    for conn in (server, client):
        conn.setblocking(0)
    server.set_accept_state()
    if host is not None:
        client.set_tlsext_host_name(host)
    client.set_connect_state()
    pending = {client: connect, server: accept}
    for _ in range(10000):
        for conn, step in list(pending.items()):
            if step(conn) == 1:
                del pending[conn]
        if not pending:
            break
    assert not pending, "loopback handshake did not finish"
    if blocking:
        for conn in (server, client):
            conn.setblocking(1)
    return client, server


def outcome(fn, *args, **kwargs):
    try:
        return ("value", fn(*args, **kwargs))
    except Exception as exc:  # noqa: BLE001 - compared, type and text
        return ("raise", type(exc), str(exc))


def read_all(conn, n):
    got = b""
    for _ in range(10000):
        got += conn.read(n - len(got)) if len(got) < n else b""
        if len(got) == n:
            return got
    raise AssertionError("peer never answered")


@pytest.mark.parametrize("blocking", [False, True], ids=["nonblocking", "blocking"])
def test_data_round_trips_alike(contexts, blocking):
    for fast in (True, False):
        write, read = (WRITE, READ) if fast else (PY_WRITE, PY_READ)
        client, server = pair(contexts, blocking)
        for data in (b"x", bytearray(b"abc"), memoryview(b"0123456789")[2:7], b"\0" * 40000):
            sent, view = 0, memoryview(data).cast("B")
            while sent < len(view):
                n = write(client, view[sent:])
                assert n > 0  # loopback's buffers take 40 kB
                sent += n
            assert read_all(server, len(view)) == bytes(view)
        assert write(client, b"") == 0
        assert write(server, b"pong") == 4
        assert read(client) == b"pong"
        for conn in (client, server):
            conn.close()


def test_nonblocking_read_without_data_returns_the_same(contexts):
    client, server = pair(contexts)
    assert outcome(READ, server) == outcome(PY_READ, server) == ("value", b"")
    assert outcome(READ, server, 5) == outcome(PY_READ, server, 5)


@pytest.mark.parametrize("args,kwargs", [
    ((0,), {}), ((-1,), {}), (("10",), {}), ((1.5,), {}), ((True,), {}), ((1 << 40,), {}),
    ((None,), {}), ((), {"size": 3}), ((1, 2), {}),
])
def test_read_arguments_alike(contexts, args, kwargs):
    results = []
    for read in (READ, PY_READ):
        client, server = pair(contexts)
        client.write(b"abcdef")
        results.append(outcome(read, server, *args, **kwargs))
    assert results[0] == results[1]


@pytest.mark.parametrize("args,kwargs", [
    (("text",), {}), ((None,), {}), ((5,), {}), ((), {"data": b"x"}), ((), {}),
    ((b"a", b"b"), {}), ((memoryview(b"abcdef")[::2],), {}),
])
def test_write_arguments_alike(contexts, args, kwargs):
    client, _server = pair(contexts)
    assert outcome(WRITE, client, *args, **kwargs) == outcome(PY_WRITE, client, *args, **kwargs)


@pytest.mark.parametrize("how", ["close_notify", "abrupt"])
def test_after_the_peer_closes_alike(contexts, how):
    results = []
    for fast in (True, False):
        write, read = (WRITE, READ) if fast else (PY_WRITE, PY_READ)
        client, server = pair(contexts)
        if how == "close_notify":
            server.close()
        else:
            server.socket.close()
        steps = []
        for _ in range(3):
            steps.append(outcome(read, client, 10))
        for _ in range(3):
            steps.append(outcome(write, client, b"x" * 20000))
        results.append(steps)
        client.close()
    assert results[0] == results[1]


def test_closed_connection_alike(contexts):
    results = []
    for fast in (True, False):
        write, read = (WRITE, READ) if fast else (PY_WRITE, PY_READ)
        client, _server = pair(contexts)
        client.close()
        results.append([outcome(read, client), outcome(write, client, b"x")])
    assert results[0] == results[1]


def test_timeout_goes_through_the_python_method(contexts):
    client, server = pair(contexts)
    server.settimeout(0.05)
    assert outcome(READ, server) == outcome(PY_READ, server)
    assert outcome(READ, server)[1] is SSL.SSLTimeoutError


def test_aliases_are_the_call_object():
    assert SSL.Connection.recv is READ
    assert SSL.Connection.send is SSL.Connection.sendall is WRITE
    assert WRITE.__qualname__ == "Connection.write" and READ.__name__ == "read"


def test_each_call_counts_once_at_the_callers_line(contexts):
    client, server = pair(contexts)
    telemetry.reset()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.write(b"hi"); line_w = sys._getframe().f_lineno  # noqa: E702
        read_all(server, 2)
        client.sendall(b"!"); line_s = sys._getframe().f_lineno  # noqa: E702
        server.recv(1); line_r = sys._getframe().f_lineno  # noqa: E702
    apis = telemetry.snapshot()["apis"]
    write = apis["m2crypto.SSL.Connection.write"]
    assert write["calls"] == 2
    assert write["sites"] == {f"{__file__}:{line_w}": 1, f"{__file__}:{line_s}": 1}
    read = apis["m2crypto.SSL.Connection.read"]
    assert read["sites"][f"{__file__}:{line_r}"] == 1
    legacy = [(w.filename, w.lineno) for w in caught
              if issubclass(w.category, cryptoshim.LegacyAPIWarning)]
    assert (__file__, line_w) in legacy and (__file__, line_r) in legacy


def test_handshake_steps_are_call_objects():
    assert CONNECT.__qualname__ == "Connection.connect_ssl"
    assert ACCEPT.__name__ == "accept_ssl"
    assert PY_CONNECT.__name__ == "connect_ssl" and PY_ACCEPT.__name__ == "accept_ssl"


@pytest.fixture(scope="module")
def refused(tmp_path_factory, certs):
    """(client, server) contexts: a client verifying the server's chain
    against its own self-signed certificate, which OpenSSL accepts and the
    WebPKI verifier refuses (no authorityKeyIdentifier)."""
    root = tmp_path_factory.mktemp("refused")
    cert, key = certs("localhost", sans=["localhost"])
    (root / "cert.pem").write_bytes(certs.pem(cert))
    (root / "chain.pem").write_bytes(certs.pem(cert) + certs.key_pem(key))
    server = SSL.Context("tls")
    server.load_cert_chain(str(root / "chain.pem"))
    client = SSL.Context("tls")
    client.load_verify_locations(cafile=str(root / "cert.pem"))
    client.set_verify(SSL.verify_peer, 9)
    return client, server


def _recording(step, outcomes):
    def run(conn):
        result = outcome(step, conn)
        outcomes.append(result)
        if result[0] == "raise":
            raise AssertionError(result)
        return result[1]
    return run


@pytest.mark.parametrize("fast", [True, False], ids=["c", "python"])
def test_handshake_steps_finish_alike(contexts, fast):
    connect, accept = (CONNECT, ACCEPT) if fast else (PY_CONNECT, PY_ACCEPT)
    steps = {"connect": [], "accept": []}
    client, server = pair(contexts, connect=_recording(connect, steps["connect"]),
                          accept=_recording(accept, steps["accept"]))
    # Each side wanted I/O once, then finished: M2Crypto's 0 and 1.
    assert steps == {"connect": [("value", 0), ("value", 1)],
                     "accept": [("value", 0), ("value", 1)]}
    assert client.write(b"x") == 1 and read_all(server, 1) == b"x"


@pytest.mark.parametrize("policy_name", ["compat", "strict"])
def test_a_refused_chain_is_reported_alike(refused, policy_name):
    from cryptoshim import policy
    results = []
    previous = policy.current()
    policy.set_policy(policy_name)
    try:
        for connect in (CONNECT, PY_CONNECT):
            steps: list = []
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    pair(refused, connect=_recording(connect, steps), host="localhost")
                except AssertionError:
                    pass  # a step raised: recorded in `steps`
            insecure = [str(w.message) for w in caught
                        if issubclass(w.category, cryptoshim.InsecureLegacyWarning)]
            results.append((steps, insecure))
    finally:
        policy.set_policy(previous)
    assert results[0] == results[1]
    steps, insecure = results[0]
    if policy_name == "compat":
        assert steps[-1] == ("value", 1)
        assert len([m for m in insecure if "fails the WebPKI profile" in m]) == 1
    else:
        assert steps[-1][:2] == ("raise", SSL.SSLError)
        assert "authorityKeyIdentifier" in steps[-1][2]


def test_each_handshake_step_counts_once_at_the_callers_line(contexts):
    telemetry.reset()
    client, server = pair(contexts)
    apis = telemetry.snapshot()["apis"]
    # pair()'s loop calls each step through `step(conn)`, one site per API.
    for api in ("m2crypto.SSL.Connection.connect_ssl", "m2crypto.SSL.Connection.accept_ssl"):
        assert apis[api]["calls"] == 2, apis[api]
        assert len(apis[api]["sites"]) == 1


def _verifying(contexts):
    """A client context that verifies the server (a callback accepting what
    OpenSSL refuses: the test certificate is self-issued), and the server
    context."""
    _client, server = contexts
    ctx = SSL.Context("tls")
    ctx.set_verify(SSL.verify_peer, 9, lambda ok, store: 1)
    return ctx, server


def _no_host_warnings(record):
    return [w for w in record if issubclass(w.category, cryptoshim.InsecureLegacyWarning)
            and "without a host name" in str(w.message)]


@pytest.mark.parametrize("connect", [CONNECT, PY_CONNECT], ids=["c", "python"])
def test_the_first_step_runs_the_policy_checks_alike(contexts, connect):
    """connect_ssl's C step runs the client policy checks itself when they
    find nothing to report, and leaves a finding to the Python method: a
    verifying client without a host name is warned once per context either
    way, and a connection's checks run once (_policy_checked)."""
    ctx = _verifying(contexts)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        for _ in range(3):
            client, server = pair(ctx, connect=connect)  # no host name
            assert client._policy_checked is True
    assert len(_no_host_warnings(record)) == 1


def test_a_finding_of_the_c_step_is_the_python_methods_to_report(contexts):
    """What the checks find goes to the Python method, which reports it:
    under strict, a client that does not verify the server is refused at
    its first step, as the method refuses it."""
    from cryptoshim import policy

    before = policy.current()
    policy.set_policy("strict")
    try:
        client_ctx, server_ctx = contexts
        ctx = SSL.Context("tls")
        ctx.set_verify(SSL.verify_none, 9)
        with pytest.raises(cryptoshim.InsecureOperationError, match="VERIFY_NONE"):
            pair((ctx, server_ctx), host="localhost")
    finally:
        policy.set_policy(before)


class _Raising:
    @property
    def host(self):
        raise RuntimeError("host property failed")


def test_connection_expected_host(contexts):
    """_core.m2crypto.connection_expected_host (the Python method and the C
    step both ask it): the SNI name, else set1_host's, else the
    post-connection check's host, else connect()'s address host when a
    post-connection check will run, else None."""
    from cryptoshim._core import m2crypto

    client_ctx, _ = contexts

    def fresh():
        conn = SSL.Connection(client_ctx)
        OPEN.append(conn)
        return conn

    conn = fresh()
    assert m2crypto.connection_expected_host(conn) is None
    assert conn._expected_host() is None
    conn.addr = ("addr.example", 443)
    assert m2crypto.connection_expected_host(conn) == "addr.example"
    conn.addr = (b"bytes.example", 443)
    assert m2crypto.connection_expected_host(conn) == b"bytes.example"
    conn.addr = (1234, 443)
    assert m2crypto.connection_expected_host(conn) is None
    conn.addr = ("addr.example", 443)
    conn.clientPostConnectionCheck.host = "check.example"
    assert m2crypto.connection_expected_host(conn) == "check.example"
    conn.set_post_connection_check_callback(None)  # no check: no host from it
    assert m2crypto.connection_expected_host(conn) is None
    conn.set1_host("name.example")
    assert m2crypto.connection_expected_host(conn) == "name.example"
    conn.set_tlsext_host_name("sni.example")
    assert m2crypto.connection_expected_host(conn) == b"sni.example"

    conn = fresh()
    conn.clientPostConnectionCheck = _Raising()
    with pytest.raises(RuntimeError, match="host property failed"):
        m2crypto.connection_expected_host(conn)
    with pytest.raises(RuntimeError, match="host property failed"):
        conn.connect_ssl()  # the C step hands it to the method, which raises it
