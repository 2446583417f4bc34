"""The safety policy: ``compat`` (default) or ``strict``.

compat keeps legacy behaviour and warns loudly (InsecureLegacyWarning) on
unsafe operations; strict raises InsecureOperationError for them. The policy
is read from ``CRYPTOSHIM_POLICY`` at import and can be changed at run time.
"""

from __future__ import annotations

import os

from cryptoshim import _core
from cryptoshim.exceptions import (
    InsecureLegacyWarning,
    InsecureOperationError,
    LegacyAPIWarning,
)

# The TLS half: the protocol floor, the weak cipher suites and the handshake
# checks both drop-ins run (tls_policy.py).
from cryptoshim.tls_policy import MIN_TLS_VERSION as MIN_TLS_VERSION
from cryptoshim.tls_policy import after_handshake as after_handshake
from cryptoshim.tls_policy import allows_weak_ciphers as allows_weak_ciphers
from cryptoshim.tls_policy import before_handshake as before_handshake
from cryptoshim.tls_policy import check_cipher_list as check_cipher_list
from cryptoshim.tls_policy import check_protocol_floor as check_protocol_floor
from cryptoshim.tls_policy import is_weak_tls_version as is_weak_tls_version

POLICIES = ("compat", "strict")

# The one definition of "unsafe", from the core (safety_policy.h): every
# drop-in and the chain verifier ask these, never a list of their own.
is_weak_digest = _core.is_weak_digest
is_weak_mac_digest = _core.is_weak_mac_digest
MIN_RSA_BITS: int = _core.MIN_RSA_BITS
MIN_DSA_BITS: int = _core.MIN_DSA_BITS
MIN_DH_BITS: int = _core.MIN_DH_BITS
_PACKAGE_DIR = os.path.dirname(os.path.realpath(__file__))


def _from_env() -> str:
    value = os.environ.get("CRYPTOSHIM_POLICY", "compat").strip().lower() or "compat"
    if value not in POLICIES:
        raise ValueError(f"CRYPTOSHIM_POLICY must be one of {POLICIES}, not {value!r}")
    return value


def install() -> None:
    """Configure the core from the environment; called once at import."""
    _core.configure(
        LegacyAPIWarning,
        InsecureLegacyWarning,
        InsecureOperationError,
        [_PACKAGE_DIR + os.sep],
        _from_env() == "strict",
        0,  # warning mode: cryptoshim.configure sets it from CRYPTOSHIM_WARNINGS next
    )


def register_package(path: str) -> None:
    """Mark a drop-in package's directory as ours, so call sites and warning
    locations skip its frames and point at the application's line."""
    _core.add_internal_prefix(os.path.realpath(path) + os.sep)


def current() -> str:
    return "strict" if _core.is_strict() else "compat"


def set_policy(name: str) -> None:
    if name not in POLICIES:
        raise ValueError(f"policy must be one of {POLICIES}, not {name!r}")
    _core.set_strict(name == "strict")
