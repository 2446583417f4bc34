// Elliptic-curve Diffie-Hellman: ECDH on the prime curves (the shared secret
// is the x coordinate of d * Q, SEC1 3.3.1) and X25519/X448 (RFC 7748). The
// raw shared secret is key material for a KDF, never a key by itself.
#pragma once

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

class KeyAgreement {
 public:
  // `private_key` must be an EC, X25519 or X448 key with its private half.
  static StatusOr<KeyAgreement> New(const Key& private_key);

  // kInvalidArgument when `peer_public_key` is of another type or curve, is
  // not a valid public key (EVP_PKEY_public_check: on the curve, not the
  // point at infinity), carries explicit curve parameters instead of a named
  // curve (RFC 5480 2.1.1 forbids specifiedCurve), or when X25519/X448 gives
  // the all-zero secret of a low-order point (RFC 7748 section 6.1).
  StatusOr<Bytes> ComputeSharedSecret(const Key& peer_public_key) const;

 private:
  explicit KeyAgreement(Key private_key) : private_key_(std::move(private_key)) {}
  Key private_key_;
};

}  // namespace cryptoshim
