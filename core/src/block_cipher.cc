#include "cryptoshim/block_cipher.h"

#include <openssl/evp.h>

#include <limits>
#include <string>

#include "cryptoshim/error_queue.h"

namespace cryptoshim::subtle {
namespace {

StatusOr<Bytes> AesCbc(BytesView key, BytesView iv, BytesView in, bool encrypt) {
  ClearErrorQueue();
  if (key.size() != 16 && key.size() != 24 && key.size() != 32) {
    return Status(ErrorCode::kInvalidArgument, "AES key must be 16, 24 or 32 bytes");
  }
  if (iv.size() != 16) return Status(ErrorCode::kInvalidArgument, "AES-CBC IV must be 16 bytes");
  if (in.size() > static_cast<size_t>(std::numeric_limits<int>::max() - 32)) {
    return Status(ErrorCode::kInvalidArgument, "input too long");
  }
  std::string name = "AES-" + std::to_string(key.size() * 8) + "-CBC";
  SslUniquePtr<EVP_CIPHER> cipher(EVP_CIPHER_fetch(nullptr, name.c_str(), nullptr));
  SslUniquePtr<EVP_CIPHER_CTX> ctx(EVP_CIPHER_CTX_new());
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  const auto* v = reinterpret_cast<const unsigned char*>(iv.data());
  if (!cipher || !ctx || EVP_CipherInit_ex2(ctx.get(), cipher.get(), k, v, encrypt, nullptr) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "AES-CBC init failed");
  }
  Bytes out(in.size() + 16, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  int len = 0, fin = 0;
  if (EVP_CipherUpdate(ctx.get(), o, &len, reinterpret_cast<const unsigned char*>(in.data()),
                       static_cast<int>(in.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), o + len, &fin) != 1) {
    ClearErrorQueue();
    return Status(encrypt ? ErrorCode::kInternal : ErrorCode::kVerifyFailed,
                  encrypt ? "AES-CBC encryption failed" : "AES-CBC decryption failed");
  }
  out.resize(static_cast<size_t>(len) + static_cast<size_t>(fin));
  return out;
}

}  // namespace

StatusOr<Bytes> AesCbcPkcs7Encrypt(BytesView key, BytesView iv, BytesView plaintext) {
  return AesCbc(key, iv, plaintext, true);
}

StatusOr<Bytes> AesCbcPkcs7Decrypt(BytesView key, BytesView iv, BytesView ciphertext) {
  return AesCbc(key, iv, ciphertext, false);
}

}  // namespace cryptoshim::subtle
