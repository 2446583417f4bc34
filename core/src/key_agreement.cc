#include "cryptoshim/key_agreement.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {
namespace {

bool IsAgreementType(int id) {
  return id == EVP_PKEY_EC || id == EVP_PKEY_X25519 || id == EVP_PKEY_X448;
}

// True for EC keys that were decoded from explicit (specifiedCurve)
// parameters; OpenSSL accepts those when they match a named curve.
bool HasExplicitCurve(const Key& key) {
  if (key.type_id() != EVP_PKEY_EC) return false;
  int explicit_params = 0;
  return EVP_PKEY_get_int_param(key.get0(), OSSL_PKEY_PARAM_EC_DECODED_FROM_EXPLICIT_PARAMS,
                                &explicit_params) == 1 &&
         explicit_params != 0;
}

}  // namespace

StatusOr<KeyAgreement> KeyAgreement::New(const Key& private_key) {
  if (!IsAgreementType(private_key.type_id())) {
    return Status(ErrorCode::kInvalidArgument, "key agreement needs an EC, X25519 or X448 key");
  }
  if (!private_key.has_private()) {
    return Status(ErrorCode::kInvalidArgument, "key agreement needs a private key");
  }
  if (HasExplicitCurve(private_key)) {
    return Status(ErrorCode::kInvalidArgument, "explicit curve parameters are not supported");
  }
  return KeyAgreement(Key(SslUniquePtr<EVP_PKEY>(private_key.get1()), true));
}

StatusOr<Bytes> KeyAgreement::ComputeSharedSecret(const Key& peer_public_key) const {
  if (peer_public_key.type_id() != private_key_.type_id()) {
    return Status(ErrorCode::kInvalidArgument, "peer key is of another type");
  }
  if (HasExplicitCurve(peer_public_key)) {
    return Status(ErrorCode::kInvalidArgument, "explicit curve parameters are not supported");
  }
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, private_key_.get0(), nullptr));
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EVP_PKEY_derive_init");
  }
  // validate_peer = 1: EVP_PKEY_public_check on the peer, and the curves
  // must match (EVP_PKEY_parameters_eq).
  if (EVP_PKEY_derive_set_peer_ex(ctx.get(), peer_public_key.get0(), 1) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "invalid peer public key");
  }
  size_t len = 0;
  if (EVP_PKEY_derive(ctx.get(), nullptr, &len) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EVP_PKEY_derive");
  }
  Bytes secret(len, '\0');
  if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(secret.data()), &len) != 1) {
    // X25519/X448 fail here on an all-zero result (low-order peer point).
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "key agreement failed");
  }
  secret.resize(len);
  // RFC 7748 6.1: OpenSSL already refuses the all-zero X25519/X448 output;
  // checking again keeps the promise independent of the OpenSSL version.
  // (For ECDH an all-zero x coordinate is a legitimate point.) Constant time:
  // the loop must not reveal where the secret's first nonzero byte is.
  if (private_key_.type_id() != EVP_PKEY_EC) {
    unsigned char any = 0;
    for (char c : secret) any |= static_cast<unsigned char>(c);
    if (any == 0) {
      OPENSSL_cleanse(secret.data(), secret.size());
      return Status(ErrorCode::kInvalidArgument, "all-zero shared secret (low-order peer key)");
    }
  }
  return secret;
}

}  // namespace cryptoshim
