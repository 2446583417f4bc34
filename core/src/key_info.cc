// Key accessors and the consistency check declared in key.h.
#include <openssl/x509.h>

#include "cryptoshim/error_queue.h"
#include "cryptoshim/key.h"

namespace cryptoshim {

int Key::type_id() const { return EVP_PKEY_get_base_id(pkey_.get()); }

int Key::bits() const { return EVP_PKEY_get_bits(pkey_.get()); }

std::string Key::type_name() const {
  const char* name = EVP_PKEY_get0_type_name(pkey_.get());
  return name ? std::string(name) : std::string();
}

Status Key::Check() const {
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey_.get(), nullptr));
  if (!ctx) return ErrorFromQueue(ErrorCode::kInternal, "EVP_PKEY_CTX_new_from_pkey");
  // EVP_PKEY_check covers the private key, the public key and their pairing;
  // it returns -2 when the key type has no check at all.
  int rc = has_private_ ? EVP_PKEY_check(ctx.get()) : EVP_PKEY_public_check(ctx.get());
  if (rc == 1) return Status::Ok();
  if (rc == -2) return ErrorFromQueue(ErrorCode::kUnsupported, "key type cannot be checked");
  return ErrorFromQueue(ErrorCode::kInvalidArgument, "key is inconsistent");
}

StatusOr<Key> Key::PublicKey() const {
  ClearErrorQueue();
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(pkey_.get(), &der);
  if (len <= 0) return ErrorFromQueue(ErrorCode::kInternal, "i2d_PUBKEY");
  const unsigned char* p = der;
  SslUniquePtr<EVP_PKEY> pub(d2i_PUBKEY(nullptr, &p, len));
  OPENSSL_free(der);
  if (!pub) return ErrorFromQueue(ErrorCode::kInternal, "d2i_PUBKEY");
  return Key(std::move(pub), /*has_private=*/false);
}

}  // namespace cryptoshim
