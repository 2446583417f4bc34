"""Warning and error classes raised by the legacy shims."""

from __future__ import annotations


class LegacyAPIWarning(DeprecationWarning):
    """A legacy entry point was called. The message names the replacement.

    A DeprecationWarning, so it is hidden by default outside ``__main__`` and
    test runners; enable it with ``-W default::cryptoshim.LegacyAPIWarning``.
    """


class InsecureLegacyWarning(UserWarning):
    """A legacy call did something insecure (raw RSA, MD5/SHA-1 signatures,
    short keys, disabled verification). Visible by default.
    Set ``CRYPTOSHIM_POLICY=strict`` to make these calls raise instead.

    Deliberately not a DeprecationWarning: suites that count the
    DeprecationWarnings a call emits (M2Crypto's own test_rc4 expects exactly
    one from RC4()) would count it, whatever their filters, and the
    interpreter's default filters would hide it. Programs whose filters turn
    warnings into errors run with ``CRYPTOSHIM_WARNINGS=off`` instead."""


class InsecureOperationError(Exception):
    """Raised instead of InsecureLegacyWarning under ``CRYPTOSHIM_POLICY=strict``."""
