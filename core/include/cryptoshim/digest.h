// Message digests through EVP_MD (fetched, never the legacy constants).
#pragma once

#include <string_view>

#include "cryptoshim/bytes.h"
#include "cryptoshim/legacy_provider.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

// An incremental hash. Move-only; Copy() gives an independent clone.
class Digest {
 public:
  // `name` is an OpenSSL digest name ("sha256", "SHA512", "md5", ...). Under
  // LegacyAlgorithms::kAllow a name the default provider lacks (MD4,
  // Whirlpool...) is looked up in the private legacy context; legacy() then
  // tells the caller to record the use as unsafe.
  static StatusOr<Digest> New(std::string_view name,
                              LegacyAlgorithms legacy = LegacyAlgorithms::kRefuse);

  Status Update(BytesView data);
  // Returns the digest and leaves the object finished; further use fails.
  StatusOr<Bytes> Finalize();
  StatusOr<Digest> Copy() const;

  size_t size() const;
  size_t block_size() const;
  std::string name() const;
  // Whether the algorithm came from the legacy provider.
  bool legacy() const { return legacy_; }

 private:
  Digest(SslUniquePtr<EVP_MD> md, SslUniquePtr<EVP_MD_CTX> ctx, bool legacy)
      : md_(std::move(md)), ctx_(std::move(ctx)), legacy_(legacy) {}
  SslUniquePtr<EVP_MD> md_;
  SslUniquePtr<EVP_MD_CTX> ctx_;
  bool legacy_;
  bool finished_ = false;
};

// One-shot hash.
StatusOr<Bytes> ComputeDigest(std::string_view name, BytesView data);

// Fetches a digest by name. Unknown names give kUnsupported.
StatusOr<SslUniquePtr<EVP_MD>> FetchDigest(std::string_view name);

}  // namespace cryptoshim
