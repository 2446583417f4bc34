"""The flat m2 functions of M2Crypto's _ssl.i that read or set one SSL's
settings and what it negotiated: state, verification, peer certificates,
ciphers (ssl_cipher_*, sk_ssl_cipher_*), sessions (ssl_*session*) and alert
texts. Handles are the drop-in's: an SSL is a core TlsConnection
(Connection.ssl), an X509 a core Certificate (X509.x509), a stack of X509 a
list of them, an SSL_CIPHER the (name, version, bits) tuple SSL.Cipher
keeps, a STACK_OF(SSL_CIPHER) a list of those, an SSL_SESSION a core
TlsSession (Session.session), a BIO a drop-in BIO object."""

from cryptoshim import _core
from cryptoshim.legacy import entry_point
from M2Crypto import _m2_ssl_args as _args

__all__ = []  # filled by _export


def _export(fn):
    __all__.append(fn.__name__)
    return entry_point("m2crypto.m2." + fn.__name__)(fn)


# -- state and verification ---------------------------------------------------------
@_export
def ssl_get_state(ssl) -> str:
    """SSL_state_string: the short state code ("PINIT", "SSLOK ")."""
    return _core.tls_state_string_short(_args.ssl(ssl, "ssl_get_state"))


@_export
def ssl_get_ssl_ctx(ssl):
    return _args.ssl(ssl, "ssl_get_ssl_ctx").context


@_export
def ssl_get_verify_mode(ssl) -> int:
    return _args.ssl(ssl, "ssl_get_verify_mode").verify_mode


@_export
def ssl_get_verify_depth(ssl) -> int:
    return _core.tls_connection_verify_depth(_args.ssl(ssl, "ssl_get_verify_depth"))


@_export
def ssl_get_default_session_timeout(ssl) -> int:
    return _core.tls_default_session_timeout(_args.ssl(ssl, "ssl_get_default_session_timeout"))


@_export
def ssl_get_peer_cert(ssl):
    """The peer's certificate handle, None before (or without) one."""
    return _args.ssl(ssl, "ssl_get_peer_cert").peer_certificate()


@_export
def ssl_get_peer_cert_chain(ssl) -> list | None:
    """The peer's chain as a list of certificate handles (X509.X509_Stack
    takes it), None before a handshake."""
    chain = _args.ssl(ssl, "ssl_get_peer_cert_chain").peer_cert_chain()
    return None if chain is None else list(chain)


@_export
def ssl_set1_host(ssl, name: str | None) -> int:
    """The name chain verification checks the peer's certificate against;
    None clears it."""
    ssl = _args.ssl(ssl, "ssl_set1_host")
    name = _args.text(name, "ssl_set1_host", 2, allow_none=True)
    try:
        _core.tls_set_expected_host(ssl, name or "")
    except _core.Error:
        return 0
    # The host the policy's handshake check verifies too (_m2_ssl_io).
    ssl._m2_expected_host = name or None
    return 1


@_export
def ssl_set_session_id_context(ssl, sid_ctx) -> int:
    ssl = _args.ssl(ssl, "ssl_set_session_id_context")
    view = _args.buffer(sid_ctx)
    try:
        _core.tls_set_connection_session_id_context(ssl, view.tobytes())
    except _core.Error:
        return 0
    return 1


@_export
def ssl_set_client_CA_list_from_file(ssl, ca_file: str) -> None:
    """This connection's CA names for client certificates. As M2Crypto, an
    unreadable file is not an error."""
    ssl = _args.ssl(ssl, "ssl_set_client_CA_list_from_file")
    ca_file = _args.text(ca_file, "ssl_set_client_CA_list_from_file", 2)
    try:
        _core.tls_set_connection_client_ca_list_from_file(ssl, ca_file)
    except _core.Error:
        pass


@_export
def ssl_set_client_CA_list_from_context(ssl, ctx) -> None:
    """A connection uses its context's list unless given its own; the core
    offers no way back once one was set, so this only checks its arguments."""
    _args.ssl(ssl, "ssl_set_client_CA_list_from_context")
    _args.ctx(ctx, "ssl_set_client_CA_list_from_context", 2)


# -- ciphers ---------------------------------------------------------------------------
@_export
def ssl_get_current_cipher(ssl) -> tuple | None:
    return _core.tls_current_cipher(_args.ssl(ssl, "ssl_get_current_cipher"))


@_export
def ssl_get_ciphers(ssl) -> list[tuple]:
    return list(_core.tls_connection_ciphers(_args.ssl(ssl, "ssl_get_ciphers")))


@_export
def ssl_get_cipher_list(ssl, n: int) -> str | None:
    ssl = _args.ssl(ssl, "ssl_get_cipher_list")
    n = _args.integer(n, "ssl_get_cipher_list", 2)
    names = ssl.cipher_list()
    return names[n] if 0 <= n < len(names) else None


class _ConnectionOwner:
    """What SSL.Context's _apply_cipher_list expects of a connection."""

    def __init__(self, ssl) -> None:
        self.ssl = ssl


@_export
def ssl_set_cipher_list(ssl, ciphers: str) -> int:
    """1 when any cipher matched, 0 otherwise; weak suites are reported
    through the policy."""
    from M2Crypto.SSL.Context import _apply_cipher_list
    ssl = _args.ssl(ssl, "ssl_set_cipher_list")
    ciphers = _args.text(ciphers, "ssl_set_cipher_list", 2)
    return _apply_cipher_list(_ConnectionOwner(ssl), ciphers, "m2crypto.m2.ssl_set_cipher_list")


@_export
def ssl_cipher_get_name(c) -> str:
    return _args.cipher(c, "ssl_cipher_get_name")[0]


@_export
def ssl_cipher_get_version(c) -> str:
    return _args.cipher(c, "ssl_cipher_get_version")[1]


@_export
def ssl_cipher_get_bits(c) -> int:
    return _args.cipher(c, "ssl_cipher_get_bits")[2]


@_export
def sk_ssl_cipher_num(stack) -> int:
    return len(_args.cipher_stack(stack, "sk_ssl_cipher_num"))


@_export
def sk_ssl_cipher_value(stack, idx: int) -> tuple | None:
    stack = _args.cipher_stack(stack, "sk_ssl_cipher_value")
    idx = _args.integer(idx, "sk_ssl_cipher_value", 2)
    return stack[idx] if 0 <= idx < len(stack) else None


# -- sessions ---------------------------------------------------------------------------
@_export
def ssl_get_session(ssl):
    return _args.ssl(ssl, "ssl_get_session").session()


@_export
def ssl_get1_session(ssl):
    return _args.ssl(ssl, "ssl_get1_session").session()


@_export
def ssl_set_session(ssl, sess) -> int:
    ssl = _args.ssl(ssl, "ssl_set_session")
    sess = _args.session(sess, "ssl_set_session", 2)
    try:
        ssl.set_session(sess)
    except _core.Error:
        return 0
    return 1


@_export
def ssl_session_free(sess) -> None:
    """The core frees the session with its last reference."""
    _args.session(sess, "ssl_session_free")


def _session_or_none(sess, func: str):
    """SSL_SESSION arguments M2Crypto does not mark NONNULL: None is OpenSSL's
    NULL, which these functions answer with 0."""
    return None if sess is None else _args.session(sess, func)


@_export
def ssl_session_get_timeout(sess) -> int:
    sess = _session_or_none(sess, "ssl_session_get_timeout")
    return 0 if sess is None else _core.tls_session_timeout(sess)


@_export
def ssl_session_set_timeout(sess, t: int) -> int:
    sess = _session_or_none(sess, "ssl_session_set_timeout")
    t = _args.integer(t, "ssl_session_set_timeout", 2, "long")
    if sess is None:
        return 0
    _core.tls_set_session_timeout(sess, t)
    return 1


@_export
def ssl_session_print(bio, sess) -> int:
    """SSL_SESSION_print into a BIO: 1, or 0 without a session."""
    bio = _args.bio(bio, "ssl_session_print")
    sess = _session_or_none(sess, "ssl_session_print")
    if sess is None:
        return 0
    bio.write(_core.tls_session_text(sess))
    return 1


@_export
def ssl_session_write_pem(sess, bio) -> int:
    sess = _args.session(sess, "ssl_session_write_pem")
    bio = _args.bio(bio, "ssl_session_write_pem", 2)
    bio.write(_core.tls_session_pem(sess))
    return 1


@_export
def i2d_ssl_session(bio, sess) -> None:
    """i2d_SSL_SESSION_bio: the session's DER into the BIO (void in M2Crypto's
    _ssl.i, so None)."""
    bio = _args.bio(bio, "i2d_ssl_session")
    sess = _args.session(sess, "i2d_ssl_session", 2)
    bio.write(_core.tls_session_der(sess))


@_export
def ssl_session_read_pem(bio):
    """The session in the PEM the BIO holds; SSLError when there is none."""
    from M2Crypto.SSL.SSLError import SSLError
    bio = _args.bio(bio, "ssl_session_read_pem")
    pem = bio.read()
    try:
        return _core.tls_session_from_pem(bytes(pem or b""))
    except _core.Error:
        raise SSLError("no start line") from None


# -- alerts -------------------------------------------------------------------------------
@_export
def ssl_get_alert_type(value: int) -> str:
    """SSL_alert_type_string: "W", "F" or "U"."""
    return _core.tls_alert_type_string(_args.integer(value, "ssl_get_alert_type", 1), False)


@_export
def ssl_get_alert_desc(value: int) -> str:
    """SSL_alert_desc_string: the two-letter code ("HF", "CN", "UK")."""
    return _core.tls_alert_desc_string(_args.integer(value, "ssl_get_alert_desc", 1), False)
