#include "cryptoshim/legacy_provider.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include <string>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {

OSSL_LIB_CTX* LegacyProviderLibCtx() {
  static OSSL_LIB_CTX* ctx = [] {
    OSSL_LIB_CTX* c = OSSL_LIB_CTX_new();
    if (c == nullptr) return c;
    if (OSSL_PROVIDER_load(c, "default") == nullptr || OSSL_PROVIDER_load(c, "legacy") == nullptr) {
      OSSL_LIB_CTX_free(c);
      c = nullptr;
    }
    // A missing legacy provider is an expected configuration, not an error
    // for whatever operation runs next.
    ERR_clear_error();
    return c;
  }();
  return ctx;
}

StatusOr<FetchedCipher> FetchCipherMaybeLegacy(std::string_view name, LegacyAlgorithms legacy) {
  std::string n(name);
  ClearErrorQueue();
  if (EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, n.c_str(), nullptr)) {
    return FetchedCipher{SslUniquePtr<EVP_CIPHER>(c), false};
  }
  if (legacy == LegacyAlgorithms::kAllow) {
    if (OSSL_LIB_CTX* ctx = LegacyProviderLibCtx()) {
      if (EVP_CIPHER* c = EVP_CIPHER_fetch(ctx, n.c_str(), nullptr)) {
        ClearErrorQueue();  // the failed default-context fetch left entries
        return FetchedCipher{SslUniquePtr<EVP_CIPHER>(c), true};
      }
    }
  }
  return ErrorFromQueue(ErrorCode::kUnsupported, "unsupported cipher: " + n);
}

StatusOr<FetchedDigest> FetchDigestMaybeLegacy(std::string_view name, LegacyAlgorithms legacy) {
  std::string n(name);
  ClearErrorQueue();
  if (EVP_MD* md = EVP_MD_fetch(nullptr, n.c_str(), nullptr)) {
    return FetchedDigest{SslUniquePtr<EVP_MD>(md), false};
  }
  if (legacy == LegacyAlgorithms::kAllow) {
    if (OSSL_LIB_CTX* ctx = LegacyProviderLibCtx()) {
      if (EVP_MD* md = EVP_MD_fetch(ctx, n.c_str(), nullptr)) {
        ClearErrorQueue();
        return FetchedDigest{SslUniquePtr<EVP_MD>(md), true};
      }
    }
  }
  return ErrorFromQueue(ErrorCode::kUnsupported, "unsupported digest: " + n);
}

}  // namespace cryptoshim
