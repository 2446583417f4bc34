"""Which M2Crypto release the drop-in answers as.

A few defaults changed between releases that are all still in use; one
package cannot have both, so the release is chosen once per process, from
CRYPTOSHIM_M2CRYPTO_RELEASE (default 0.51.0), before M2Crypto is imported.
Only the differences below depend on it; the whole 0.38.0 .. 0.51.0 surface is
always there.

From the sdists' sources (0.38.0 and 0.45.1 agree; 0.51.0 differs):
- default digests sha1 -> sha256: EVP.HMAC/hmac, EVP.PKey(md=), RSA.sign/verify
  and the PSS pair, SMIME.sign, SSL.Checker, AuthCookie;
- SMIME.sign/write default flags 0 -> PKCS7_DETACHED;
- X509.get_fingerprint default md5 -> sha1;
- X509_Name.as_hash: X509_NAME_hash_old (MD5) -> X509_NAME_hash (SHA-1);
- SSL.Connection.close(freeBio=False) -> True.
- m2urllib2's response wraps the HTTPResponse in socket.SocketIO -> is it.
- m2urllib2 lets SSL.SSLError through -> wraps it in URLError.
And 0.38.0 alone (0.45.1 already has 0.51.0's behaviour):
- EC.load_key* of a file that holds no EC key pair raises SWIG's
  ValueError("Received a NULL pointer.") instead of IOError.
- RSA private_decrypt / public_decrypt (class and m2.rsa_*) raise RSAError
  when OpenSSL refuses the input, instead of clearing the error and
  returning None.
Releases not listed were not checked here: one between 0.45.1 and 0.51.0 gets
the 0.51.0 behaviour, one between 0.38.0 and 0.45.1 the 0.38.0 one.
"""
from __future__ import annotations

from cryptoshim.releases import read_release

KNOWN = ("0.38.0", "0.45.1", "0.51.0")
DEFAULT = "0.51.0"

VERSION, RELEASE = read_release(
    "CRYPTOSHIM_M2CRYPTO_RELEASE", DEFAULT, (0, 38, 0),
    f"an M2Crypto release from 0.38.0 on, like {', '.join(KNOWN)}")
# 0.45.1 is the last release checked with the old defaults.
OLD_DEFAULTS = RELEASE <= (0, 45, 1)

DIGEST = "sha1" if OLD_DEFAULTS else "sha256"          # default digest of signatures and MACs
FINGERPRINT_DIGEST = "md5" if OLD_DEFAULTS else "sha1"  # X509.get_fingerprint(md=)
CLOSE_FREES_BIO = not OLD_DEFAULTS                      # SSL.Connection.close(freeBio=)
NAME_HASH_OLD = OLD_DEFAULTS                            # X509_Name.as_hash: X509_NAME_hash_old
NULL_POINTER_VALUEERROR = RELEASE < (0, 45, 1)           # EC.load_key* failures
DECRYPT_FAILURE_RAISES = RELEASE < (0, 45, 1)            # RSA *_decrypt: RSAError, not None
URLLIB2_SOCKETIO = OLD_DEFAULTS                          # m2urllib2 response object
URLLIB2_WRAPS_SSLERROR = not OLD_DEFAULTS                # m2urllib2: SSLError -> URLError
