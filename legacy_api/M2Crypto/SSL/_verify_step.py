"""The X509_Store_Context a new-style SSL verify callback receives: one step
of the handshake's chain check (M2Crypto's ssl_verify_callback wraps
OpenSSL's X509_STORE_CTX the same way).

The chain (X509_STORE_CTX_get1_chain) is made only when the callback asks
for it: most callbacks read `ok` or the error and nothing else, and the
chain is a certificate object per link, three times per handshake on a
3-certificate chain (bench row "M2Crypto.SSL TLS 1.3 full handshake").
OpenSSL's chain exists only while the callback runs, so a callback that
keeps the context gets the chain made before the step ends (see finish()).
"""
from __future__ import annotations

from typing import List

from cryptoshim import _core
from M2Crypto import X509


class VerifyStep(X509.X509_Store_Context):
    """Built by the library, not by the program: no counted constructor (the
    program's use is the set_verify that installed the callback).

    The current certificate, like the chain, becomes an X509 object only
    when the callback asks for it (get_current_cert), as M2Crypto makes a
    new one on each call of x509_store_ctx_get_current_cert."""

    def __init__(self, conn, cert, error: int, depth: int) -> None:
        self._error = error
        self._depth = depth
        self._step_cert = cert
        self._ssl = conn

    @property
    def _current(self):
        cert = self._step_cert
        return None if cert is None else X509.X509._from_core(cert)

    @_current.setter
    def _current(self, cert) -> None:
        self._step_cert = None if cert is None else cert._cert

    @property
    def _chain(self) -> List:
        if self._chain_list is None:
            conn = self._ssl
            chain = _core.tls_verify_chain_in_progress(conn) if conn is not None else None
            self._chain_list = chain if chain else [self._step_cert]
        return self._chain_list

    @_chain.setter
    def _chain(self, chain: List) -> None:
        self._chain_list = chain

    def finish(self) -> None:
        """Called when the callback returned and kept the context (the caller
        counts the references, saving a call per certificate on every
        handshake): its chain is made now, while OpenSSL's still exists."""
        if self._chain_list is None:
            self._chain  # noqa: B018 - made for the holder, read later
