// OpenSSL 3's legacy provider (Blowfish, CAST5, DES, RC2, RC4, MD4...),
// loaded only into a private library context so the process-wide default
// context never gains those algorithms. Callers that fetch from here must
// record the use as unsafe (the catalog marks those entry points).
#pragma once

#include <openssl/types.h>

#include <string_view>

#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

// The private context with the "default" and "legacy" providers, or nullptr
// when the legacy provider is not installed. It lives for the whole process:
// objects fetched from it keep references to it.
OSSL_LIB_CTX* LegacyProviderLibCtx();

// Whether to look in the private legacy context when the default one lacks
// an algorithm.
enum class LegacyAlgorithms { kRefuse, kAllow };

struct FetchedCipher {
  SslUniquePtr<EVP_CIPHER> cipher;
  bool legacy = false;  // came from the legacy provider
};

struct FetchedDigest {
  SslUniquePtr<EVP_MD> md;
  bool legacy = false;
};

// Fetches by OpenSSL name or alias ("aes-128-cbc", "bf-cbc", "des-ede3-cbc").
// Unknown names (or legacy ones under kRefuse) give kUnsupported.
StatusOr<FetchedCipher> FetchCipherMaybeLegacy(std::string_view name, LegacyAlgorithms legacy);
StatusOr<FetchedDigest> FetchDigestMaybeLegacy(std::string_view name, LegacyAlgorithms legacy);

}  // namespace cryptoshim
