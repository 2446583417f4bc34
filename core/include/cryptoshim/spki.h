// Netscape signed public key and challenge (SPKAC), as produced by the old
// <keygen> element. Obsolete; kept for callers that still read or make one.
#pragma once

#include <string_view>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

class NetscapeSpki {
 public:
  explicit NetscapeSpki(SslUniquePtr<NETSCAPE_SPKI> spki) : spki_(std::move(spki)) {}

  static StatusOr<NetscapeSpki> New();
  // Base64 SPKAC as b64_encode() produces; kParse when malformed.
  static StatusOr<NetscapeSpki> FromBase64(std::string_view b64);

  NETSCAPE_SPKI* get0() const { return spki_.get(); }

  StatusOr<Bytes> ToBase64() const;
  StatusOr<Key> PublicKey() const;
  Status SetPublicKey(const Key& key);
  Status Sign(const Key& key, std::string_view digest);
  // OK if the signature verifies; kVerifyFailed otherwise.
  Status Verify(const Key& key) const;

 private:
  SslUniquePtr<NETSCAPE_SPKI> spki_;
};

}  // namespace cryptoshim
