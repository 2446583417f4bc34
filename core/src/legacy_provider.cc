#include "cryptoshim/legacy_provider.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include <string>

#include "cryptoshim/error_queue.h"
#include "method_cache.h"

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

MethodCache<EVP_MD, EVP_MD_up_ref>& DigestCache() {
  static auto* cache = new MethodCache<EVP_MD, EVP_MD_up_ref>;  // never freed (method_cache.h)
  return *cache;
}

MethodCache<EVP_CIPHER, EVP_CIPHER_up_ref>& CipherCache() {
  static auto* cache = new MethodCache<EVP_CIPHER, EVP_CIPHER_up_ref>;
  return *cache;
}

StatusOr<FetchedCipher> FetchCipherMaybeLegacy(std::string_view name, LegacyAlgorithms legacy) {
  ClearErrorQueue();
  bool cached_legacy = false;
  if (EVP_CIPHER* c = CipherCache().Find(name, &cached_legacy)) {
    // A legacy-only name under kRefuse takes the uncached path, which fails.
    if (!cached_legacy || legacy == LegacyAlgorithms::kAllow) {
      return FetchedCipher{SslUniquePtr<EVP_CIPHER>(c), cached_legacy};
    }
    EVP_CIPHER_free(c);
  }
  std::string n(name);
  if (EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, n.c_str(), nullptr)) {
    CipherCache().Add(name, c, false);
    return FetchedCipher{SslUniquePtr<EVP_CIPHER>(c), false};
  }
  if (legacy == LegacyAlgorithms::kAllow) {
    if (OSSL_LIB_CTX* ctx = LegacyProviderLibCtx()) {
      if (EVP_CIPHER* c = EVP_CIPHER_fetch(ctx, n.c_str(), nullptr)) {
        ClearErrorQueue();  // the failed default-context fetch left entries
        CipherCache().Add(name, c, true);
        return FetchedCipher{SslUniquePtr<EVP_CIPHER>(c), true};
      }
    }
  }
  return ErrorFromQueue(ErrorCode::kUnsupported, "unsupported cipher: " + n);
}

StatusOr<FetchedDigest> FetchDigestMaybeLegacy(std::string_view name, LegacyAlgorithms legacy) {
  ClearErrorQueue();
  bool cached_legacy = false;
  if (EVP_MD* md = DigestCache().Find(name, &cached_legacy)) {
    if (!cached_legacy || legacy == LegacyAlgorithms::kAllow) {
      return FetchedDigest{SslUniquePtr<EVP_MD>(md), cached_legacy};
    }
    EVP_MD_free(md);
  }
  std::string n(name);
  if (EVP_MD* md = EVP_MD_fetch(nullptr, n.c_str(), nullptr)) {
    DigestCache().Add(name, md, false);
    return FetchedDigest{SslUniquePtr<EVP_MD>(md), false};
  }
  if (legacy == LegacyAlgorithms::kAllow) {
    if (OSSL_LIB_CTX* ctx = LegacyProviderLibCtx()) {
      if (EVP_MD* md = EVP_MD_fetch(ctx, n.c_str(), nullptr)) {
        ClearErrorQueue();
        DigestCache().Add(name, md, true);
        return FetchedDigest{SslUniquePtr<EVP_MD>(md), true};
      }
    }
  }
  return ErrorFromQueue(ErrorCode::kUnsupported, "unsupported digest: " + n);
}

}  // namespace cryptoshim
