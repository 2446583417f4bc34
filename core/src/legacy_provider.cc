#include "cryptoshim/legacy_provider.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>

#include <string>
#include <utility>

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

namespace {

// A method fetched by name: the process cache's, else the default library
// context's, else (when legacy algorithms are allowed) the legacy provider
// context's. The bool tells whether it is a legacy-provider method.
template <typename T, int (*UpRef)(T*), T* (*Fetch)(OSSL_LIB_CTX*, const char*, const char*)>
StatusOr<std::pair<SslUniquePtr<T>, bool>> FetchMaybeLegacy(MethodCache<T, UpRef>& cache,
                                                            std::string_view name,
                                                            LegacyAlgorithms legacy,
                                                            const char* kind) {
  ClearErrorQueue();
  bool cached_legacy = false;
  if (T* cached = cache.Find(name, &cached_legacy)) {
    SslUniquePtr<T> method(cached);
    // A legacy-only name under kRefuse takes the uncached path, which fails.
    if (!cached_legacy || legacy == LegacyAlgorithms::kAllow) {
      return std::make_pair(std::move(method), cached_legacy);
    }
  }
  std::string n(name);
  if (T* fetched = Fetch(nullptr, n.c_str(), nullptr)) {
    cache.Add(name, fetched, false);
    return std::make_pair(SslUniquePtr<T>(fetched), false);
  }
  if (legacy == LegacyAlgorithms::kAllow) {
    if (OSSL_LIB_CTX* ctx = LegacyProviderLibCtx()) {
      if (T* fetched = Fetch(ctx, n.c_str(), nullptr)) {
        ClearErrorQueue();  // the failed default-context fetch left entries
        cache.Add(name, fetched, true);
        return std::make_pair(SslUniquePtr<T>(fetched), true);
      }
    }
  }
  return ErrorFromQueue(ErrorCode::kUnsupported, std::string("unsupported ") + kind + ": " + n);
}

}  // namespace

StatusOr<FetchedCipher> FetchCipherMaybeLegacy(std::string_view name, LegacyAlgorithms legacy) {
  CS_ASSIGN_OR_RETURN(auto got, (FetchMaybeLegacy<EVP_CIPHER, EVP_CIPHER_up_ref, EVP_CIPHER_fetch>(
                                    CipherCache(), name, legacy, "cipher")));
  return FetchedCipher{std::move(got.first), got.second};
}

StatusOr<FetchedDigest> FetchDigestMaybeLegacy(std::string_view name, LegacyAlgorithms legacy) {
  CS_ASSIGN_OR_RETURN(auto got, (FetchMaybeLegacy<EVP_MD, EVP_MD_up_ref, EVP_MD_fetch>(
                                    DigestCache(), name, legacy, "digest")));
  return FetchedDigest{std::move(got.first), got.second};
}

}  // namespace cryptoshim
