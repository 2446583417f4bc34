// Raw-data signatures through EVP_DigestSign / EVP_DigestVerify, with the
// hash and padding always explicit (no hidden defaults from the key type).
#pragma once

#include <string>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/signature_encoding.h"
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
  // a digest with Ed25519/Ed448 is kInvalidArgument. "shake128"/"shake256"
  // work with ECDSA only, with the output lengths of RFC 8692 (256/512 bits).
  std::string digest;
  SignaturePadding padding = SignaturePadding::kDefault;
  int pss_salt_length = kPssSaltLengthDigest;
  // PSS only: the MGF1 hash. Empty means the same hash as `digest`.
  std::string pss_mgf1_digest;
  // ECDSA and DSA only: the signature encoding (see signature_encoding.h).
  DsaSignatureEncoding dsa_encoding = DsaSignatureEncoding::kDer;
};

StatusOr<Bytes> Sign(const Key& key, BytesView data, const SignatureOptions& options);

// OK when `signature` is valid; kVerifyFailed when it does not match; other
// codes for unusable keys or options.
Status Verify(const Key& key, BytesView signature, BytesView data, const SignatureOptions& options);

}  // namespace cryptoshim
