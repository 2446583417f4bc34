// HMAC as a Tink-style primitive: New() validates, VerifyMac compares in
// constant time, and there is no bool-returning verify to misuse.
#pragma once

#include <memory>
#include <string_view>

#include "cryptoshim/bytes.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

class Mac {
 public:
  virtual ~Mac() = default;
  virtual StatusOr<Bytes> ComputeMac(BytesView data) const = 0;
  // OK only if `tag` is the full-length MAC of `data`.
  virtual Status VerifyMac(BytesView tag, BytesView data) const = 0;
};

class Hmac : public Mac {
 public:
  // Refuses keys shorter than `min_key_size` bytes (16 by default, as Tink does).
  // Legacy callers that must accept short keys pass 0 explicitly.
  static StatusOr<std::unique_ptr<Mac>> New(std::string_view hash, BytesView key,
                                            size_t min_key_size = 16);

  StatusOr<Bytes> ComputeMac(BytesView data) const override;
  Status VerifyMac(BytesView tag, BytesView data) const override;

 private:
  Hmac(std::string hash, BytesView key) : hash_(std::move(hash)), key_(key) {}
  const std::string hash_;
  const SecretBytes key_;
};

// Incremental HMAC for streaming callers (the legacy APIs' update/final).
class HmacStream {
 public:
  static StatusOr<HmacStream> New(std::string_view hash, BytesView key);
  Status Update(BytesView data);
  StatusOr<Bytes> Finalize();
  StatusOr<HmacStream> Copy() const;

 private:
  explicit HmacStream(SslUniquePtr<EVP_MAC_CTX> ctx) : ctx_(std::move(ctx)) {}
  SslUniquePtr<EVP_MAC_CTX> ctx_;
  bool finished_ = false;
};

}  // namespace cryptoshim
