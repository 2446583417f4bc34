// Byte buffers crossing the core's API. std::string is used as an owning byte
// container (as Tink does) because it binds cheaply to Python bytes.
#pragma once

#include <openssl/bio.h>
#include <openssl/crypto.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

using Bytes = std::string;
using BytesView = std::string_view;

// Key material held by a primitive (an HMAC or AEAD key): wiped with
// OPENSSL_cleanse when destroyed, so a freed key does not linger in the heap.
// Not copyable, so no unwiped copy is made by accident; a move copies the
// bytes and wipes the source (a short string lives inside the object, where
// std::string's own move would leave it behind).
//
// Thread contract: immutable after construction; safe to read from any thread.
class SecretBytes {
 public:
  explicit SecretBytes(BytesView data) : data_(data) {}
  // Copies, then wipes the source: a moved std::string could leave the secret
  // behind in a buffer nothing wipes.
  // NOLINTNEXTLINE(performance-move-constructor-init)
  SecretBytes(SecretBytes&& other) noexcept : data_(other.data_) { other.Wipe(); }
  SecretBytes& operator=(SecretBytes&&) = delete;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes() { Wipe(); }

  BytesView view() const { return data_; }
  size_t size() const { return data_.size(); }

 private:
  void Wipe() { OPENSSL_cleanse(data_.data(), data_.size()); }
  std::string data_;
};

// A read-only memory BIO over `data`; `data` must outlive the BIO.
SslUniquePtr<BIO> ReadOnlyMemBio(BytesView data);

// An empty, growable memory BIO.
SslUniquePtr<BIO> NewMemBio();

// Copies everything written to a memory BIO out as bytes.
Bytes MemBioContents(BIO* bio);

// Constant-time equality for MAC tags and similar secrets.
bool ConstantTimeEquals(BytesView a, BytesView b);

}  // namespace cryptoshim
