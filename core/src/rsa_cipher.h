// Internal helpers shared by the RSA encryption primitives (rsa_oaep.cc,
// rsa_pkcs1_encryption.cc).
#pragma once

#include <openssl/evp.h>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim::internal {

Status RequireRsaKey(const Key& key, bool need_private);

// A context for `key` after EVP_PKEY_encrypt_init or _decrypt_init, with the
// RSA padding mode set.
StatusOr<SslUniquePtr<EVP_PKEY_CTX>> RsaCipherContext(const Key& key, bool decrypt, int padding);

// Encrypts: errors keep OpenSSL's reasons (nothing secret is involved).
StatusOr<Bytes> RsaEncrypt(EVP_PKEY_CTX* ctx, BytesView in);

// Decrypts: every failure is the same kVerifyFailed without reasons, and the
// error queue is emptied, so callers cannot turn it into a padding oracle.
StatusOr<Bytes> RsaDecrypt(EVP_PKEY_CTX* ctx, BytesView in);

}  // namespace cryptoshim::internal
