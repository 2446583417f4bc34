// M2Crypto's EVP.MessageDigest: any digest OpenSSL knows by name, including
// the legacy provider's (MD4, Whirlpool...) from the private library context.
#pragma once

#include <string_view>

#include "cryptoshim/bytes.h"
#include "cryptoshim/legacy_provider.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim::m2crypto {

class MessageDigest {
 public:
  static StatusOr<MessageDigest> New(std::string_view name);
  Status Update(BytesView data);
  // Finishes the digest; later calls fail, as EVP_DigestFinal_ex does.
  StatusOr<Bytes> Final();
  bool legacy() const { return legacy_; }
  size_t size() const;

 private:
  MessageDigest(SslUniquePtr<EVP_MD> md, SslUniquePtr<EVP_MD_CTX> ctx, bool legacy)
      : md_(std::move(md)), ctx_(std::move(ctx)), legacy_(legacy) {}
  SslUniquePtr<EVP_MD> md_;
  SslUniquePtr<EVP_MD_CTX> ctx_;
  bool legacy_;
  bool finished_ = false;
};

}  // namespace cryptoshim::m2crypto
