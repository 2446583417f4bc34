// The one definition of "unsafe" that every layer above the core uses: the
// drop-ins' warnings (compat) and refusals (strict), the chain verifier's
// weak-signature check and the TLS handshake checks all ask here, so a name
// cannot be weak through one API and fine through another.
//
// Thread contract: every function here is a pure function of its arguments
// (OpenSSL's name tables are read-only after library initialisation) and may
// be called from any thread.
#pragma once

#include <string_view>

// OpenSSL's SSL_CIPHER and STACK_OF(SSL_CIPHER), without <openssl/ssl.h>.
struct ssl_cipher_st;
struct stack_st_SSL_CIPHER;

namespace cryptoshim::safety {

// Below these sizes a key is refused under strict and warned about in compat
// (NIST SP 800-131A: 112-bit security).
inline constexpr int kMinRsaBits = 2048;
inline constexpr int kMinDsaBits = 2048;
inline constexpr int kMinDhBits = 2048;

// True when `name` is a digest with practical or near-practical collisions
// (MD2, MD4, MD5, MD5-SHA1, MDC2, SHA-1, RIPEMD-160), or a signature
// algorithm over one. Any spelling OpenSSL resolves counts: "SHA1", "sha-1",
// "RSA-SHA1", "ssl3-md5", "sha1WithRSAEncryption", "ecdsa-with-SHA1", an OID
// in dotted form. Names OpenSSL does not know are not weak (the API that
// takes them refuses them on its own).
[[nodiscard]] bool IsWeakDigest(std::string_view name);
// The same judgement for a digest already resolved to its NID (a
// certificate's signature, via OBJ_find_sigid_algs), without name lookups.
[[nodiscard]] bool IsWeakDigestNid(int digest_nid);

// True when `name` is too weak even under HMAC (MD2, MD4, MD5), which needs
// no collision resistance: HMAC-SHA1 is not weak, HMAC-MD5 is.
[[nodiscard]] bool IsWeakMacDigest(std::string_view name);

// TLS: the lowest protocol version that is not weak, in compat and strict
// alike; compat warns about enabling anything older, strict refuses it.
inline constexpr int kMinTlsVersion = 0x0303;  // TLS1_2_VERSION

// True when `version` (an SSL/TLS/DTLS wire version, as SSL_CTX_set_min_proto_
// version takes it) is older than TLS 1.2 or DTLS 1.2: SSL 3.0, TLS 1.0/1.1,
// DTLS 1.0 (0xFEFF; DTLS counts down) and OpenSSL's pre-RFC DTLS (0x0100).
// 0, "no bound", is not weak (OpenSSL's own floor then applies).
[[nodiscard]] bool IsWeakTlsVersion(int version);

// True for a suite the policy calls weak: under 128-bit strength, no
// encryption (eNULL) or no authentication (aNULL), RC4, single DES, 3DES
// (Sweet32), or an MD5 MAC. A NULL cipher is not weak.
[[nodiscard]] bool IsWeakCipher(const ssl_cipher_st* cipher);

// True when any suite of `ciphers` (SSL_CTX_get_ciphers / SSL_get_ciphers)
// is weak.
[[nodiscard]] bool AnyWeakCipher(const stack_st_SSL_CIPHER* ciphers);

}  // namespace cryptoshim::safety
