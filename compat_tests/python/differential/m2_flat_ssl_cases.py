"""Run by both the real M2Crypto 0.51.0 and cryptoshim's drop-in (separate
interpreters): drives real TLS over loopback, against a Python `ssl` server
thread in this process, through the flat M2Crypto.m2 ssl_* functions, and
prints {case: outcome} as JSON. An outcome is a plain value (bytes as
["bytes", length, hex of the first 32]), "<handle>" for an opaque handle, or
["raise", exception class name] for an exception. test_m2_flat_ssl.py
compares the two documents.

argv: a directory with cert.pem / key.pem (a self-signed "localhost") and
key-enc.pem (that key encrypted with the passphrase "secret"), dh.pem (DH
parameters).
"""
import base64
import json
import select
import socket
import ssl
import sys
import threading
import warnings

warnings.simplefilter("ignore")
from M2Crypto import BIO, DH, EVP, RSA, SSL, X509, m2  # noqa: E402

FIX = sys.argv[1]
CERT = FIX + "/cert.pem"
KEY = FIX + "/key.pem"
ENCRYPTED_KEY = FIX + "/key-enc.pem"  # the same key under the passphrase "secret"
DH_PARAMS = FIX + "/dh.pem"
TIMEOUT = 20
LENGTHS = [*list(range(0, 65)), 255, 256, 1000, 4095, 4096, 16383, 16384, 16385, 65536, 100000]
RESULTS: dict = {}


def normal(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (bytes, bytearray)):
        return ["bytes", len(value), bytes(value[:32]).hex()]
    if isinstance(value, (list, tuple)):
        return [normal(v) for v in value]
    return "<handle>"


def case(name, fn):
    try:
        RESULTS[name] = normal(fn())
    except Exception as exc:
        RESULTS[name] = ["raise", type(exc).__name__]


# -- the peer: a Python ssl server; per connection a 1-byte command --------
class Server:
    """E: echo until the client closes, then close_notify. C: send b'bye'
    and close_notify. A: send b'bye' and drop the socket (no close_notify).
    H: handshake and wait for the client to go."""

    def __init__(self):
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(CERT, KEY)
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self.loop, daemon=True).start()

    def loop(self):
        while True:
            conn, _ = self.sock.accept()
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, raw):
        try:
            raw.settimeout(TIMEOUT)
            tls = self.ctx.wrap_socket(raw, server_side=True)
            command = tls.recv(1)
            if command == b"E":
                while True:
                    chunk = tls.recv(65536)
                    if not chunk:
                        break
                    tls.sendall(chunk)
                tls.unwrap()
            elif command == b"C":
                tls.sendall(b"bye")
                tls.unwrap()
            elif command == b"A":
                tls.sendall(b"bye")
            elif command == b"H":
                tls.recv(1)
            tls.close()
        except (OSError, ssl.SSLError, ValueError):
            raw.close()


SERVER = Server()


def client_ctx():
    ctx = SSL.Context()
    ctx.set_verify(SSL.verify_none, 9)
    return ctx


def flat_connect(command=b"E", blocking=True):
    """A pure flat-API client: ssl_ctx_new, ssl_new, ssl_set_fd, ssl_connect."""
    ctx = m2.ssl_ctx_new(m2.sslv23_method())
    s = m2.ssl_new(ctx)
    sock = socket.create_connection(("127.0.0.1", SERVER.port), timeout=TIMEOUT)
    sock.settimeout(None)
    assert m2.ssl_set_fd(s, sock.fileno()) == 1
    m2.ssl_set_connect_state(s)
    if blocking:
        assert m2.ssl_connect(s) == 1
    else:
        sock.setblocking(False)
        while True:
            ret = m2.ssl_connect(s)
            if ret == 1:
                break
            assert ret == 0
            wait(sock, s, ret)
        sock.setblocking(True)
    if command:
        assert m2.ssl_write(s, command) == 1
    return ctx, s, sock


def wait(sock, s, ret):
    err = m2.ssl_get_error(s, ret)
    if err == m2.ssl_error_want_read:
        select.select([sock], [], [], TIMEOUT)
    elif err == m2.ssl_error_want_write:
        select.select([], [sock], [], TIMEOUT)
    else:
        raise AssertionError(f"unexpected ssl_get_error {err}")


def read_exactly(s, n, reader):
    data = b""
    while len(data) < n:
        chunk = reader(s, n - len(data))
        if not chunk:
            raise AssertionError(f"short read: {len(data)} of {n} ({chunk!r})")
        data += chunk
    return data


def payload(n):
    return bytes((i * 7 + n) % 256 for i in range(n))


# -- blocking flat round trips ------------------------------------------------
def blocking_round_trips():
    _ctx, s, sock = flat_connect()
    seen = []
    for n in LENGTHS:
        if n == 0:
            continue
        data = payload(n)
        written = 0
        while written < n:
            written += m2.ssl_write(s, data[written:])
        echoed = read_exactly(s, n, m2.ssl_read)
        seen.append(echoed == data)
    m2.ssl_shutdown(s)
    sock.close()
    return all(seen), len(seen)


case("blocking_round_trips", blocking_round_trips)


def state_after_handshake():
    _ctx, s, sock = flat_connect(b"H")
    cipher = m2.ssl_get_current_cipher(s)
    stack = m2.ssl_get_ciphers(s)
    peer = m2.ssl_get_peer_cert(s)
    chain = m2.ssl_get_peer_cert_chain(s)
    out = {
        "version": m2.ssl_get_version(s),
        "state": m2.ssl_get_state(s),
        "state_v": m2.ssl_get_state_v(s),
        "init_finished": m2.ssl_is_init_finished(s),
        "cipher_name": m2.ssl_cipher_get_name(cipher),
        "cipher_version": m2.ssl_cipher_get_version(cipher),
        "cipher_bits": m2.ssl_cipher_get_bits(cipher),
        "stack_is_int": isinstance(m2.sk_ssl_cipher_num(stack), int),
        "stack_first_name": m2.ssl_cipher_get_name(m2.sk_ssl_cipher_value(stack, 0)),
        "stack_past_end": m2.sk_ssl_cipher_value(stack, m2.sk_ssl_cipher_num(stack)),
        "cipher_list_0": m2.ssl_get_cipher_list(s, 0),
        "cipher_list_past_end": m2.ssl_get_cipher_list(s, 100000),
        "peer_cn": X509.X509(peer, 1).get_subject().CN,
        "chain_len": len(X509.X509_Stack(chain)) if chain is not None else None,
        "verify_result": m2.ssl_get_verify_result(s),
        "verify_mode": m2.ssl_get_verify_mode(s),
        "verify_depth": m2.ssl_get_verify_depth(s),
        "default_timeout": m2.ssl_get_default_session_timeout(s),
        "pending": m2.ssl_pending(s),
        "shutdown_state": m2.ssl_get_shutdown(s),
        "ctx_back": m2.ssl_get_ssl_ctx(s) is not None,
        "error_ok": m2.ssl_get_error(s, 1),
    }
    m2.ssl_write(s, b"x")
    sock.close()
    return sorted(out.items())


case("state_after_handshake", state_after_handshake)


def sessions():
    ctx, s, sock = flat_connect(b"C")
    assert read_exactly(s, 3, m2.ssl_read) == b"bye"
    sess = m2.ssl_get1_session(s)
    same = m2.ssl_get_session(s)
    out = {"have_session": sess is not None and same is not None}
    mem = BIO.MemoryBuffer()
    out["write_pem"] = m2.ssl_session_write_pem(sess, mem._ptr())
    pem = mem.read()
    out["pem_head"] = pem.split(b"\n")[0].decode()
    der = BIO.MemoryBuffer()
    out["i2d"] = m2.i2d_ssl_session(der._ptr(), sess)
    body = b"".join(line for line in pem.split(b"\n") if line and not line.startswith(b"-----"))
    out["i2d_is_the_pem_body"] = der.read() == base64.b64decode(body)
    source = BIO.MemoryBuffer(pem)  # kept: M2Crypto frees the BIO with the object
    back = m2.ssl_session_read_pem(source._ptr())
    out["read_back"] = back is not None
    out["timeout_is_int"] = isinstance(m2.ssl_session_get_timeout(back), int)
    out["set_timeout"] = m2.ssl_session_set_timeout(back, 600)
    out["timeout_after"] = m2.ssl_session_get_timeout(back)
    text = BIO.MemoryBuffer()
    out["print"] = m2.ssl_session_print(text._ptr(), back)
    out["print_has_protocol"] = b"Protocol" in (text.read() or b"")
    out["add_session"] = m2.ssl_ctx_add_session(ctx, back)
    out["add_again"] = m2.ssl_ctx_add_session(ctx, back)
    out["remove"] = m2.ssl_ctx_remove_session(ctx, back)
    out["remove_again"] = m2.ssl_ctx_remove_session(ctx, back)
    fresh = m2.ssl_new(ctx)
    out["set_session"] = m2.ssl_set_session(fresh, back)
    m2.ssl_session_free(back)
    sock.close()
    return sorted(out.items())


case("sessions", sessions)
EMPTY_BIO, GARBAGE_BIO = BIO.MemoryBuffer(b""), BIO.MemoryBuffer(b"not a pem\n")
case("session_read_pem_empty", lambda: m2.ssl_session_read_pem(EMPTY_BIO._ptr()))
case("session_read_pem_garbage", lambda: m2.ssl_session_read_pem(GARBAGE_BIO._ptr()))
case("i2d_ssl_session_null", lambda: m2.i2d_ssl_session(None, None))
case("i2d_ssl_session_wrong_type", lambda: m2.i2d_ssl_session(1, 2))


def flat_callbacks():
    """ssl_ctx_set_verify with a new-style callback that accepts the
    self-signed server, and ssl_ctx_set_info_callback."""
    seen, infos = [], []

    def verify(ok, store):
        # The SSL being verified, as callbacks find it: the store's ex_data.
        ssl = m2.x509_store_ctx_get_ex_data(store.ctx, m2.ssl_get_ex_data_x509_store_ctx_idx())
        seen.append((ok, store.get_error(), store.get_error_depth(),
                     store.get_current_cert().get_subject().CN, m2.ssl_get_state(ssl),
                     m2.ssl_is_init_finished(ssl), m2.ssl_get_verify_mode(ssl)))
        return 1

    def info(where, ret, ssl_ptr):
        infos.append(where)

    ctx = m2.ssl_ctx_new(m2.sslv23_method())
    m2.ssl_ctx_set_verify(ctx, m2.SSL_VERIFY_PEER, verify)
    m2.ssl_ctx_set_info_callback(ctx, info)
    s = m2.ssl_new(ctx)
    sock = socket.create_connection(("127.0.0.1", SERVER.port), timeout=TIMEOUT)
    sock.settimeout(None)
    m2.ssl_set_fd(s, sock.fileno())
    m2.ssl_set_connect_state(s)
    connected = m2.ssl_connect(s)
    m2.ssl_write(s, b"H")
    out = [connected, sorted(set(seen)), m2.ssl_get_verify_result(s),
           m2.ssl_get_verify_mode(s), bool(infos),
           any(w & m2.SSL_CB_HANDSHAKE_DONE for w in infos)]
    m2.ssl_write(s, b"x")
    sock.close()
    return out


case("flat_callbacks", flat_callbacks)


# -- non-blocking: ssl_read_nbio / ssl_write_nbio with WANT_READ handling ------
def nbio_round_trips():
    _ctx, s, sock = flat_connect(blocking=False)
    sock.setblocking(False)
    ok = []
    for n in LENGTHS:
        if n == 0:
            continue
        data = payload(n)
        sent = 0
        while sent < n:
            ret = m2.ssl_write_nbio(s, data[sent:])
            if ret > 0:
                sent += ret
            else:
                wait(sock, s, ret)
        got = b""
        while len(got) < n:
            chunk = m2.ssl_read_nbio(s, n - len(got))
            if chunk is None:
                wait(sock, s, -1)
                continue
            assert chunk, "EOF before the echo"
            got += chunk
        ok.append(got == data)
    # Nothing is waiting now: a read wants more input.
    empty = m2.ssl_read_nbio(s, 10)
    err = m2.ssl_get_error(s, -1)
    sock.close()
    # `wants` is left out: whether a read found nothing yet is timing.
    return all(ok), len(ok), empty, err


case("nbio_round_trips", nbio_round_trips)


def read_with_timeout_wants():
    _ctx, s, sock = flat_connect(b"H")
    sock.setblocking(False)
    nothing = m2.ssl_read(s, 10)  # no timeout: None when nothing arrived
    try:
        m2.ssl_read(s, 10, 0.2)
        timed = "returned"
    except SSL.SSLTimeoutError:
        timed = "SSLTimeoutError"
    except SSL.SSLError:
        timed = "SSLError"
    sock.setblocking(True)
    m2.ssl_write(s, b"x")
    sock.close()
    return nothing, timed


case("read_with_timeout_wants", read_with_timeout_wants)


# -- mixing the Connection class and the flat functions ---------------------------
def mixed_class_and_flat():
    conn = SSL.Connection(client_ctx())
    conn.set_post_connection_check_callback(None)
    conn.connect(("127.0.0.1", SERVER.port))
    conn.write(b"E")
    out = []
    for n in (1, 2, 3, 100, 5000, 20000):
        data = payload(n)
        assert m2.ssl_write(conn.ssl, data) == n  # flat write, class read
        got = b""
        while len(got) < n:
            got += conn.read(n - len(got))
        out.append(got == data)
        conn.write(data)  # class write, split read: class then flat
        first = conn.read(1)
        rest = read_exactly(conn.ssl, n - 1, m2.ssl_read) if n > 1 else b""
        out.append(first + rest == data)
        assert m2.ssl_pending(conn.ssl) == conn.pending()
    out.append(m2.ssl_get_error(conn.ssl, 1))
    out.append(m2.ssl_is_init_finished(conn.ssl))
    conn.close()
    return out


case("mixed_class_and_flat", mixed_class_and_flat)


def iostream_style_nonblocking_connection():
    """What an M2Crypto IOStream does: a non-blocking Connection, its
    handshake by connect_ssl(), then m2.ssl_read_nbio / ssl_write_nbio on
    conn.ssl with ssl_get_error deciding what to wait for."""
    conn = SSL.Connection(client_ctx())
    conn.set_post_connection_check_callback(None)
    conn.socket.connect(("127.0.0.1", SERVER.port))
    conn.setblocking(0)
    conn.setup_ssl()
    conn.set_connect_state()
    steps = 0
    while True:
        ret = conn.connect_ssl()
        if ret == 1:
            break
        steps += 1
        assert steps < 100
        wait(conn.socket, conn.ssl, -1)
    head = [m2.ssl_is_init_finished(conn.ssl), m2.ssl_write_nbio(conn.ssl, b"E")]
    errors, same = set(), []
    for n in (1, 10, 5000, 40000):
        data = payload(n)
        sent = 0
        while sent < n:
            ret = m2.ssl_write_nbio(conn.ssl, data[sent:])
            if ret > 0:
                sent += ret
            else:
                wait(conn.socket, conn.ssl, ret)
        got = b""
        while len(got) < n:
            chunk = m2.ssl_read_nbio(conn.ssl, n - len(got))
            if chunk is None:
                errors.add(m2.ssl_get_error(conn.ssl, -1))
                select.select([conn.socket], [], [], TIMEOUT)
                continue
            got += chunk
        same.append(got == data)
    conn.close()
    return [*head, same, errors <= {m2.ssl_error_want_read}]  # timing decides if any


case("iostream_style_nonblocking_connection", iostream_style_nonblocking_connection)


# -- memory BIOs: ssl_set_bio against a Python SSLObject ---------------------------
def memory_bio_handshake_and_data():
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(CERT, KEY)
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    server = server_ctx.wrap_bio(incoming, outgoing, server_side=True)
    ctx = m2.ssl_ctx_new(m2.sslv23_method())
    s = m2.ssl_new(ctx)
    rbio, wbio = BIO.MemoryBuffer(), BIO.MemoryBuffer()
    m2.ssl_set_bio(s, rbio._ptr(), wbio._ptr())
    m2.ssl_set_connect_state(s)

    def pump():
        data = wbio.read()
        if data:
            incoming.write(data)
        try:
            server.do_handshake()
        except ssl.SSLWantReadError:
            pass
        out = outgoing.read()
        if out:
            rbio.write(out)

    rounds = 0
    while m2.ssl_do_handshake(s) != 1:
        rounds += 1
        assert rounds < 20
        pump()
    pump()
    results = [rounds > 0, m2.ssl_is_init_finished(s)]
    for n in (1, 17, 1000, 16385):
        data = payload(n)
        assert m2.ssl_write(s, data) == n
        incoming.write(wbio.read())
        got = b""
        while len(got) < n:
            got += server.read(n)
        server.write(got)
        rbio.write(outgoing.read())
        results.append(read_exactly(s, n, m2.ssl_read) == data)
    results.append(m2.ssl_read(s, 10))  # nothing waiting: wants input
    results.append(m2.ssl_get_error(s, -1))
    return results


case("memory_bio_handshake_and_data", memory_bio_handshake_and_data)


def memory_bio_timeouts():
    """A positive timeout cannot wait on memory BIOs: M2Crypto raises."""
    s = m2.ssl_new(m2.ssl_ctx_new(m2.sslv23_method()))
    keep = BIO.MemoryBuffer(), BIO.MemoryBuffer()
    m2.ssl_set_bio(s, keep[0]._ptr(), keep[1]._ptr())
    m2.ssl_set_connect_state(s)
    out = [m2.ssl_connect(s)]
    for fn in (lambda: m2.ssl_connect(s, 0.5), lambda: m2.ssl_read(s, 10, 0.5),
               lambda: m2.ssl_write(s, b"x", 0.5)):
        try:
            out.append(normal(fn()))
        except Exception as exc:  # noqa: BLE001
            out.append(["raise", type(exc).__name__, str(exc)])
    return out


case("memory_bio_timeouts", memory_bio_timeouts)


# -- end of stream ----------------------------------------------------------------
def eof_case(command, reader):
    def run():
        _ctx, s, sock = flat_connect(command)
        got = read_exactly(s, 3, m2.ssl_read)
        after = [reader(s, 10)]
        try:
            after.append(normal(reader(s, 10)))  # and once more
        except Exception as exc:  # noqa: BLE001
            after.append(["raise", type(exc).__name__])
        sock.close()
        return got, after
    return run


case("eof_close_notify_ssl_read", eof_case(b"C", m2.ssl_read))
case("eof_close_notify_ssl_read_nbio", eof_case(b"C", m2.ssl_read_nbio))
case("eof_abrupt_ssl_read", eof_case(b"A", m2.ssl_read))
case("eof_abrupt_ssl_read_nbio", eof_case(b"A", m2.ssl_read_nbio))


def writes_after_eof(command):
    def run():
        _ctx, s, sock = flat_connect(command)
        read_exactly(s, 3, m2.ssl_read)
        out = [m2.ssl_read(s, 10)]
        for fn in (lambda: m2.ssl_write(s, b"x"), lambda: m2.ssl_write_nbio(s, b"x"),
                   lambda: m2.ssl_write(s, b"")):
            try:
                out.append(normal(fn()))
            except Exception as exc:  # noqa: BLE001
                out.append(["raise", type(exc).__name__])
        sock.close()
        return out
    return run


case("writes_after_close_notify", writes_after_eof(b"C"))
case("writes_after_abrupt_eof", writes_after_eof(b"A"))


def get_error_after_close_notify():
    _ctx, s, sock = flat_connect(b"C")
    read_exactly(s, 3, m2.ssl_read)
    m2.ssl_read_nbio(s, 10)
    err = m2.ssl_get_error(s, 0)
    shut = m2.ssl_get_shutdown(s)
    sock.close()
    return err, shut


case("get_error_after_close_notify", get_error_after_close_notify)


def shutdown_sequence():
    _ctx, s, sock = flat_connect(b"C")
    read_exactly(s, 3, m2.ssl_read)
    m2.ssl_read(s, 10)
    first = m2.ssl_shutdown(s)
    state = m2.ssl_get_shutdown(s)
    sock.close()
    return first, state


case("shutdown_sequence", shutdown_sequence)


def closed_connection():
    conn = SSL.Connection(client_ctx())
    conn.set_post_connection_check_callback(None)
    conn.connect(("127.0.0.1", SERVER.port))
    conn.write(b"E")
    conn.close()
    out = []
    for fn in (lambda: m2.ssl_read(conn.ssl, 10), lambda: m2.ssl_write(conn.ssl, b"x"),
               lambda: m2.ssl_read_nbio(conn.ssl, 10), lambda: m2.ssl_pending(conn.ssl),
               lambda: m2.ssl_get_shutdown(conn.ssl)):
        try:
            out.append(normal(fn()))
        except Exception as exc:
            out.append(["raise", type(exc).__name__])
    return out


case("closed_connection", closed_connection)


# -- contexts ------------------------------------------------------------------------
CERT_OBJECT = X509.load_cert(CERT)  # kept: its handle dies with it in M2Crypto


def context_settings():
    ctx = m2.ssl_ctx_new(m2.sslv23_method())
    return [
        m2.ssl_ctx_get_session_timeout(ctx), m2.ssl_ctx_set_session_timeout(ctx, 100),
        m2.ssl_ctx_set_session_timeout(ctx, 200), m2.ssl_ctx_get_session_timeout(ctx),
        m2.ssl_ctx_get_session_cache_mode(ctx), m2.ssl_ctx_set_session_cache_mode(ctx, 3),
        m2.ssl_ctx_get_session_cache_mode(ctx), m2.ssl_ctx_set_cache_size(ctx, 10),
        m2.ssl_ctx_set_cache_size(ctx, 20), m2.ssl_ctx_set_cipher_list(ctx, "HIGH"),
        m2.ssl_ctx_set_cipher_list(ctx, "nonsense"), m2.ssl_ctx_set_session_id_context(ctx, b"abc"),
        m2.ssl_ctx_set_session_id_context(ctx, b"x" * 33),
        m2.ssl_ctx_load_verify_locations(ctx, None, None),
        m2.ssl_ctx_load_verify_locations(ctx, "/nonexistent", None),
        m2.ssl_ctx_load_verify_locations(ctx, CERT, None),
        m2.ssl_ctx_set_default_verify_paths(ctx), m2.ssl_ctx_set_verify_default(ctx, 1),
        m2.ssl_ctx_get_verify_mode(ctx), m2.ssl_ctx_set_tmp_rsa_callback(ctx, lambda *a: None),
        m2.ssl_ctx_set_client_CA_list_from_file(ctx, "/nonexistent"),
        m2.ssl_ctx_set_client_CA_list_from_file(ctx, CERT),
        m2.ssl_ctx_use_cert(ctx, CERT), m2.ssl_ctx_use_privkey(ctx, KEY),
        m2.ssl_ctx_check_privkey(ctx), m2.ssl_ctx_use_cert_chain(ctx, CERT),
        m2.ssl_ctx_use_x509(ctx, CERT_OBJECT.x509),
        m2.ssl_ctx_passphrase_callback(ctx, lambda *a: b"x"),
        m2.ssl_ctx_free(m2.ssl_ctx_new(m2.sslv23_method())),
        m2.ssl_init(SSL.SSLError, SSL.SSLTimeoutError),
    ]


case("context_settings", context_settings)


def passphrase_callback(passphrase):
    def run():
        ctx = m2.ssl_ctx_new(m2.sslv23_method())
        asked = []

        def callback(*args):
            asked.append(len(args))
            return passphrase
        m2.ssl_ctx_passphrase_callback(ctx, callback)
        return [m2.ssl_ctx_use_cert(ctx, CERT), m2.ssl_ctx_use_privkey(ctx, ENCRYPTED_KEY),
                m2.ssl_ctx_check_privkey(ctx), asked]
    return run


case("passphrase_callback_right", passphrase_callback(b"secret"))
case("passphrase_callback_wrong", passphrase_callback(b"wrong"))


def key_handles():
    """ssl_ctx_use_pkey_privkey / ssl_ctx_use_rsa_privkey take the key
    objects' handles (PKey.pkey, RSA.rsa); the objects are kept alive."""
    ctx = m2.ssl_ctx_new(m2.sslv23_method())
    pkey = EVP.load_key(KEY)
    out = [m2.ssl_ctx_use_x509(ctx, CERT_OBJECT.x509), m2.ssl_ctx_use_pkey_privkey(ctx, pkey.pkey),
           m2.ssl_ctx_check_privkey(ctx)]
    rsa = RSA.gen_key(2048, 65537, lambda *a: None)
    other = m2.ssl_ctx_new(m2.sslv23_method())
    out.append(m2.ssl_ctx_use_rsa_privkey(other, rsa.rsa))
    try:
        m2.ssl_ctx_use_x509(other, CERT_OBJECT.x509)
        out.append(m2.ssl_ctx_check_privkey(other))  # an EC certificate, an RSA key
    except SSL.SSLError:
        out.append("SSLError")
    return out


case("key_handles", key_handles)


def renegotiate_on_tls13():
    _ctx, s, sock = flat_connect(b"H")
    result = m2.ssl_renegotiate(s)
    m2.ssl_write(s, b"x")
    sock.close()
    return result


case("renegotiate_on_tls13", renegotiate_on_tls13)


BAD_CTX_FOR_DH = m2.ssl_ctx_new(m2.sslv23_method())


def tmp_dh():
    ctx = m2.ssl_ctx_new(m2.sslv23_method())
    params = DH.load_params(DH_PARAMS)
    return m2.ssl_ctx_set_tmp_dh(ctx, params.dh)


case("tmp_dh", tmp_dh)
case("tmp_dh_wrong_handle", lambda: m2.ssl_ctx_set_tmp_dh(BAD_CTX_FOR_DH, BAD_CTX_FOR_DH))


def flat_server_with_python_client():
    """A flat-API server (ssl_ctx_use_cert/privkey, ssl_accept) answering a
    Python ssl client."""
    ctx = m2.ssl_ctx_new(m2.sslv23_method())
    m2.ssl_ctx_use_cert(ctx, CERT)
    m2.ssl_ctx_use_privkey(ctx, KEY)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    reply = {}

    def client():
        cctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        cctx.load_verify_locations(CERT)
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as raw:
            with cctx.wrap_socket(raw, server_hostname="localhost") as tls:
                tls.sendall(b"ping")
                reply["got"] = tls.recv(100)

    t = threading.Thread(target=client)
    t.start()
    raw, _ = listener.accept()
    s = m2.ssl_new(ctx)
    m2.ssl_set_fd(s, raw.fileno())
    m2.ssl_set_accept_state(s)
    accepted = m2.ssl_accept(s)
    got = read_exactly(s, 4, m2.ssl_read)
    m2.ssl_write(s, got.upper())
    t.join(TIMEOUT)
    raw.close()
    listener.close()
    return accepted, got, reply.get("got")


case("flat_server_with_python_client", flat_server_with_python_client)


def before_handshake():
    ctx = m2.ssl_ctx_new(m2.sslv23_method())
    s = m2.ssl_new(ctx)
    return [m2.ssl_get_state(s), m2.ssl_get_state_v(s), m2.ssl_is_init_finished(s),
            m2.ssl_get_error(s, 1), m2.ssl_get_error(s, 0), m2.ssl_get_error(s, -1),
            m2.ssl_get_peer_cert(s), m2.ssl_get_peer_cert_chain(s),
            m2.ssl_get_current_cipher(s), m2.ssl_get_session(s), m2.ssl_get1_session(s),
            m2.ssl_get_shutdown(s), m2.ssl_set_shutdown(s, 1), m2.ssl_set_shutdown1(s, 3),
            m2.ssl_get_shutdown(s), m2.ssl_clear(s), m2.ssl_set_cipher_list(s, "nonsense"),
            m2.ssl_set_cipher_list(s, "HIGH"), m2.ssl_set_session_id_context(s, b"x"),
            m2.ssl_set_session_id_context(s, b"x" * 33), m2.ssl_set1_host(s, "localhost"),
            m2.ssl_set1_host(s, None), m2.ssl_set_tlsext_host_name(s, "localhost"),
            m2.ssl_set_client_CA_list_from_context(s, ctx),
            m2.ssl_set_client_CA_list_from_file(s, "/nonexistent"),
            m2.ssl_get_verify_mode(s), m2.ssl_get_verify_depth(s),
            m2.ssl_get_default_session_timeout(s), m2.ssl_free(m2.ssl_new(ctx)),
            m2.ssl_dup(s) is not None]


case("before_handshake", before_handshake)
for value in (0, 1 << 8, 2 << 8, 3 << 8, 2 << 8 | 40, 1 << 8 | 0, 2 << 8 | 48, 2 << 8 | 112, 255):
    case(f"alert_{value}", lambda v=value: [m2.ssl_get_alert_type(v), m2.ssl_get_alert_desc(v),
                                               m2.ssl_get_alert_type_v(v),
                                               m2.ssl_get_alert_desc_v(v)])
case("bio_new_ssl", lambda: m2.bio_new_ssl(m2.ssl_ctx_new(m2.sslv23_method()), 1) is not None)
SSL_BIO = BIO.SSLBio()  # kept alive: M2Crypto frees the BIO with the object
case("bio_set_ssl", lambda: m2.bio_set_ssl(SSL_BIO._ptr(),
                                           m2.ssl_new(m2.ssl_ctx_new(m2.sslv23_method())), 0))
case("bio_f_ssl", lambda: m2.bio_f_ssl() is not None)


# -- bad input: M2Crypto's own exceptions, never a crash ------------------------------
BAD_CTX = m2.ssl_ctx_new(m2.sslv23_method())
BAD_SSL = m2.ssl_new(BAD_CTX)
BAD = {
    "read_none": lambda: m2.ssl_read(None, 10),
    "read_int_handle": lambda: m2.ssl_read(5, 10),
    "read_ctx_handle": lambda: m2.ssl_read(BAD_CTX, 10),
    "read_str_count": lambda: m2.ssl_read(BAD_SSL, "10"),
    "read_str_timeout": lambda: m2.ssl_read(BAD_SSL, 10, "x"),
    "read_negative": lambda: m2.ssl_read(BAD_SSL, -1),
    "read_nbio_negative": lambda: m2.ssl_read_nbio(BAD_SSL, -1),
    "read_no_transport": lambda: m2.ssl_read(BAD_SSL, 10),
    "read_nbio_no_transport": lambda: m2.ssl_read_nbio(BAD_SSL, 10),
    "write_no_transport": lambda: m2.ssl_write(BAD_SSL, b"x"),
    "write_nbio_no_transport": lambda: m2.ssl_write_nbio(BAD_SSL, b"x"),
    "write_str": lambda: m2.ssl_write(BAD_SSL, "abc"),
    "write_none": lambda: m2.ssl_write(BAD_SSL, None),
    "write_nbio_none": lambda: m2.ssl_write_nbio(BAD_SSL, None),
    "write_nbio_int": lambda: m2.ssl_write_nbio(BAD_SSL, 5),
    "get_error_none": lambda: m2.ssl_get_error(None, 1),
    "get_error_str": lambda: m2.ssl_get_error(BAD_SSL, "x"),
    "pending_none": lambda: m2.ssl_pending(None),
    "ctx_new_none": lambda: m2.ssl_ctx_new(None),
    "ctx_new_int": lambda: m2.ssl_ctx_new(3),
    "ctx_free_none": lambda: m2.ssl_ctx_free(None),
    "new_none": lambda: m2.ssl_new(None),
    "dup_none": lambda: m2.ssl_dup(None),
    "set_fd_str": lambda: m2.ssl_set_fd(BAD_SSL, "x"),
    "set_bio_none": lambda: m2.ssl_set_bio(BAD_SSL, None, None),
    "set_cipher_list_bytes": lambda: m2.ssl_set_cipher_list(BAD_SSL, b"HIGH"),
    "set_sid_str": lambda: m2.ssl_set_session_id_context(BAD_SSL, "x"),
    "ctx_sid_str": lambda: m2.ssl_ctx_set_session_id_context(BAD_CTX, "abc"),
    "set1_host_bytes": lambda: m2.ssl_set1_host(BAD_SSL, b"x"),
    "sni_int": lambda: m2.ssl_set_tlsext_host_name(BAD_SSL, 5),
    "use_cert_bytes": lambda: m2.ssl_ctx_use_cert(BAD_CTX, b"/x"),
    "use_cert_missing": lambda: m2.ssl_ctx_use_cert(BAD_CTX, "/nonexistent"),
    "use_cert_chain_missing": lambda: m2.ssl_ctx_use_cert_chain(BAD_CTX, "/nonexistent"),
    "use_privkey_missing": lambda: m2.ssl_ctx_use_privkey(BAD_CTX, "/nonexistent"),
    "check_privkey_none_loaded": lambda: m2.ssl_ctx_check_privkey(BAD_CTX),
    "use_x509_none": lambda: m2.ssl_ctx_use_x509(BAD_CTX, None),
    "use_pkey_none": lambda: m2.ssl_ctx_use_pkey_privkey(BAD_CTX, None),
    "use_rsa_none": lambda: m2.ssl_ctx_use_rsa_privkey(BAD_CTX, None),
    "tmp_dh_none": lambda: m2.ssl_ctx_set_tmp_dh(BAD_CTX, None),
    "set_verify_not_callable": lambda: m2.ssl_ctx_set_verify(BAD_CTX, 1, 5),
    "set_verify_none_callback": lambda: m2.ssl_ctx_set_verify(BAD_CTX, 1, None),
    "info_not_callable": lambda: m2.ssl_ctx_set_info_callback(BAD_CTX, 5),
    "verify_depth_str": lambda: m2.ssl_ctx_set_verify_depth(BAD_CTX, "x"),
    "cache_size_str": lambda: m2.ssl_ctx_set_cache_size(BAD_CTX, "x"),
    "cipher_name_none": lambda: m2.ssl_cipher_get_name(None),
    "cipher_num_none": lambda: m2.sk_ssl_cipher_num(None),
    "cipher_value_negative": lambda: m2.sk_ssl_cipher_value(m2.ssl_get_ciphers(BAD_SSL), -1),
    "cipher_list_negative": lambda: m2.ssl_get_cipher_list(BAD_SSL, -1),
    "session_timeout_none": lambda: m2.ssl_session_get_timeout(None),
    "session_set_timeout_none": lambda: m2.ssl_session_set_timeout(None, 5),
    "session_print_none": lambda: m2.ssl_session_print(EMPTY_BIO._ptr(), None),
    "session_read_pem_none": lambda: m2.ssl_session_read_pem(None),
    "alert_type_str": lambda: m2.ssl_get_alert_type("x"),
    "connect_str_timeout": lambda: m2.ssl_connect(BAD_SSL, "x"),
}
for name, fn in BAD.items():
    case("bad_" + name, fn)


def ctx_and_mode_settings():
    """The rest of the ssl group's names: settings read back, no connection."""
    ctx = m2.ssl_ctx_new(m2.sslv23_method())
    s = m2.ssl_new(ctx)
    rsa = RSA.gen_key(1024, 65537, lambda *a: None)
    return [m2.ssl_ctx_get_verify_depth(ctx), m2.ssl_ctx_set_options(ctx, 0x4000),
            m2.x509_store_add_cert(m2.ssl_ctx_get_cert_store(ctx), m2.x509_new()),
            m2.ssl_get_mode(s), m2.ssl_set_mode(s, 4), m2.ssl_get_mode(s),
            m2.tlsv1_method() is not None, m2.ssl_ctx_set_tls1(ctx),
            m2.ssl_ctx_set_tmp_dh_callback(ctx, lambda *a: None), m2.ssl_ctx_set_tmp_rsa(ctx, rsa.rsa)]


case("ctx_and_mode_settings", ctx_and_mode_settings)
case("ctx_set_tmp_rsa_none", lambda: m2.ssl_ctx_set_tmp_rsa(m2.ssl_ctx_new(m2.sslv23_method()), None))
case("ssl_set_mode_str", lambda: m2.ssl_set_mode(m2.ssl_new(m2.ssl_ctx_new(m2.sslv23_method())), "4"))
case("ctx_get_cert_store_none", lambda: m2.ssl_ctx_get_cert_store(None))


def ssl_bio_over_a_pair():
    """BIO_f_ssl over a connection on a BIO pair (TwistedProtocolWrapper's
    set-up): write guarantee and pending come from the pair, an empty write
    starts nothing, an explicit handshake puts the ClientHello in the pair."""
    ctx = m2.ssl_ctx_new(m2.sslv23_method())
    internal, net = m2.bio_new(m2.bio_s_bio()), m2.bio_new(m2.bio_s_bio())
    m2.bio_make_bio_pair(internal, net)
    ssl_bio, s = m2.bio_new(m2.bio_f_ssl()), m2.ssl_new(ctx)
    m2.ssl_set_connect_state(s)
    m2.ssl_set_bio(s, internal, internal)
    m2.bio_set_ssl(ssl_bio, s, m2.bio_noclose)
    return [m2.bio_ctrl_get_write_guarantee(ssl_bio), m2.bio_ctrl_pending(ssl_bio),
            m2.bio_write(ssl_bio, b""), m2.bio_should_retry(ssl_bio), m2.bio_ctrl_pending(net),
            m2.ssl_do_handshake(s), m2.bio_ctrl_pending(net) > 100,
            m2.bio_ctrl_get_write_guarantee(ssl_bio) < 17408, m2.bio_ctrl_pending(ssl_bio)]


case("ssl_bio_over_a_pair", ssl_bio_over_a_pair)
case("bio_make_bio_pair_of_memory_bios",
     lambda: m2.bio_make_bio_pair(m2.bio_new(m2.bio_s_mem()), m2.bio_new(m2.bio_s_mem())))


def int_arg(call):
    """An int argument the class layer passes to an m2 function: the exception
    class, and SWIG's message when the conversion refuses it."""
    def run():
        try:
            return call()
        except (TypeError, OverflowError) as exc:
            return ["raise", type(exc).__name__, str(exc)]
    return run


_SSL_INT_CALLS = {
    "Context.set_verify mode": lambda v: SSL.Context("tls").set_verify(v, 9),
    "Context.set_verify mode with callback": lambda v: SSL.Context("tls").set_verify(
        v, 9, lambda ok, store: ok),
    "Context.set_verify depth": lambda v: SSL.Context("tls").set_verify(0, v),
    "Context.set_session_cache_mode": lambda v: SSL.Context("tls").set_session_cache_mode(v),
    "Context.set_session_timeout": lambda v: SSL.Context("tls").set_session_timeout(v),
    # (only the conversion: the defaults differ, see test_m2_survey_names' SSL_OP_ALL)
    "Context.set_options": lambda v: (SSL.Context("tls").set_options(v), None)[1],
    "Connection.set_shutdown": lambda v: SSL.Connection(SSL.Context("tls")).set_shutdown(v),
    "Connection.read": lambda v: SSL.Connection(SSL.Context("tls")).read(v)
    if v is not True else None,
}
for _label, _call in _SSL_INT_CALLS.items():
    for _shown, _value in (("True", True), ("2**31", 2 ** 31), ("2**63", 2 ** 63),
                           ("2**64", 2 ** 64), ("-1", -1), ("1.0", 1.0),
                           ("-2**63-1", -(2 ** 63) - 1)):
        case(f"int arg {_label}({_shown})", int_arg(lambda c=_call, v=_value: c(v)))
print(json.dumps(RESULTS, sort_keys=True))
