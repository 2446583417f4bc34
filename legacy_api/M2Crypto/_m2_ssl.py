"""The flat m2 helpers of M2Crypto's _ssl.i that SSL callers reach for
directly: libssl constants, and functions on the handles the drop-in hands
out (Context.ctx is a core TlsContext, Connection.ssl a core TlsConnection,
an X509_Store_Context given to a verify callback is its own .ctx)."""
from cryptoshim import _core
from cryptoshim.legacy import entry_point
from M2Crypto import _m2_pki_args as _a

__all__ = []  # star-imported by m2.py for the names defined below


def _export(name, value):
    globals()[name] = value
    __all__.append(name)


for _name, _value in _core.TLS_CONSTANTS.items():
    _export(_name, _value)
# M2Crypto's _ssl.i hard-codes SSL_OP_NO_SSLv2 as 0x01000000 (OpenSSL 3
# defines it as 0); callers test `options & m2.SSL_OP_NO_SSLv2`, so keep
# M2Crypto's value. In OpenSSL 3 that bit is SSL_OP_NO_ANTI_REPLAY, which only
# affects TLS 1.3 early data on a server, which this drop-in never enables.
for _name, _value in {
    "SSL_OP_NO_SSLv2": 0x01000000,
    "bio_noclose": 0, "bio_close": 1,
    "ssl_error_none": 0, "ssl_error_ssl": 1, "ssl_error_want_read": 2,
    "ssl_error_want_write": 3, "ssl_error_want_x509_lookup": 4, "ssl_error_syscall": 5,
    "ssl_error_zero_return": 6, "ssl_error_want_connect": 7,
    "VERIFY_CRL_CHECK_LEAF": 0x4, "VERIFY_CRL_CHECK_CHAIN": 0x4 | 0x8,
    "X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT": 0x1, "X509_CHECK_FLAG_NO_WILDCARDS": 0x2,
    "X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS": 0x4, "X509_CHECK_FLAG_MULTI_LABEL_WILDCARDS": 0x8,
    "X509_CHECK_FLAG_SINGLE_LABEL_SUBDOMAINS": 0x10, "X509_CHECK_FLAG_NEVER_CHECK_SUBJECT": 0x20,
    "GEN_OTHERNAME": 0, "GEN_EMAIL": 1, "GEN_DNS": 2, "GEN_X400": 3, "GEN_DIRNAME": 4,
    "GEN_EDIPARTY": 5, "GEN_URI": 6, "GEN_IPADD": 7, "GEN_RID": 8,
}.items():
    _export(_name, _value)

# The index of the SSL object in an X509_STORE_CTX's ex_data; the drop-in
# keeps the connection on the store context itself.
_SSL_EX_DATA_INDEX = 0

def _connection(ssl):
    if ssl is None:
        raise ValueError("Received a NULL pointer.")  # SWIG's answer to None
    if not isinstance(ssl, _core.TlsConnection):
        raise TypeError("expected an SSL handle (Connection.ssl)")
    return ssl


@entry_point("m2crypto.m2.ssl_ctx_get_cert_store")
def ssl_ctx_get_cert_store(ctx):
    return _context(ctx).cert_store()


@entry_point("m2crypto.m2.ssl_get_ex_data_x509_store_ctx_idx")
def ssl_get_ex_data_x509_store_ctx_idx() -> int:
    return _SSL_EX_DATA_INDEX


def _store_context(ctx):
    from M2Crypto.X509 import X509_Store_Context
    if not isinstance(ctx, X509_Store_Context):
        raise TypeError("expected an X509_STORE_CTX handle (X509_Store_Context.ctx)")
    return ctx


@entry_point("m2crypto.m2.x509_store_ctx_get_ex_data")
def x509_store_ctx_get_ex_data(ctx, idx: int):
    ctx = _store_context(ctx)
    return getattr(ctx, "_ssl", None) if idx == _SSL_EX_DATA_INDEX else None


@entry_point("m2crypto.m2.x509_store_ctx_get_error")
def x509_store_ctx_get_error(ctx) -> int:
    return _store_context(ctx)._error


@entry_point("m2crypto.m2.x509_store_ctx_set_error")
def x509_store_ctx_set_error(ctx, err: int) -> None:
    if not isinstance(err, int):
        raise TypeError("err must be an int")
    _store_context(ctx)._error = err


@entry_point("m2crypto.m2.ssl_get_state_v")
def ssl_get_state_v(ssl) -> str:
    return _connection(ssl).state_string().decode("ascii", "replace")


@entry_point("m2crypto.m2.ssl_get_alert_type_v")
def ssl_get_alert_type_v(value: int) -> str:
    return _core.tls_alert_type_string(value, True)


@entry_point("m2crypto.m2.ssl_get_alert_desc_v")
def ssl_get_alert_desc_v(value: int) -> str:
    """OpenSSL's own text (SSL_alert_desc_string_long), as M2Crypto."""
    return _core.tls_alert_desc_string(value, True)


@entry_point("m2crypto.m2.x509_get_verify_error")
def x509_get_verify_error(code: int) -> str:
    code = _a.check_int(code, "x509_get_verify_error", 1, "long")
    if not -(2 ** 31) <= code < 2 ** 31:
        return "unknown certificate verification error"  # OpenSSL takes an int
    return _core.tls_verify_error_string(code)


@entry_point("m2crypto.m2.ssl_set_mode")
def ssl_set_mode(ssl, mode: int) -> int:
    return _core.tls_set_connection_mode(_connection(ssl), mode)


@entry_point("m2crypto.m2.ssl_get_mode")
def ssl_get_mode(ssl) -> int:
    return _core.tls_connection_mode(_connection(ssl))


@entry_point("m2crypto.m2.ssl_get_verify_result")
def ssl_get_verify_result(ssl) -> int:
    return _core.tls_verify_result(_connection(ssl))


def _context(ctx):
    if ctx is None:
        raise ValueError("Received a NULL pointer.")
    if not isinstance(ctx, _core.TlsContext):
        raise TypeError("expected an SSL_CTX handle (Context.ctx)")
    return ctx


@entry_point("m2crypto.m2.ssl_ctx_set_options")
def ssl_ctx_set_options(ctx, op: int) -> int:
    return _context(ctx).set_options(op)


@entry_point("m2crypto.m2.ssl_ctx_set_verify_depth")
def ssl_ctx_set_verify_depth(ctx, depth: int) -> None:
    _context(ctx).set_verify_depth(depth)


@entry_point("m2crypto.m2.ssl_ctx_get_verify_depth")
def ssl_ctx_get_verify_depth(ctx) -> int:
    return _context(ctx).verify_depth


@entry_point("m2crypto.m2.ssl_ctx_get_verify_mode")
def ssl_ctx_get_verify_mode(ctx) -> int:
    return _context(ctx).verify_mode


@entry_point("m2crypto.m2.ssl_get_version")
def ssl_get_version(ssl) -> str:
    return _connection(ssl).protocol_version_name()


@entry_point("m2crypto.m2.ssl_pending")
def ssl_pending(ssl) -> int:
    return _connection(ssl).pending()


@entry_point("m2crypto.m2.ssl_set_tlsext_host_name")
def ssl_set_tlsext_host_name(ssl, name: str) -> int:
    from M2Crypto.SSL.SSLError import SSLError
    try:
        _connection(ssl).set_tlsext_host_name(name)
    except _core.Error as exc:
        raise SSLError(str(exc)) from None
    return 1


for _name in (
    "ssl_ctx_get_cert_store",
    "ssl_get_ex_data_x509_store_ctx_idx",
    "x509_store_ctx_get_ex_data",
    "x509_store_ctx_get_error",
    "x509_store_ctx_set_error",
    "ssl_get_state_v",
    "ssl_get_alert_type_v",
    "ssl_get_alert_desc_v",
    "x509_get_verify_error",
    "ssl_set_mode",
    "ssl_get_mode",
    "ssl_get_verify_result",
    "ssl_ctx_set_options",
    "ssl_ctx_set_verify_depth",
    "ssl_ctx_get_verify_depth",
    "ssl_ctx_get_verify_mode",
    "ssl_get_version",
    "ssl_pending",
    "ssl_set_tlsext_host_name",
):
    __all__.append(_name)
del _name, _value
