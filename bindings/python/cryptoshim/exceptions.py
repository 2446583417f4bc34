"""Warning and error classes raised by the legacy shims."""
from __future__ import annotations


class LegacyAPIWarning(DeprecationWarning):
    """A legacy entry point was called. The message names the replacement.

    A DeprecationWarning, so it is hidden by default outside ``__main__`` and
    test runners; enable it with ``-W default::cryptoshim.LegacyAPIWarning``.
    """


class InsecureLegacyWarning(UserWarning, DeprecationWarning):
    """A legacy call did something insecure (raw RSA, MD5/SHA-1 signatures,
    short keys, disabled verification). Visible by default.
    Set ``CRYPTOSHIM_POLICY=strict`` to make these calls raise instead.

    Also a DeprecationWarning, so a program that ignores deprecations from
    its libraries (``ignore::DeprecationWarning``) ignores it as it would
    with the real library, which never emits it. cryptoshim.policy keeps it
    visible under the interpreter's default filters."""


class InsecureOperationError(Exception):
    """Raised instead of InsecureLegacyWarning under ``CRYPTOSHIM_POLICY=strict``."""
