// Fetched EVP_MD / EVP_CIPHER objects kept for the process's life, by name.
//
// OpenSSL 3 recommends fetching an algorithm once and reusing it: a fetch
// by name takes the name map's lock, a case-insensitive hash lookup and the
// method store's lock on every call (EVP_MD_fetch for "sha256" is ~1.5k
// instructions, more than a 1 KiB AES-CBC update). The legacy libraries pay
// an implicit fetch per init; the core pays one per name per process.
//
// Only successful fetches enter, so the table holds the few names a program
// uses (bounded anyway, kMaxEntries). Entries are never freed: OpenSSL's
// atexit cleanup may run before static destructors, and a method freed
// after its provider is gone would crash, so the references are leaked on
// purpose, as LegacyProviderLibCtx leaks its context.
#pragma once

#include <openssl/evp.h>

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cryptoshim {

template <typename T, int (*UpRef)(T*)>
class MethodCache {
 public:
  // A new reference to the method cached for `name` (nullptr if none);
  // *legacy tells whether it came from the legacy provider's context.
  T* Find(std::string_view name, bool* legacy) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const Entry& e : entries_) {
      if (e.name == name) {
        UpRef(e.method);
        *legacy = e.legacy;
        return e.method;
      }
    }
    return nullptr;
  }

  // Keeps a reference of its own to `method`, fetched for `name`.
  void Add(std::string_view name, T* method, bool legacy) {
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.size() >= kMaxEntries) return;
    for (const Entry& e : entries_) {
      if (e.name == name) return;
    }
    UpRef(method);
    entries_.push_back(Entry{std::string(name), method, legacy});
  }

 private:
  static constexpr size_t kMaxEntries = 64;
  struct Entry {
    std::string name;
    T* method;
    bool legacy;
  };
  std::mutex mu_;
  std::vector<Entry> entries_;
};

// The process's caches (legacy_provider.cc), shared by every fetch path.
MethodCache<EVP_MD, EVP_MD_up_ref>& DigestCache();
MethodCache<EVP_CIPHER, EVP_CIPHER_up_ref>& CipherCache();

}  // namespace cryptoshim
