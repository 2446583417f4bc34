#include "cryptoshim/key_generation.h"

#include <openssl/core_names.h>
#include <openssl/dsa.h>
#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/params.h>
#include <openssl/rsa.h>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {
namespace {

// Runs EVP_PKEY_generate on a context already set up by the caller.
StatusOr<Key> Generate(EVP_PKEY_CTX* ctx, const char* what) {
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_generate(ctx, &raw) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument,
                          std::string(what) + " key generation failed");
  }
  return Key(SslUniquePtr<EVP_PKEY>(raw), /*has_private=*/true);
}

StatusOr<Key> QuickKeygen(const char* type) {
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY> pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, type));
  if (!pkey)
    return ErrorFromQueue(ErrorCode::kInternal, std::string(type) + " key generation failed");
  return Key(std::move(pkey), /*has_private=*/true);
}

}  // namespace

StatusOr<Key> GenerateRsaKey(int bits, uint64_t public_exponent) {
  if (bits <= 0) return Status(ErrorCode::kInvalidArgument, "invalid number of bits");
  if (public_exponent < 3 || public_exponent % 2 == 0) {
    return Status(ErrorCode::kInvalidArgument, "RSA public exponent must be odd and >= 3");
  }
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  SslUniquePtr<BIGNUM> e(BN_new());
  if (!ctx || !e || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      BN_set_word(e.get(), public_exponent) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "RSA keygen setup failed");
  }
  if (EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) != 1 ||
      EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), e.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "unsupported RSA key size or exponent");
  }
  return Generate(ctx.get(), "RSA");
}

StatusOr<Key> GenerateEcKey(std::string_view curve_name) {
  ClearErrorQueue();
  std::string curve(curve_name);
  // Checked up front so an unknown name is kInvalidArgument, not kInternal.
  int nid = OBJ_txt2nid(curve.c_str());
  if (nid == NID_undef) nid = EC_curve_nist2nid(curve.c_str());
  if (nid == NID_undef) {
    ClearErrorQueue();
    return Status(ErrorCode::kInvalidArgument, "unknown curve name: " + curve);
  }
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EC keygen setup failed");
  }
  if (EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx.get(), nid) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "unsupported curve: " + curve);
  }
  return Generate(ctx.get(), "EC");
}

StatusOr<Key> GenerateEd25519Key() { return QuickKeygen("ED25519"); }
StatusOr<Key> GenerateEd448Key() { return QuickKeygen("ED448"); }

StatusOr<Key> GenerateDsaKey(int bits) {
  if (bits <= 0) return Status(ErrorCode::kInvalidArgument, "invalid number of bits");
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY_CTX> pctx(EVP_PKEY_CTX_new_from_name(nullptr, "DSA", nullptr));
  if (!pctx || EVP_PKEY_paramgen_init(pctx.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "DSA paramgen setup failed");
  }
  bool legacy_size = bits < 2048;
  if (EVP_PKEY_CTX_set_dsa_paramgen_bits(pctx.get(), bits) != 1 ||
      (legacy_size && (EVP_PKEY_CTX_set_dsa_paramgen_type(pctx.get(), "fips186_2") != 1 ||
                       EVP_PKEY_CTX_set_dsa_paramgen_q_bits(pctx.get(), 160) != 1))) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "unsupported DSA key size");
  }
  EVP_PKEY* raw_params = nullptr;
  if (EVP_PKEY_generate(pctx.get(), &raw_params) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "DSA parameter generation failed");
  }
  SslUniquePtr<EVP_PKEY> params(raw_params);
  SslUniquePtr<EVP_PKEY_CTX> kctx(EVP_PKEY_CTX_new_from_pkey(nullptr, params.get(), nullptr));
  if (!kctx || EVP_PKEY_keygen_init(kctx.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "DSA keygen setup failed");
  }
  if (legacy_size) {
    // The keygen step re-validates p, q, g, as FIPS 186-4 unless its own
    // context says the parameters are FIPS 186-2 ones (which marks them
    // "validate-legacy"); the paramgen setting does not carry over.
    char type[] = "fips186_2";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_FFC_TYPE, type, 0),
                           OSSL_PARAM_construct_end()};
    if (EVP_PKEY_CTX_set_params(kctx.get(), params) != 1) {
      return ErrorFromQueue(ErrorCode::kInternal, "DSA keygen setup failed");
    }
  }
  return Generate(kctx.get(), "DSA");
}

std::vector<std::string> BuiltinCurveNames() {
  size_t count = EC_get_builtin_curves(nullptr, 0);
  std::vector<EC_builtin_curve> curves(count);
  count = EC_get_builtin_curves(curves.data(), count);
  std::vector<std::string> names;
  names.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const char* sn = OBJ_nid2sn(curves[i].nid);
    if (sn != nullptr) names.emplace_back(sn);
  }
  return names;
}

}  // namespace cryptoshim
