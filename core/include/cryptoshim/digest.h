// Message digests through EVP_MD (fetched, never the legacy constants).
#pragma once

#include <string_view>

#include "cryptoshim/bytes.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

// An incremental hash. Move-only; Copy() gives an independent clone.
class Digest {
 public:
  // `name` is an OpenSSL digest name ("sha256", "SHA512", "md5", ...).
  static StatusOr<Digest> New(std::string_view name);

  Status Update(BytesView data);
  // Returns the digest and leaves the object finished; further use fails.
  StatusOr<Bytes> Finalize();
  StatusOr<Digest> Copy() const;

  size_t size() const;
  size_t block_size() const;
  std::string name() const;

 private:
  Digest(SslUniquePtr<EVP_MD> md, SslUniquePtr<EVP_MD_CTX> ctx)
      : md_(std::move(md)), ctx_(std::move(ctx)) {}
  SslUniquePtr<EVP_MD> md_;
  SslUniquePtr<EVP_MD_CTX> ctx_;
  bool finished_ = false;
};

// One-shot hash.
StatusOr<Bytes> ComputeDigest(std::string_view name, BytesView data);

// Fetches a digest by name. Unknown names give kUnsupported.
StatusOr<SslUniquePtr<EVP_MD>> FetchDigest(std::string_view name);

}  // namespace cryptoshim
