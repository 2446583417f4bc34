#include "cryptoshim/shims/m2crypto/prehashed_signature.h"

#include <openssl/evp.h>

#include "cryptoshim/error_queue.h"

namespace cryptoshim::m2crypto {
namespace {

const unsigned char* U8(BytesView v) { return reinterpret_cast<const unsigned char*>(v.data()); }

}  // namespace

StatusOr<Bytes> SignPrehashed(const Key& key, BytesView digest) {
  if (!key.has_private()) return Status(ErrorCode::kInvalidArgument, "no private key");
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get0(), nullptr));
  size_t len = 0;
  if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 ||
      EVP_PKEY_sign(ctx.get(), nullptr, &len, U8(digest), digest.size()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "sign setup");
  }
  Bytes sig(len, '\0');
  if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, U8(digest),
                    digest.size()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "sign");
  }
  sig.resize(len);
  return sig;
}

Status VerifyPrehashed(const Key& key, BytesView digest, BytesView der_signature) {
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get0(), nullptr));
  if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "verify setup");
  }
  if (EVP_PKEY_verify(ctx.get(), U8(der_signature), der_signature.size(), U8(digest),
                      digest.size()) != 1) {
    return ErrorFromQueue(ErrorCode::kVerifyFailed, "bad signature");
  }
  return Status::Ok();
}

}  // namespace cryptoshim::m2crypto
