// A streaming symmetric cipher (EVP_CIPHER_CTX) for legacy APIs that expose
// update/final: any mode, including unauthenticated ones and, on request,
// the legacy provider's ciphers. New code should use Aead.
#pragma once

#include <string_view>

#include "cryptoshim/bytes.h"
#include "cryptoshim/legacy_provider.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

enum class CipherDirection { kDecrypt = 0, kEncrypt = 1 };

class CipherStream {
 public:
  // `key` and `iv` must have exactly the cipher's lengths (an empty iv for
  // modes without one); variable-length ciphers (RC4, Blowfish, CAST5, RC2)
  // accept other key sizes. For AEAD modes a non-default iv length is set before
  // the iv is applied.
  static StatusOr<CipherStream> New(std::string_view cipher_name, BytesView key, BytesView iv,
                                    CipherDirection direction, LegacyAlgorithms legacy);

  // PKCS#7 padding for block modes; on by default.
  Status SetPadding(bool enabled);
  StatusOr<Bytes> Update(BytesView data);
  // Update writing into `out`, which has room for UpdateBound(data.size())
  // bytes; returns how many it wrote. A binding ciphers straight into its
  // own result object this way: no zero-filled std::string, no copy of the
  // output (for a 1 MiB AES-CBC update those were ~40% of the instructions).
  StatusOr<size_t> UpdateInto(BytesView data, char* out);
  size_t UpdateBound(size_t size) const { return size + block_size(); }
  // What Update/UpdateInto would refuse before touching the output:
  // a finished stream, or an input longer than OpenSSL's int lengths.
  Status CheckUpdate(size_t size) const;
  // AEAD only: associated data, before any Update.
  Status UpdateAad(BytesView aad);
  // AEAD decryption: the expected tag, before Finalize.
  Status SetTag(BytesView tag);
  // Decryption failures (bad padding, bad tag) are reported as one
  // kVerifyFailed so they do not act as an oracle.
  StatusOr<Bytes> Finalize();
  // AEAD encryption: the tag, after Finalize.
  StatusOr<Bytes> GetTag(size_t length) const;

  size_t key_length() const;
  size_t iv_length() const;
  size_t block_size() const;
  bool legacy() const { return legacy_; }
  bool is_aead() const;

 private:
  CipherStream(SslUniquePtr<EVP_CIPHER> cipher, SslUniquePtr<EVP_CIPHER_CTX> ctx, bool legacy,
               CipherDirection direction)
      : cipher_(std::move(cipher)), ctx_(std::move(ctx)), legacy_(legacy), direction_(direction) {}
  SslUniquePtr<EVP_CIPHER> cipher_;
  SslUniquePtr<EVP_CIPHER_CTX> ctx_;
  bool legacy_;
  CipherDirection direction_;
  bool finished_ = false;
};

// The key/iv lengths a cipher needs, without creating a context.
struct CipherInfo {
  size_t key_length = 0;
  size_t iv_length = 0;
  size_t block_size = 0;
  bool variable_key_length = false;
  bool legacy = false;
};
StatusOr<CipherInfo> LookupCipher(std::string_view cipher_name, LegacyAlgorithms legacy);

// OpenSSL's EVP_BytesToKey (PKCS#5 v1.5 style, as `openssl enc` without
// -pbkdf2 uses): a weak KDF kept for legacy data only.
struct KeyAndIv {
  Bytes key;
  Bytes iv;
};
StatusOr<KeyAndIv> BytesToKey(std::string_view cipher_name, std::string_view digest_name,
                              BytesView password, BytesView salt, int iterations,
                              LegacyAlgorithms legacy);

}  // namespace cryptoshim
