"""Which pyOpenSSL release the drop-in answers as.

The drop-in's distribution is pyOpenSSL 26.4.0, so that is the default. A
behaviour that changed incompatibly between the releases still in use, where
one package cannot have both, is chosen once per process from
CRYPTOSHIM_PYOPENSSL_RELEASE (read when OpenSSL is imported), like M2Crypto's
CRYPTOSHIM_M2CRYPTO_RELEASE (M2Crypto/_release.py). The whole API surface is
always there; only the differences below depend on it.

From pyOpenSSL's CHANGELOG and its own tests:
- 26.3.0: Connection.set_session raises ValueError for a Session obtained
  from a Connection of another Context (26.4.0's
  test_set_session_wrong_context). Before, OpenSSL decided, and 23.0.0's
  test_set_session_wrong_method expects OpenSSL.SSL.Error from the handshake.
"""
from __future__ import annotations

from cryptoshim.releases import read_release

KNOWN = ("23.0.0", "26.4.0")
DEFAULT = "26.4.0"

VERSION, RELEASE = read_release(
    "CRYPTOSHIM_PYOPENSSL_RELEASE", DEFAULT, (0, 14, 0),
    f"a pyOpenSSL release like {', '.join(KNOWN)}")

SESSION_CONTEXT_CHECK = RELEASE >= (26, 3, 0)  # Connection.set_session: ValueError
