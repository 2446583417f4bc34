#include "hmac_templates.h"

#include <openssl/core_names.h>
#include <openssl/params.h>

#include <mutex>
#include <string>
#include <vector>

#include "cryptoshim/digest.h"
#include "cryptoshim/error_queue.h"

namespace cryptoshim {
namespace {

// The HMAC implementation, fetched once for the process and kept, as the
// method caches keep theirs; nullptr if the first fetch failed.
// Thread-safe: a function-local static is initialised once.
EVP_MAC* HmacMethod() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}

// An HMAC context with the digest of `hash` set, built from parameters.
StatusOr<SslUniquePtr<EVP_MAC_CTX>> BuildKeyless(std::string_view hash) {
  // Validate the hash name first so an unknown digest reads as kUnsupported.
  CS_ASSIGN_OR_RETURN(auto md, FetchDigest(hash));
  if (HmacMethod() == nullptr) return ErrorFromQueue(ErrorCode::kUnsupported, "HMAC unavailable");
  SslUniquePtr<EVP_MAC_CTX> ctx(EVP_MAC_CTX_new(HmacMethod()));
  if (!ctx) return ErrorFromQueue(ErrorCode::kInternal, "HMAC context");
  // The parameter is only read; OSSL_PARAM's constructor just takes a char*.
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                       const_cast<char*>(EVP_MD_get0_name(md.get())), 0),
      OSSL_PARAM_construct_end()};
  if (EVP_MAC_CTX_set_params(ctx.get(), params) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "HMAC digest");
  }
  return ctx;
}

class Templates {
 public:
  // The template for `hash` (nullptr: none can be copied), or false when
  // the name has not been seen.
  bool Find(std::string_view hash, const EVP_MAC_CTX** out) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const Entry& e : entries_) {
      if (e.name == hash) {
        *out = e.ctx;
        return true;
      }
    }
    return false;
  }
  // Keeps `ctx` (may be nullptr) as the template for `hash`, unless one is
  // there already or the table is full (then the caller's ctx is freed).
  void Add(std::string_view hash, SslUniquePtr<EVP_MAC_CTX> ctx) {
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.size() >= kMaxEntries) return;
    for (const Entry& e : entries_) {
      if (e.name == hash) return;
    }
    entries_.push_back(Entry{std::string(hash), ctx.release()});
  }

 private:
  static constexpr size_t kMaxEntries = 64;
  struct Entry {
    std::string name;
    const EVP_MAC_CTX* ctx;  // owned, never freed
  };
  std::mutex mu_;
  std::vector<Entry> entries_;
};

Templates& TheTemplates() {
  static auto* templates = new Templates();
  return *templates;
}

}  // namespace

StatusOr<SslUniquePtr<EVP_MAC_CTX>> NewKeylessHmacCtx(std::string_view hash) {
  ClearErrorQueue();
  const EVP_MAC_CTX* tmpl = nullptr;
  if (TheTemplates().Find(hash, &tmpl)) {
    if (tmpl != nullptr) {
      SslUniquePtr<EVP_MAC_CTX> ctx(EVP_MAC_CTX_dup(tmpl));
      if (ctx) return ctx;
      ClearErrorQueue();  // out of memory, most likely: build one below
    }
    return BuildKeyless(hash);
  }
  CS_ASSIGN_OR_RETURN(auto built, BuildKeyless(hash));
  SslUniquePtr<EVP_MAC_CTX> copy(EVP_MAC_CTX_dup(built.get()));
  if (!copy) {
    ClearErrorQueue();
    TheTemplates().Add(hash, nullptr);
    return built;
  }
  TheTemplates().Add(hash, std::move(built));
  return copy;
}

}  // namespace cryptoshim
