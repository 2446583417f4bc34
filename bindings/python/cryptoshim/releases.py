"""Which upstream release a drop-in answers as, read once per process.

A behaviour that changed incompatibly between upstream releases still in use
cannot be had both ways by one package, so each drop-in reads the release
it answers as from its own variable (CRYPTOSHIM_PYOPENSSL_RELEASE in
OpenSSL/_release.py, CRYPTOSHIM_M2CRYPTO_RELEASE in M2Crypto/_release.py)
when it is imported. Those modules say what depends on the release; this one
only reads and checks the number, the same way for both.
"""

from __future__ import annotations

import os
from typing import Tuple

Release = Tuple[int, int, int]


def read_release(env: str, default: str, minimum: Release, expected: str) -> Tuple[str, Release]:
    """(the release as written, as a tuple) from ``$env``; ``default`` when
    the variable is unset or blank. Anything but three dot-separated integers
    from ``minimum`` on raises ImportError ``"<env>=<value>: expected
    <expected>"`` while the drop-in imports: a release it cannot answer as
    must not be answered as another one silently."""
    version = os.environ.get(env, default).strip() or default
    try:
        parts = tuple(int(p) for p in version.split("."))
    except ValueError:
        parts = ()
    if len(parts) != 3 or parts < minimum:
        raise ImportError(f"{env}={version!r}: expected {expected}")
    return version, parts  # type: ignore[return-value]  # three ints, checked above
