"""The TLS handshake checks, once for both drop-ins (re-exported by
``cryptoshim.policy``). OpenSSL.SSL and M2Crypto.SSL (and ``M2Crypto.m2``)
call these; the verdicts come from the core (safety_policy.h): the weak
cipher suites, the oldest acceptable protocol version, and the WebPKI
verifier run inside the handshake (tls_peer_check.h).

What happens, by policy:

- a protocol floor below TLS 1.2: compat warns, strict raises;
- a cipher list admitting weak suites: compat warns when it is set, strict
  refuses it (when set, or at the handshake for pyOpenSSL, whose dependents
  set ``ALL`` on scratch contexts only to list names);
- a client handshake without certificate verification: compat warns,
  strict raises;
- a client handshake *with* verification: the core's WebPKI verifier also
  judges the presented chain against the same trust store and the host name
  (the SNI name, or M2Crypto's post-connection host). strict refuses the
  handshake when it refuses the chain, and refuses a handshake with no host
  name at all; compat keeps OpenSSL's verdict, warns (InsecureLegacyWarning)
  when the verifier would have refused, and warns once per context when a
  client verifies without any host name.
"""

from __future__ import annotations

from typing import Any, Optional

from cryptoshim import _core
from cryptoshim.legacy import unsafe_operation

MIN_TLS_VERSION: int = _core.MIN_TLS_VERSION
is_weak_tls_version = _core.is_weak_tls_version
allows_weak_ciphers = _core.allows_weak_ciphers


def check_protocol_floor(api_id: str, version: int, what: str = "") -> None:
    """A minimum protocol version (or a fixed-version method) below TLS 1.2."""
    if is_weak_tls_version(version):
        unsafe_operation(api_id, "TLS below 1.2 enabled (%s)" % (what or f"version 0x{version:x}"))


def check_cipher_list(
    api_id: str, native: Any, cipher_list: Any, *, refuse_at_handshake: bool = False
) -> None:
    """After a cipher list was set on `native` (a _core TlsContext or
    TlsConnection): report it when it admits weak suites."""
    if not allows_weak_ciphers(native):
        return
    if refuse_at_handshake and _core.is_strict():
        return  # before_handshake refuses it
    unsafe_operation(api_id, f"cipher list admits weak suites: {cipher_list!r}")


def before_handshake(
    ssl: Any,
    api_id: str,
    *,
    host: Any,
    how_to_name: str,
    cipher_api_id: Optional[str] = None,
    is_client: Optional[bool] = None,
) -> None:
    """Once per connection, before its first handshake step.

    ``ssl`` is the _core TlsConnection, ``host`` the name the client expects
    (str or bytes; None when none is set), ``how_to_name`` tells the user
    how to set a host name in this drop-in. ``is_client`` is for callers
    that are about to take the client role (SSL_connect) on a connection
    that has none yet. The checks themselves, and the WebPKI check they
    install, are the core's (_core.tls_before_handshake, in C: each
    handshake runs them); this reports what they found.
    """
    finding = _core.tls_before_handshake(ssl, host, is_client)
    if finding is None:
        return
    if finding == "weak_ciphers":
        unsafe_operation(
            cipher_api_id or api_id, "TLS handshake with a cipher list that admits weak suites"
        )
    elif finding == "verify_none":
        unsafe_operation(
            api_id, "TLS client handshake with certificate verification off (VERIFY_NONE)"
        )
    elif _core.is_strict():
        unsafe_operation(
            api_id,
            "TLS client verifies the server's chain but not whom it "
            "belongs to: no host name is set; " + how_to_name,
        )
    else:
        unsafe_operation(
            api_id,
            "TLS client verifies the server's chain without a host "
            "name, so any certificate from a trusted CA is accepted; " + how_to_name,
        )


def after_handshake(ssl: Any, api_id: str) -> Optional[str]:
    """Once the handshake finished or failed: the WebPKI verifier's reason for
    refusing the chain, or None. compat warns with it (OpenSSL's verdict
    stands); under strict the handshake has already been refused and the
    caller adds the reason to its library's error."""
    failure = _core.tls_peer_check_failure(ssl)
    if failure is None:
        return None
    _core.tls_clear_peer_check(ssl)  # reported once
    if not _core.is_strict():
        unsafe_operation(
            api_id,
            f"the server's certificate chain fails the WebPKI profile ({failure}); "
            "CRYPTOSHIM_POLICY=strict refuses this handshake",
        )
    return failure
