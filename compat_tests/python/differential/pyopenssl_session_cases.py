"""Run by the real pyOpenSSL and by the drop-in (separate interpreters):
Connection.set_session with a Session from a Connection of the same Context,
of another Context, and of another Context with another method (then the
handshake). Prints {case: outcome} as JSON: "ok" or the exception's type name,
plus the message for a ValueError (the only exception raised by pyOpenSSL
itself here)."""
import json
import sys
import warnings

warnings.simplefilter("ignore")
from OpenSSL.SSL import (  # noqa: E402
    Connection,
    Context,
    SSLv23_METHOD,
    TLSv1_2_METHOD,
    TLSv1_METHOD,
    WantReadError,
)

FIX = sys.argv[1]


def server_context() -> Context:
    ctx = Context(TLSv1_2_METHOD)
    ctx.use_privatekey_file(f"{FIX}/key.pem")
    ctx.use_certificate_file(f"{FIX}/cert.pem")
    ctx.set_session_id(b"unity-test")
    return ctx


def handshake(server: Connection, client: Connection) -> None:
    """Memory-BIO loopback, as pyOpenSSL's own tests do it."""
    server.set_accept_state()
    client.set_connect_state()
    done = set()
    for _ in range(20):
        for conn in (client, server):
            try:
                conn.do_handshake()
                done.add(id(conn))
            except WantReadError:
                pass
        for src, dst in ((client, server), (server, client)):
            try:
                dst.bio_write(src.bio_read(65536))
            except WantReadError:
                pass
        if len(done) == 2:
            return
    raise RuntimeError("handshake did not finish")


def outcome(fn) -> str:
    try:
        fn()
    except ValueError as exc:
        return f"ValueError: {exc}"
    except Exception as exc:
        return type(exc).__name__
    return "ok"


SERVER_CTX = server_context()
CLIENT_CTX = Context(SSLv23_METHOD)
first = Connection(CLIENT_CTX, None)
handshake(Connection(SERVER_CTX, None), first)
SESSION = first.get_session()


def same_context() -> None:
    Connection(CLIENT_CTX, None).set_session(SESSION)


def other_context() -> None:
    Connection(Context(SSLv23_METHOD), None).set_session(SESSION)


def other_method_then_handshake() -> None:
    """23.0.0's test_set_session_wrong_method: OpenSSL refuses in the handshake."""
    client = Connection(Context(TLSv1_METHOD), None)
    client.set_session(SESSION)
    handshake(Connection(SERVER_CTX, None), client)


print(json.dumps({"session": SESSION is not None,
                  "same_context": outcome(same_context),
                  "other_context": outcome(other_context),
                  "other_method_then_handshake": outcome(other_method_then_handshake)}))
