#include "cryptoshim/rsa_pkcs1_encryption.h"

#include <openssl/rsa.h>

#include "rsa_cipher.h"

namespace cryptoshim::subtle {

StatusOr<Bytes> RsaPkcs1v15Encrypt(const Key& key, BytesView plaintext) {
  CS_RETURN_IF_ERROR(internal::RequireRsaKey(key, /*need_private=*/false));
  CS_ASSIGN_OR_RETURN(auto ctx, internal::RsaCipherContext(key, false, RSA_PKCS1_PADDING));
  return internal::RsaEncrypt(ctx.get(), plaintext);
}

StatusOr<Bytes> RsaPkcs1v15Decrypt(const Key& private_key, BytesView ciphertext) {
  CS_RETURN_IF_ERROR(internal::RequireRsaKey(private_key, /*need_private=*/true));
  CS_ASSIGN_OR_RETURN(auto ctx, internal::RsaCipherContext(private_key, true, RSA_PKCS1_PADDING));
  return internal::RsaDecrypt(ctx.get(), ciphertext);
}

}  // namespace cryptoshim::subtle
