#include "cryptoshim/key_raw.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/param_build.h>

#include <climits>
#include <string>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {
namespace {

const unsigned char* U8(BytesView v) { return reinterpret_cast<const unsigned char*>(v.data()); }

const char* RawKeyName(RawKeyType type) {
  switch (type) {
    case RawKeyType::kX25519:
      return "X25519";
    case RawKeyType::kX448:
      return "X448";
    case RawKeyType::kEd25519:
      return "ED25519";
    case RawKeyType::kEd448:
      return "ED448";
  }
  return "";
}

struct ParamBuildDeleter {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamDeleter {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct GroupDeleter {
  void operator()(EC_GROUP* g) const { EC_GROUP_free(g); }
};
struct PointDeleter {
  void operator()(EC_POINT* p) const { EC_POINT_free(p); }
};

// EVP_PKEY_fromdata for an "EC" key of `selection` from the built params.
StatusOr<Key> EcFromParams(OSSL_PARAM_BLD* bld, int selection, bool has_private, const char* what) {
  std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(bld));
  if (!params) return ErrorFromQueue(ErrorCode::kInternal, "OSSL_PARAM_BLD_to_param");
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, selection, params.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, what);
  }
  return Key(SslUniquePtr<EVP_PKEY>(pkey), has_private);
}

}  // namespace

StatusOr<Key> RawPublicKey(RawKeyType type, BytesView key) {
  ClearErrorQueue();
  EVP_PKEY* pkey =
      EVP_PKEY_new_raw_public_key_ex(nullptr, RawKeyName(type), nullptr, U8(key), key.size());
  if (!pkey) return ErrorFromQueue(ErrorCode::kInvalidArgument, "invalid raw public key");
  return Key(SslUniquePtr<EVP_PKEY>(pkey), false);
}

StatusOr<Key> RawPrivateKey(RawKeyType type, BytesView key) {
  ClearErrorQueue();
  EVP_PKEY* pkey =
      EVP_PKEY_new_raw_private_key_ex(nullptr, RawKeyName(type), nullptr, U8(key), key.size());
  if (!pkey) return ErrorFromQueue(ErrorCode::kInvalidArgument, "invalid raw private key");
  return Key(SslUniquePtr<EVP_PKEY>(pkey), true);
}

StatusOr<Key> EcPublicKeyFromPoint(std::string_view curve, BytesView sec1_point) {
  ClearErrorQueue();
  std::string name(curve);
  std::unique_ptr<OSSL_PARAM_BLD, ParamBuildDeleter> bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, name.c_str(), 0) !=
          1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, sec1_point.data(),
                                       sec1_point.size()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EC public key parameters");
  }
  // The import decodes the point with EC_POINT_oct2point, which refuses
  // points that are not on the curve.
  return EcFromParams(bld.get(), EVP_PKEY_PUBLIC_KEY, false, "invalid EC point or curve");
}

StatusOr<Key> EcPrivateKeyFromScalar(std::string_view curve, BytesView scalar) {
  if (scalar.size() > INT_MAX) return Status(ErrorCode::kInvalidArgument, "scalar too long");
  ClearErrorQueue();
  std::string name(curve);
  OSSL_PARAM group_params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, name.data(), 0),
      OSSL_PARAM_construct_end()};
  std::unique_ptr<EC_GROUP, GroupDeleter> group(
      EC_GROUP_new_from_params(group_params, nullptr, nullptr));
  if (!group) return ErrorFromQueue(ErrorCode::kInvalidArgument, "unknown curve");
  SslUniquePtr<BIGNUM> d(BN_bin2bn(U8(scalar), static_cast<int>(scalar.size()), nullptr));
  if (!d) return ErrorFromQueue(ErrorCode::kInternal, "BN_bin2bn");
  if (BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(group.get())) >= 0) {
    return Status(ErrorCode::kInvalidArgument, "private scalar out of range");
  }
  // The public point d*G, so the key is a full key pair.
  std::unique_ptr<EC_POINT, PointDeleter> pub(EC_POINT_new(group.get()));
  SslUniquePtr<BN_CTX> bn_ctx(BN_CTX_new());
  if (!pub || !bn_ctx ||
      EC_POINT_mul(group.get(), pub.get(), d.get(), nullptr, nullptr, bn_ctx.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EC_POINT_mul");
  }
  size_t len = EC_POINT_point2oct(group.get(), pub.get(), POINT_CONVERSION_UNCOMPRESSED, nullptr, 0,
                                  bn_ctx.get());
  Bytes point(len, '\0');
  if (len == 0 || EC_POINT_point2oct(group.get(), pub.get(), POINT_CONVERSION_UNCOMPRESSED,
                                     reinterpret_cast<unsigned char*>(point.data()), len,
                                     bn_ctx.get()) != len) {
    return ErrorFromQueue(ErrorCode::kInternal, "EC_POINT_point2oct");
  }
  std::unique_ptr<OSSL_PARAM_BLD, ParamBuildDeleter> bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, name.c_str(), 0) !=
          1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EC private key parameters");
  }
  return EcFromParams(bld.get(), EVP_PKEY_KEYPAIR, true, "invalid EC private key");
}

}  // namespace cryptoshim
