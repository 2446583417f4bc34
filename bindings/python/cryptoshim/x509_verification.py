"""X.509 path validation under the WebPKI profile (the modern API).

Shaped after ``cryptography.x509.verification``::

    store = Store([root])
    verifier = PolicyBuilder().store(store).build_server_verifier(DNSName("example.com"))
    chain = verifier.verify(leaf, [intermediate])   # end-entity first, anchor last

Certificates may be ``cryptography.x509.Certificate`` objects, cryptoshim
``_core.Certificate`` objects, or PEM/DER ``bytes``. The returned chain holds
the same kind of object as the leaf passed in (``bytes`` in, DER ``bytes``
out). Subjects are ``cryptography.x509.DNSName``/``IPAddress``/``RFC822Name``
objects, or the small :class:`DNSName`/:class:`IPAddress` classes here.

Defaults match pyca/cryptography: maximum chain depth 8, RSA keys of at
least 2048 bits, SHA-2 signature algorithms only, serverAuth (server) or
clientAuth (client) EKU, validation time "now".
"""

from __future__ import annotations

import calendar
import datetime
import ipaddress
from dataclasses import dataclass
from typing import Any, Iterable, List, Optional, Sequence, Tuple

from cryptoshim import _core, policy

__all__ = [
    "ClientVerifier",
    "DNSName",
    "IPAddress",
    "PolicyBuilder",
    "RFC822Name",
    "ServerVerifier",
    "Store",
    "VerificationError",
    "VerifiedClient",
    "check_legacy_chain",
    "legacy_chain_policy",
    "strict_policy_active",
]

_KEY_USAGE_BITS = {
    "digital_signature": 0x80,
    "content_commitment": 0x40,
    "key_encipherment": 0x20,
    "data_encipherment": 0x10,
    "key_agreement": 0x08,
    "key_cert_sign": 0x04,
    "crl_sign": 0x02,
}


class VerificationError(Exception):
    """The chain was rejected: no path to a trust anchor satisfies the policy."""


@dataclass(frozen=True)
class DNSName:
    value: str


@dataclass(frozen=True)
class IPAddress:
    value: ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class RFC822Name:
    value: str


def _to_core(cert: Any) -> Any:
    if isinstance(cert, _core.Certificate):
        return cert
    if isinstance(cert, (bytes, bytearray, memoryview)):
        data = bytes(cert)
        pem = data.lstrip().startswith(b"-----BEGIN")
        return _core.Certificate.parse(data, pem=pem)
    public_bytes = getattr(cert, "public_bytes", None)
    if public_bytes is not None:  # cryptography.x509.Certificate
        from cryptography.hazmat.primitives.serialization import Encoding

        return _core.Certificate.parse(public_bytes(Encoding.DER), pem=False)
    raise TypeError(f"expected a certificate, got {type(cert).__name__}")


def _from_core(core_cert: Any, like: Any) -> Any:
    if isinstance(like, _core.Certificate):
        return core_cert
    der = core_cert.to_der()
    if isinstance(like, (bytes, bytearray, memoryview)):
        return der
    from cryptography import x509

    return x509.load_der_x509_certificate(der)


def _to_core_crl(crl: Any) -> Any:
    if isinstance(crl, _core.Crl):
        return crl
    if isinstance(crl, (bytes, bytearray, memoryview)):
        data = bytes(crl)
        return _core.Crl.parse(data, der=not data.lstrip().startswith(b"-----BEGIN"))
    from cryptography.hazmat.primitives.serialization import Encoding

    return _core.Crl.parse(crl.public_bytes(Encoding.DER), der=True)


def _peer_name(subject: Any) -> Tuple[str, str]:
    """(kind, text) for the core from a DNSName/IPAddress/RFC822Name."""
    kind = type(subject).__name__
    value = getattr(subject, "value", None)
    if kind == "DNSName" and isinstance(value, str):
        return ("dns", value)
    if kind == "IPAddress" and isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return ("ip", str(value))
    if kind == "RFC822Name" and isinstance(value, str):
        return ("email", value)
    raise TypeError("subject must be a DNSName, IPAddress or RFC822Name")


def _epoch(when: datetime.datetime) -> int:
    if when.tzinfo is not None:
        when = when.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return calendar.timegm(when.timetuple())


class Store:
    """A set of trust anchors. Every certificate here is trusted as is."""

    def __init__(self, certs: Sequence[Any]) -> None:
        certs = list(certs)
        if not certs:
            raise ValueError("can't create an empty store")
        self._core_certs = [_to_core(c) for c in certs]


@dataclass(frozen=True)
class VerifiedClient:
    """A verified client chain and the names its certificate carries."""

    subjects: List[Any]
    chain: List[Any]


class _Verifier:
    def __init__(self, builder: PolicyBuilder, kind: str, subject: Optional[Any]) -> None:
        if builder._store is None:
            raise ValueError("a verifier needs a store")
        self.store = builder._store
        self.validation_time = builder._time
        self.max_chain_depth = builder._max_chain_depth
        self.subject = subject
        try:
            self._core = _core.WebPkiVerifier(
                kind,
                builder._store._core_certs,
                None if subject is None else _peer_name(subject),
                subject is not None,
                None if builder._time is None else _epoch(builder._time),
                builder._max_chain_depth,
                builder._key_usage,
                [_to_core_crl(c) for c in builder._crls],
            )
        except _core.Error as e:
            raise ValueError(str(e)) from None

    def _verify(self, leaf: Any, intermediates: Iterable[Any]) -> Tuple[List[Any], List[Any]]:
        try:
            chain, names = self._core.verify(_to_core(leaf), [_to_core(c) for c in intermediates])
        except _core.Error as e:
            if getattr(e, "code", None) == "verify_failed":
                raise VerificationError(str(e)) from None
            raise
        return [_from_core(c, leaf) for c in chain], names


class ServerVerifier(_Verifier):
    """Verifies server (serverAuth) chains for one peer name."""

    def verify(self, leaf: Any, intermediates: Iterable[Any]) -> List[Any]:
        """The chain from ``leaf`` to a trust anchor, or VerificationError."""
        return self._verify(leaf, intermediates)[0]


class ClientVerifier(_Verifier):
    """Verifies client (clientAuth) chains; returns the client's SAN names."""

    def verify(self, leaf: Any, intermediates: Iterable[Any]) -> VerifiedClient:
        chain, names = self._verify(leaf, intermediates)
        subjects: List[Any] = []
        for kind, value in names:
            if kind == "dns":
                subjects.append(DNSName(value))
            elif kind == "ip":
                subjects.append(IPAddress(ipaddress.ip_address(value)))
            else:
                subjects.append(RFC822Name(value))
        return VerifiedClient(subjects=subjects, chain=chain)


class PolicyBuilder:
    """Immutable builder: each setter returns a new builder and may be used once."""

    def __init__(self) -> None:
        self._store: Optional[Store] = None
        self._time: Optional[datetime.datetime] = None
        self._max_chain_depth = 8
        self._max_depth_set = False
        self._key_usage = 0
        self._crls: List[Any] = []

    def _copy(self) -> PolicyBuilder:
        new = PolicyBuilder()
        new.__dict__.update(self.__dict__)
        new._crls = list(self._crls)
        return new

    def store(self, new_store: Store) -> PolicyBuilder:
        if self._store is not None:
            raise ValueError("The trust store may only be set once.")
        if not isinstance(new_store, Store):
            raise TypeError("store must be a Store")
        b = self._copy()
        b._store = new_store
        return b

    def time(self, new_time: datetime.datetime) -> PolicyBuilder:
        if self._time is not None:
            raise ValueError("The validation time may only be set once.")
        b = self._copy()
        b._time = new_time
        return b

    def max_chain_depth(self, new_max_chain_depth: int) -> PolicyBuilder:
        if self._max_depth_set:
            raise ValueError("The maximum chain depth may only be set once.")
        if not 0 <= int(new_max_chain_depth) <= 255:
            raise ValueError("max_chain_depth must be between 0 and 255")
        b = self._copy()
        b._max_chain_depth = int(new_max_chain_depth)
        b._max_depth_set = True
        return b

    def required_key_usage(self, *usages: str) -> PolicyBuilder:
        """End-entity keyUsage bits that must be set when keyUsage is present
        (names as in cryptography's KeyUsage: "digital_signature", ...)."""
        b = self._copy()
        for u in usages:
            if u not in _KEY_USAGE_BITS:
                raise ValueError(f"unknown key usage {u!r}")
            b._key_usage |= _KEY_USAGE_BITS[u]
        return b

    def crls(self, crls: Sequence[Any]) -> PolicyBuilder:
        """Check revocation of every certificate in the path against these
        CRLs; a certificate whose issuer has no CRL here then fails."""
        b = self._copy()
        b._crls = list(crls)
        return b

    def build_server_verifier(self, subject: Any) -> ServerVerifier:
        return ServerVerifier(self, "server", subject)

    def build_client_verifier(self) -> ClientVerifier:
        return ClientVerifier(self, "client", None)


# --- Hook for the legacy drop-ins (pyOpenSSL's X509StoreContext, M2Crypto's
# X509_Store_Context): under CRYPTOSHIM_POLICY=strict, a chain OpenSSL has
# already accepted must also satisfy the WebPKI profile.

#: X509_V_ERR_APPLICATION_VERIFICATION: the code legacy APIs report for a
#: rejection that came from the application rather than from OpenSSL.
X509_V_ERR_APPLICATION_VERIFICATION = 50


def strict_policy_active() -> bool:
    """Whether legacy verification should add the WebPKI profile checks."""
    return policy.current() == "strict"


def check_legacy_chain(
    chain: Sequence[Any], *, validation_time: Optional[int] = None, purpose: str = "server"
) -> None:
    """Runs the WebPKI profile over a chain OpenSSL already verified.

    ``chain`` is the verified chain, end-entity first and trust anchor last
    (``_core.Certificate`` objects, as ``X509_STORE_CTX_get1_chain`` gives
    it). The anchor OpenSSL chose is the only trust anchor; the peer name is
    not checked (legacy callers match it themselves). ``validation_time`` is
    seconds since the epoch (the store's ``set_time``), else now. Raises
    :class:`VerificationError` with the violated rule.
    """
    core_chain = [_to_core(c) for c in chain]
    if not core_chain:
        raise ValueError("empty chain")
    if purpose not in ("server", "client"):
        raise ValueError("purpose must be 'server' or 'client'")
    verifier = _core.WebPkiVerifier(
        purpose, [core_chain[-1]], None, False, validation_time, 8, 0, []
    )
    try:
        verifier.verify(core_chain[0], core_chain[1:-1])
    except _core.Error as e:
        if getattr(e, "code", None) == "verify_failed":
            raise VerificationError(str(e)) from None
        raise


def weak_cryptography_in_chain(chain: Sequence[Any]) -> Optional[str]:
    """The first weak signature (MD5, SHA-1) or small RSA/DSA key in a
    verified chain, end-entity first and anchor last; None when there is
    none. The anchor's self-signature is not judged (it is trusted as is),
    its key is (it signs the next certificate)."""
    problem = _core.weak_cryptography_in_chain([_to_core(c) for c in chain])
    return None if problem is None else bytes(problem).decode("utf-8", "replace")


def legacy_chain_policy(
    chain: Sequence[Any], api_id: str, *, validation_time: Optional[int] = None
) -> Optional[str]:
    """The policy step every legacy verification runs once OpenSSL accepted
    ``chain`` (end-entity first, anchor last).

    strict: the WebPKI profile (:func:`check_legacy_chain`); returns the
    violated rule, which the caller reports with its own library's error.
    compat: OpenSSL's verdict stands, but a chain that rests on weak
    cryptography (MD5/SHA-1 signatures, RSA/DSA under 2048 bits) warns
    loudly (InsecureLegacyWarning, attributed to ``api_id``); returns None.
    """
    if strict_policy_active():
        try:
            check_legacy_chain(chain, validation_time=validation_time)
        except VerificationError as e:
            return str(e)
        return None
    weak = weak_cryptography_in_chain(chain)
    if weak is not None:
        from cryptoshim.legacy import unsafe_operation

        unsafe_operation(api_id, f"the verified chain relies on weak cryptography ({weak})")
    return None
