// M2Crypto's EVP.Cipher semantics over the core's CipherStream: M2Crypto
// algorithm names ("aes_128_cbc", "bf_cbc"), its optional EVP_BytesToKey key
// derivation, and its lenient key/iv handling (EVP_CipherInit reads only as
// many bytes as the cipher needs; shorter ivs are zero-extended here instead
// of reading past the buffer as the original does).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cryptoshim/bytes.h"
#include "cryptoshim/cipher_stream.h"
#include "cryptoshim/status.h"

namespace cryptoshim::m2crypto {

// "aes_128_cbc" -> "aes-128-cbc". kInvalidArgument for names that are not
// M2Crypto cipher getters.
StatusOr<std::string> CipherName(std::string_view m2_alg);

// Why a cipher choice is unsafe ("" when it is not): legacy-provider
// ciphers, ECB, RC4, and the md5 EVP_BytesToKey default.
std::string CipherUnsafeReason(std::string_view m2_alg, bool key_as_bytes,
                               std::string_view kdf_digest);

struct CipherParams {
  // Views of the caller's buffers, which must outlive Cipher::New; nothing
  // of them is kept (the key goes into OpenSSL's context), so building the
  // parameters copies no key material.
  std::string_view alg;  // M2Crypto name
  BytesView key;
  BytesView iv;
  int op = 1;                 // 1 encrypt, 0 decrypt (M2Crypto's m2.encrypt/decrypt)
  bool key_as_bytes = false;  // derive the key with EVP_BytesToKey
  std::string_view digest = "md5";
  BytesView salt = "12345678";
  int iterations = 1;
  bool padding = true;
  // Keep the key's own length for variable-length ciphers (M2Crypto's RC4
  // module sets RC4 keys of any size); otherwise the key is cut to the
  // cipher's default length as EVP_CipherInit reads it.
  bool variable_key = false;
};

class Cipher {
 public:
  static StatusOr<Cipher> New(const CipherParams& params);
  StatusOr<Bytes> Update(BytesView data) { return stream_.Update(data); }
  StatusOr<size_t> UpdateInto(BytesView data, char* out) { return stream_.UpdateInto(data, out); }
  size_t UpdateBound(size_t size) const { return stream_.UpdateBound(size); }
  Status CheckUpdate(size_t size) const { return stream_.CheckUpdate(size); }
  StatusOr<Bytes> Final() { return stream_.Finalize(); }
  Status UpdateAad(BytesView aad) { return stream_.UpdateAad(aad); }
  Status SetTag(BytesView tag) { return stream_.SetTag(tag); }
  StatusOr<Bytes> GetTag(size_t length) const { return stream_.GetTag(length); }
  Status SetPadding(bool enabled) { return stream_.SetPadding(enabled); }
  bool legacy() const { return stream_.legacy(); }
  // 1 for stream modes (CTR, CFB, OFB, RC4): Update keeps nothing back.
  size_t block_size() const { return stream_.block_size(); }

 private:
  explicit Cipher(CipherStream stream) : stream_(std::move(stream)) {}
  CipherStream stream_;
};

// M2Crypto's EVP.pbkdf2: PBKDF2-HMAC-SHA1.
StatusOr<Bytes> Pbkdf2HmacSha1(BytesView password, BytesView salt, int iterations, int keylen);

}  // namespace cryptoshim::m2crypto
