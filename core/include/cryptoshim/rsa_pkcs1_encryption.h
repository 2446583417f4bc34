// RSAES-PKCS1-v1_5 (RFC 8017 section 7.2), for interoperating with legacy
// protocols and files only: new designs use RsaOaep (rsa_oaep.h).
#pragma once

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim::subtle {

StatusOr<Bytes> RsaPkcs1v15Encrypt(const Key& key, BytesView plaintext);

// kVerifyFailed for every invalid ciphertext, with one message and no
// OpenSSL reasons. A caller that reveals *whether* decryption failed (an
// error, a timing difference) still gives Bleichenbacher's padding oracle;
// OpenSSL 3.2+ answers invalid ciphertexts with a pseudo-random message
// instead (implicit rejection), 3.0 with an error.
StatusOr<Bytes> RsaPkcs1v15Decrypt(const Key& private_key, BytesView ciphertext);

}  // namespace cryptoshim::subtle
