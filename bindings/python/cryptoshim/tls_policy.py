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
  when the verifier would have refused, and warns once per Context when a
  client verifies without any host name.
"""

from __future__ import annotations

import weakref
from typing import Any, Dict, Optional, Tuple

from cryptoshim import _core
from cryptoshim.lazy_import import lazy_attr
from cryptoshim.legacy import unsafe_operation

# Fetched on the first IP-address host name: ipaddress is a millisecond of
# every drop-in's import otherwise.
_ip_address = lazy_attr("ipaddress", "ip_address")

MIN_TLS_VERSION: int = _core.MIN_TLS_VERSION
is_weak_tls_version = _core.is_weak_tls_version
allows_weak_ciphers = _core.allows_weak_ciphers

_VERIFY_PEER: int = _core.TLS_CONSTANTS["SSL_VERIFY_PEER"]

# Contexts already warned about verifying without a host name (compat), as
# id -> a weak reference whose callback drops the entry when the context
# goes (before its id can be reused). Asked on every such client handshake:
# a dict lookup, where a WeakSet's `in` is a Python-level call.
_warned_without_host: Dict[int, weakref.ref[Any]] = {}


def _first_warning_without_host(context: Any) -> bool:
    """Whether `context` has not been warned yet; marks it as warned."""
    key = id(context)
    if key in _warned_without_host:
        return False

    def forget(_ref: weakref.ref[Any]) -> None:
        _warned_without_host.pop(key, None)

    _warned_without_host[key] = weakref.ref(context, forget)
    return True


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


def peer_name(host: Any) -> Optional[Tuple[str, str]]:
    """("dns"|"ip", text) for the core from a host name (str or bytes), or
    None for no usable name."""
    if host is None:
        return None
    if isinstance(host, (bytes, bytearray)):
        host = bytes(host).decode("ascii", "replace")
    host = str(host).strip().rstrip(".")
    if not host:
        return None
    # An IP address is ASCII digits and dots (v4) or has a colon (v6); any
    # other name is DNS without asking ipaddress, whose two failed parses
    # cost 10 us on every verifying client handshake.
    bare = host.strip("[]")
    if ":" not in bare and not _DIGITS_AND_DOTS.issuperset(bare):
        return ("dns", host.lower())
    try:
        return ("ip", str(_ip_address()(bare)))
    except ValueError:
        return ("dns", host.lower())


_DIGITS_AND_DOTS = frozenset("0123456789.")


def before_handshake(
    ssl: Any,
    api_id: str,
    *,
    host: Any,
    context: Any,
    how_to_name: str,
    cipher_api_id: Optional[str] = None,
    is_client: Optional[bool] = None,
) -> None:
    """Once per connection, before its first handshake step.

    ``ssl`` is the _core TlsConnection, ``host`` the name the client expects
    (None when none is set), ``context`` the drop-in's Context (for the
    once-per-Context warning), ``how_to_name`` tells the user how to set a
    host name in this drop-in. ``is_client`` is for callers that are about
    to take the client role (SSL_connect) on a connection that has none yet.
    """
    if ssl.is_init_finished:
        return
    strict = _core.is_strict()
    if strict and allows_weak_ciphers(ssl):
        unsafe_operation(
            cipher_api_id or api_id, "TLS handshake with a cipher list that admits weak suites"
        )
    if not (is_client if is_client is not None else not ssl.is_server):
        return
    if not ssl.verify_mode & _VERIFY_PEER:
        unsafe_operation(
            api_id, "TLS client handshake with certificate verification off (VERIFY_NONE)"
        )
        _core.tls_set_peer_check(ssl, False, False, None)
        return
    name = peer_name(host)
    if name is None:
        if strict:
            unsafe_operation(
                api_id,
                "TLS client verifies the server's chain but not whom it "
                "belongs to: no host name is set; " + how_to_name,
            )
        elif context is not None and _first_warning_without_host(context):
            unsafe_operation(
                api_id,
                "TLS client verifies the server's chain without a host "
                "name, so any certificate from a trusted CA is accepted; " + how_to_name,
            )
    try:
        _core.tls_set_peer_check(ssl, True, strict, name)
    except _core.Error:
        # Not a host name the verifier can match (say, a bare "_srv"): the
        # chain is still judged; the name check is OpenSSL's or the app's.
        _core.tls_set_peer_check(ssl, True, strict, None)


def after_handshake(ssl: Any, api_id: str) -> Optional[str]:
    """Once the handshake finished or failed: the WebPKI verifier's reason for
    refusing the chain, or None. compat warns with it (OpenSSL's verdict
    stands); under strict the handshake has already been refused and the
    caller adds the reason to its library's error."""
    failure = _core.tls_peer_check_failure(ssl)
    if failure is None:
        return None
    _core.tls_set_peer_check(ssl, False, False, None)  # reported once
    if not _core.is_strict():
        unsafe_operation(
            api_id,
            f"the server's certificate chain fails the WebPKI profile ({failure}); "
            "CRYPTOSHIM_POLICY=strict refuses this handshake",
        )
    return failure
