// Raw-data signatures through EVP_DigestSign / EVP_DigestVerify, with the
// hash and padding always explicit (no hidden defaults from the key type).
#pragma once

#include <string>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

enum class SignaturePadding {
  kDefault,   // what the key type implies: ECDSA/DSA DER, EdDSA, RSA PKCS#1 v1.5
  kPkcs1v15,  // RSA only
  kPss,       // RSA only
};

// PSS salt-length sentinels, as OpenSSL defines them.
inline constexpr int kPssSaltLengthDigest = -1;  // salt = hash length
inline constexpr int kPssSaltLengthMax = -3;     // largest that fits (sign) / auto (verify)

struct SignatureOptions {
  // Digest name ("sha256", ...). Empty for EdDSA, which hashes internally;
  // a digest with Ed25519/Ed448 is kInvalidArgument.
  std::string digest;
  SignaturePadding padding = SignaturePadding::kDefault;
  int pss_salt_length = kPssSaltLengthDigest;
};

StatusOr<Bytes> Sign(const Key& key, BytesView data, const SignatureOptions& options);

// OK when `signature` is valid; kVerifyFailed when it does not match; other
// codes for unusable keys or options.
Status Verify(const Key& key, BytesView signature, BytesView data,
              const SignatureOptions& options);

}  // namespace cryptoshim
