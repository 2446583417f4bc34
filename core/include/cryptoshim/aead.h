// Authenticated encryption, Tink-style: callers never handle nonces. Encrypt
// returns nonce || ciphertext || tag with a fresh random 96-bit nonce.
#pragma once

#include <memory>

#include "cryptoshim/bytes.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

class Aead {
 public:
  virtual ~Aead() = default;
  virtual StatusOr<Bytes> Encrypt(BytesView plaintext, BytesView associated_data) const = 0;
  // kVerifyFailed for any tampering; never returns partial plaintext.
  virtual StatusOr<Bytes> Decrypt(BytesView ciphertext, BytesView associated_data) const = 0;
};

enum class AeadAlgorithm { kAesGcm, kChaCha20Poly1305 };

// Key sizes: AES-GCM 16 or 32 bytes (24 is allowed for legacy interop),
// ChaCha20-Poly1305 32 bytes.
StatusOr<std::unique_ptr<Aead>> NewAead(AeadAlgorithm algorithm, BytesView key);

namespace subtle {

// Caller-supplied nonces, for test vectors and legacy protocols only: reusing
// a nonce with the same key breaks confidentiality and integrity.
struct AeadParams {
  AeadAlgorithm algorithm;
  BytesView key;
  BytesView nonce;
  BytesView associated_data;
  size_t tag_size = 16;
};

// Returns ciphertext || tag.
StatusOr<Bytes> AeadSeal(const AeadParams& params, BytesView plaintext);
// `sealed` is ciphertext || tag.
StatusOr<Bytes> AeadOpen(const AeadParams& params, BytesView sealed);

}  // namespace subtle
}  // namespace cryptoshim
