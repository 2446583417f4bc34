// Unauthenticated block-cipher modes, for legacy protocols and test vectors.
// New code should use Aead. Decryption failures are reported uniformly so the
// error does not act as a padding oracle.
#pragma once

#include "cryptoshim/bytes.h"
#include "cryptoshim/status.h"

namespace cryptoshim::subtle {

// AES-CBC with PKCS#7 padding; key 16/24/32 bytes, iv 16 bytes.
StatusOr<Bytes> AesCbcPkcs7Encrypt(BytesView key, BytesView iv, BytesView plaintext);
StatusOr<Bytes> AesCbcPkcs7Decrypt(BytesView key, BytesView iv, BytesView ciphertext);

}  // namespace cryptoshim::subtle
