// RSAES-OAEP (RFC 8017 section 7.1) with the hash, the MGF1 hash and the
// label always explicit, as Tink's RsaOaep parameters.
#pragma once

#include <string>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

struct RsaOaepParams {
  std::string digest = "sha256";  // hashes the label
  std::string mgf1_digest;        // empty: the same as `digest`
  Bytes label;
};

class RsaOaepEncrypter {
 public:
  // `key` must be an RSA key (public or private); digests must exist.
  static StatusOr<RsaOaepEncrypter> New(const Key& key, RsaOaepParams params);
  // kInvalidArgument when the plaintext is too long for the key.
  StatusOr<Bytes> Encrypt(BytesView plaintext) const;

 private:
  RsaOaepEncrypter(Key key, RsaOaepParams params)
      : key_(std::move(key)), params_(std::move(params)) {}
  Key key_;
  RsaOaepParams params_;
};

class RsaOaepDecrypter {
 public:
  // `private_key` must be an RSA private key; digests must exist.
  static StatusOr<RsaOaepDecrypter> New(const Key& private_key, RsaOaepParams params);
  // kVerifyFailed for every invalid ciphertext, with one message and no
  // OpenSSL reasons: distinguishable OAEP errors are Manger's oracle.
  StatusOr<Bytes> Decrypt(BytesView ciphertext) const;

 private:
  RsaOaepDecrypter(Key key, RsaOaepParams params)
      : key_(std::move(key)), params_(std::move(params)) {}
  Key key_;
  RsaOaepParams params_;
};

}  // namespace cryptoshim
