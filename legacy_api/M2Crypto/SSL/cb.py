"""Stock SSL callbacks (M2Crypto/SSL/cb.py)."""
import sys
from typing import List

from cryptoshim.legacy import entry_point
from M2Crypto import X509, m2

__all__ = ["unknown_issuer", "ssl_verify_callback_stub", "ssl_verify_callback",
           "ssl_verify_callback_allow_unknown_ca", "ssl_info_callback"]

unknown_issuer: List[int] = [
    m2.X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
    m2.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
    m2.X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE,
    m2.X509_V_ERR_CERT_UNTRUSTED,
]


@entry_point("m2crypto.SSL.cb.ssl_verify_callback_stub")
def ssl_verify_callback_stub(ssl_ctx_ptr, x509_ptr, errnum, errdepth, ok):
    return ok


@entry_point("m2crypto.SSL.cb.ssl_verify_callback")
def ssl_verify_callback(ssl_ctx_ptr, x509_ptr, errnum: int, errdepth: int, ok: int) -> int:
    """Old-style callback: honours Context.set_allow_unknown_ca."""
    from M2Crypto.SSL.Context import ctxmap
    ssl_ctx = ctxmap()[id(ssl_ctx_ptr)]
    if errnum in unknown_issuer and ssl_ctx.get_allow_unknown_ca():
        sys.stderr.write(f"policy: {m2.x509_get_verify_error(errnum)}: permitted...\n")
        sys.stderr.flush()
        ok = 1
    if ok:
        ok = 1 if ssl_ctx.get_verify_depth() >= errdepth else 0
    return ok


@entry_point("m2crypto.SSL.cb.ssl_verify_callback_allow_unknown_ca")
def ssl_verify_callback_allow_unknown_ca(ok: int, store: X509.X509_Store_Context) -> int:
    errnum = m2.x509_store_ctx_get_error(store.ctx)
    if errnum in unknown_issuer:
        m2.x509_store_ctx_set_error(store.ctx, m2.X509_V_OK)
        return 1
    return ok


@entry_point("m2crypto.SSL.cb.ssl_info_callback")
def ssl_info_callback(where: int, ret: int, ssl_ptr) -> None:
    """Prints the handshake progress to stderr (OpenSSL's apps/s_cb.c)."""
    where_int = where & ~m2.SSL_ST_MASK
    if where_int & m2.SSL_ST_CONNECT:
        state = "SSL connect"
    elif where_int & m2.SSL_ST_ACCEPT:
        state = "SSL accept"
    else:
        state = "SSL state unknown"
    if where & m2.SSL_CB_LOOP:
        sys.stderr.write(f"LOOP: {state}: {m2.ssl_get_state_v(ssl_ptr)}\n")
    elif where & m2.SSL_CB_EXIT:
        label = "INFO" if ret else "FAILED"
        sys.stderr.write(f"{label}: {state}: {m2.ssl_get_state_v(ssl_ptr)}\n")
    elif where & m2.SSL_CB_ALERT:
        direction = "read" if where & m2.SSL_CB_READ else "write"
        sys.stderr.write(
            f"ALERT: {direction}: {m2.ssl_get_alert_type_v(ret)}: {m2.ssl_get_alert_desc_v(ret)}\n"
        )
    sys.stderr.flush()
