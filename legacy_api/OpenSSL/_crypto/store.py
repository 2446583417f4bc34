"""OpenSSL.crypto.X509Store, X509StoreFlags, X509StoreContext and
X509StoreContextError over _core.Store and _core.legacy_verify."""
from __future__ import annotations

import calendar
import datetime
import os
from typing import Any, List, Optional, Sequence

from cryptoshim import _core
from cryptoshim.legacy import legacy_class, unsafe_operation
from cryptoshim.x509_verification import X509_V_ERR_APPLICATION_VERIFICATION, legacy_chain_policy
from OpenSSL._cffi_ints import c_ulong
from OpenSSL._crypto.common import Error, StrOrBytesPath, entry_point, error_from_core
from OpenSSL._crypto.common import x509_class as _x509_class

__all__ = ["X509Store", "X509StoreContext", "X509StoreContextError", "X509StoreFlags"]




@legacy_class("pyopenssl.crypto.X509StoreFlags", errors=error_from_core)
class X509StoreFlags:
    """Flags for X509 verification (X509_V_FLAG_*), used with X509Store."""

    CRL_CHECK: int = 0x4
    CRL_CHECK_ALL: int = 0x8
    IGNORE_CRITICAL: int = 0x10
    X509_STRICT: int = 0x20
    ALLOW_PROXY_CERTS: int = 0x40
    POLICY_CHECK: int = 0x80
    EXPLICIT_POLICY: int = 0x100
    INHIBIT_MAP: int = 0x400
    NOTIFY_POLICY: int = 0x800
    CHECK_SS_SIGNATURE: int = 0x4000
    PARTIAL_CHAIN: int = 0x80000


@legacy_class("pyopenssl.crypto.X509Store", errors=error_from_core)
class X509Store:
    """An X.509 store: trusted certificates, CRLs, flags and a time."""

    def __init__(self) -> None:
        self._store = _core.Store()

    @classmethod
    def _from_core(cls, core_store: Any) -> X509Store:
        """Wraps a _core.Store without counting an X509Store() construction."""
        obj = cls.__new__(cls)
        obj._store = core_store
        return obj

    @entry_point("pyopenssl.crypto.X509Store.add_cert")
    def add_cert(self, cert: Any) -> None:
        if not isinstance(cert, _x509_class()):
            raise TypeError()
        self._store.add_cert(cert._cert)

    @entry_point("pyopenssl.crypto.X509Store.add_crl")
    def add_crl(self, crl: Any) -> None:
        from OpenSSL._crypto.crl import CRL

        if isinstance(crl, CRL):
            core_crl = crl._crl
        else:
            # pyOpenSSL 26 takes a cryptography CRL (and only that).
            try:
                from cryptography import x509
            except ImportError:  # pragma: no cover - cryptography is optional
                x509 = None  # type: ignore[assignment]
            if x509 is None or not isinstance(crl, x509.CertificateRevocationList):
                raise TypeError(
                    "CRL must be of type cryptography.x509.CertificateRevocationList"
                )
            from cryptography.hazmat.primitives.serialization import Encoding

            core_crl = _core.Crl.parse(crl.public_bytes(Encoding.DER), der=True)
        self._store.add_crl(core_crl)

    @entry_point("pyopenssl.crypto.X509Store.set_flags")
    def set_flags(self, flags: int) -> None:
        flags = c_ulong(flags)
        if flags & X509StoreFlags.IGNORE_CRITICAL:
            unsafe_operation(
                "pyopenssl.crypto.X509Store.set_flags",
                "IGNORE_CRITICAL accepts certificates with unknown critical extensions",
            )
        self._store.set_flags(flags)

    @entry_point("pyopenssl.crypto.X509Store.set_time")
    def set_time(self, vfy_time: datetime.datetime) -> None:
        when = calendar.timegm(vfy_time.timetuple())
        # pyOpenSSL hands OpenSSL a fresh X509_VERIFY_PARAM through
        # X509_STORE_set1_param, whose inheritance keeps a check time the
        # store already has: only the first set_time counts (differential
        # case "X509StoreContext store changes reach the next verify").
        if self._store.time is None:
            self._store.set_time(when)

    @entry_point("pyopenssl.crypto.X509Store.load_locations")
    def load_locations(
        self, cafile: StrOrBytesPath, capath: Optional[StrOrBytesPath] = None
    ) -> None:
        if cafile is None and capath is None:
            # X509_STORE_load_locations fails without queueing a reason.
            raise Error([])
        cafile_b = None if cafile is None else os.fsencode(cafile)
        capath_b = None if capath is None else os.fsencode(capath)
        self._store.load_locations(cafile_b, capath_b)  # type: ignore[arg-type]  # pybind11 std::string takes bytes


@legacy_class("pyopenssl.crypto.X509StoreContextError", errors=error_from_core)
class X509StoreContextError(Exception):
    """Raised when X509StoreContext verification fails. ``errors`` is
    ``[error code, depth, reason string]``; ``certificate`` is the X509 being
    checked when the failure occurred."""

    def __init__(self, message: str, errors: List[Any], certificate: Any) -> None:
        super().__init__(message)
        self.errors = errors
        self.certificate = certificate


@legacy_class("pyopenssl.crypto.X509StoreContext", errors=error_from_core)
class X509StoreContext:
    """Verifies a certificate against an X509Store, with optional untrusted
    intermediates."""

    def __init__(
        self,
        store: X509Store,
        certificate: Any,
        chain: Optional[Sequence[Any]] = None,
    ) -> None:
        X509 = _x509_class()
        if not isinstance(store, X509Store):
            raise TypeError("store must be an X509Store instance")
        if not isinstance(certificate, X509):
            raise TypeError("certificate must be an X509 instance")
        self._store = store
        self._cert = certificate
        self._chain = self._build_certificate_stack(chain)
        # The core certificates, once: the chain is fixed at construction.
        self._untrusted = None if self._chain is None else [c._cert for c in self._chain]

    @staticmethod
    def _build_certificate_stack(certificates: Optional[Sequence[Any]]) -> Optional[List[Any]]:
        if certificates is None or len(certificates) == 0:
            return None
        X509 = _x509_class()
        stack = []
        for cert in certificates:
            if not isinstance(cert, X509):
                raise TypeError("One of the elements is not an X509 instance")
            # Keep the X509 objects: the context must not depend on the
            # caller's list staying alive.
            stack.append(cert)
        return stack

    def _verify(self, api_id: str) -> Any:
        """The verified chain as a _core.VerifiedChain (made into X509 objects
        only by get_verified_chain: verify_certificate returns nothing)."""
        core_store = self._store._store
        # One C call: X509_verify_cert, then compat's weak-cryptography look.
        error, depth, message, current, verified, weak = _core.legacy_verify(
            core_store, self._cert._cert, self._untrusted, None
        )
        if message is not None:  # failed (even with X509_V_OK, as before)
            cert = None if current is None else _x509_class()._from_core(current)
            raise X509StoreContextError(message, [error, depth, message], cert)
        if weak is not None:  # weak cryptography, or strict (the WebPKI profile)
            self._apply_policy(verified.certificates(), api_id)
        # else compat with nothing weak: legacy_chain_policy would return None
        return verified

    def _apply_policy(self, chain: List[Any], api_id: str) -> None:
        """CRYPTOSHIM_POLICY=strict: the chain OpenSSL accepted must also meet
        the WebPKI profile (cryptoshim.x509_verification), else
        X509StoreContextError naming the rule. compat keeps pyOpenSSL's
        verdict and warns when the chain rests on weak cryptography."""
        problem = legacy_chain_policy(chain, api_id, validation_time=self._store._store.time)
        if problem is not None:
            message = f"WebPKI policy: {problem}"
            raise X509StoreContextError(
                message, [X509_V_ERR_APPLICATION_VERIFICATION, 0, message], self._cert
            )

    @entry_point("pyopenssl.crypto.X509StoreContext.set_store")
    def set_store(self, store: X509Store) -> None:
        self._store = store

    @entry_point("pyopenssl.crypto.X509StoreContext.verify_certificate")
    def verify_certificate(self) -> None:
        self._verify("pyopenssl.crypto.X509StoreContext.verify_certificate")

    @entry_point("pyopenssl.crypto.X509StoreContext.get_verified_chain")
    def get_verified_chain(self) -> List[Any]:
        X509 = _x509_class()
        chain = self._verify("pyopenssl.crypto.X509StoreContext.get_verified_chain")
        return [X509._from_core(c) for c in chain.certificates()]


for _cls in (X509StoreFlags, X509Store, X509StoreContextError, X509StoreContext):
    _cls.__module__ = "OpenSSL.crypto"
del _cls
