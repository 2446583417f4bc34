#include "rsa_cipher.h"

#include <openssl/crypto.h>
#include <openssl/rsa.h>

#include "cryptoshim/error_queue.h"

namespace cryptoshim::internal {
namespace {

const unsigned char* U8(BytesView v) { return reinterpret_cast<const unsigned char*>(v.data()); }

}  // namespace

Status RequireRsaKey(const Key& key, bool need_private) {
  if (key.type_id() != EVP_PKEY_RSA) return Status(ErrorCode::kInvalidArgument, "not an RSA key");
  if (need_private && !key.has_private()) {
    return Status(ErrorCode::kInvalidArgument, "decryption needs an RSA private key");
  }
  return Status::Ok();
}

StatusOr<SslUniquePtr<EVP_PKEY_CTX>> RsaCipherContext(const Key& key, bool decrypt, int padding) {
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get0(), nullptr));
  if (!ctx ||
      (decrypt ? EVP_PKEY_decrypt_init(ctx.get()) : EVP_PKEY_encrypt_init(ctx.get())) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "RSA cipher setup");
  }
  if (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), padding) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "RSA padding refused");
  }
  return ctx;
}

StatusOr<Bytes> RsaEncrypt(EVP_PKEY_CTX* ctx, BytesView in) {
  size_t len = 0;
  if (EVP_PKEY_encrypt(ctx, nullptr, &len, U8(in), in.size()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "RSA encryption setup");
  }
  Bytes out(len, '\0');
  if (EVP_PKEY_encrypt(ctx, reinterpret_cast<unsigned char*>(out.data()), &len, U8(in),
                       in.size()) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "RSA encryption failed (message too long?)");
  }
  out.resize(len);
  return out;
}

StatusOr<Bytes> RsaDecrypt(EVP_PKEY_CTX* ctx, BytesView in) {
  // The size query only reports the modulus size; it looks at no secret.
  size_t len = 0;
  if (EVP_PKEY_decrypt(ctx, nullptr, &len, U8(in), in.size()) != 1) {
    ClearErrorQueue();
    return Status(ErrorCode::kVerifyFailed, "decryption failed");
  }
  Bytes out(len, '\0');
  if (EVP_PKEY_decrypt(ctx, reinterpret_cast<unsigned char*>(out.data()), &len, U8(in),
                       in.size()) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    ClearErrorQueue();
    return Status(ErrorCode::kVerifyFailed, "decryption failed");
  }
  out.resize(len);
  return out;
}

}  // namespace cryptoshim::internal
