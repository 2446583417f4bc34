#include "cryptoshim/shims/m2crypto/dsa.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/dsa.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <climits>
#include <memory>
#include <string>

#include "cryptoshim/error_queue.h"
#include "pem_parameters.h"

namespace cryptoshim::m2crypto {
namespace {

// OSSL_ENCODER_CTX has no SslDeleter yet; a local one keeps this file
// self-contained.
struct EncoderCtxDeleter {
  void operator()(OSSL_ENCODER_CTX* c) const { OSSL_ENCODER_CTX_free(c); }
};

const unsigned char* U8(BytesView v) { return reinterpret_cast<const unsigned char*>(v.data()); }

StatusOr<SslUniquePtr<BIGNUM>> MpiToBn(BytesView mpi) {
  if (mpi.size() > INT_MAX) return Status(ErrorCode::kInvalidArgument, "MPI too long");
  SslUniquePtr<BIGNUM> bn(BN_mpi2bn(U8(mpi), static_cast<int>(mpi.size()), nullptr));
  if (!bn) return ErrorFromQueue(ErrorCode::kParse, "invalid MPI");
  return bn;
}

const char* ParamName(std::string_view name) {
  if (name == "p") return OSSL_PKEY_PARAM_FFC_P;
  if (name == "q") return OSSL_PKEY_PARAM_FFC_Q;
  if (name == "g") return OSSL_PKEY_PARAM_FFC_G;
  if (name == "pub") return OSSL_PKEY_PARAM_PUB_KEY;
  if (name == "priv") return OSSL_PKEY_PARAM_PRIV_KEY;
  return nullptr;
}

}  // namespace

StatusOr<Key> DsaLoadParams(BytesView pem) {
  return LoadPemParameters(pem, "DSA", "failed to load DSA parameters");
}

StatusOr<Key> DsaGenerateParams(int bits) {
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "DSA", nullptr));
  EVP_PKEY* params = nullptr;
  if (!ctx || EVP_PKEY_paramgen_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_dsa_paramgen_bits(ctx.get(), bits) != 1 ||
      (bits < 2048 && (EVP_PKEY_CTX_set_dsa_paramgen_type(ctx.get(), "fips186_2") != 1 ||
                       EVP_PKEY_CTX_set_dsa_paramgen_q_bits(ctx.get(), 160) != 1)) ||
      EVP_PKEY_paramgen(ctx.get(), &params) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "DSA parameter generation");
  }
  return Key(SslUniquePtr<EVP_PKEY>(params), false);
}

StatusOr<Key> DsaGenerateKey(const Key& params) {
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, params.get0(), nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &pkey) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "DSA key generation");
  }
  return Key(SslUniquePtr<EVP_PKEY>(pkey), true);
}

StatusOr<Key> DsaFromMpis(BytesView p_mpi, BytesView q_mpi, BytesView g_mpi, BytesView pub_mpi) {
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIGNUM> p, MpiToBn(p_mpi));
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIGNUM> q, MpiToBn(q_mpi));
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIGNUM> g, MpiToBn(g_mpi));
  SslUniquePtr<BIGNUM> pub;
  if (!pub_mpi.empty()) {
    CS_ASSIGN_OR_RETURN(pub, MpiToBn(pub_mpi));
  }
  ClearErrorQueue();
  SslUniquePtr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  if (!bld) return ErrorFromQueue(ErrorCode::kInternal, "OSSL_PARAM_BLD_new");
  SslUniquePtr<OSSL_PARAM> params;
  if (OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_P, p.get()) == 1 &&
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_Q, q.get()) == 1 &&
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_G, g.get()) == 1 &&
      (!pub || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub.get()) == 1)) {
    params.reset(OSSL_PARAM_BLD_to_param(bld.get()));
  }
  if (!params) return ErrorFromQueue(ErrorCode::kInternal, "DSA parameters");
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "DSA", nullptr));
  EVP_PKEY* pkey = nullptr;
  bool ok = ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
            EVP_PKEY_fromdata(ctx.get(), &pkey, pub ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEY_PARAMETERS,
                              params.get()) == 1;
  SslUniquePtr<EVP_PKEY> owned(pkey);
  if (!ok) return ErrorFromQueue(ErrorCode::kInvalidArgument, "invalid DSA parameters");
  return Key(std::move(owned), false);
}

StatusOr<Bytes> DsaComponentMpi(const Key& key, std::string_view name) {
  const char* param = ParamName(name);
  if (param == nullptr) return Status(ErrorCode::kInvalidArgument, "unknown DSA component");
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key.get0(), param, &raw) != 1) {
    ClearErrorQueue();
    return Status(ErrorCode::kInvalidArgument, "DSA component not set");
  }
  SslUniquePtr<BIGNUM> bn(raw);
  Bytes out(static_cast<size_t>(BN_bn2mpi(bn.get(), nullptr)), '\0');
  BN_bn2mpi(bn.get(), reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

bool DsaHasKey(const Key& key, bool with_private) {
  bool ok = DsaComponentMpi(key, "pub").ok() && (!with_private || key.has_private());
  return ok;
}

StatusOr<Bytes> DsaParamsPem(const Key& key) {
  ClearErrorQueue();
  std::unique_ptr<OSSL_ENCODER_CTX, EncoderCtxDeleter> ectx(
      OSSL_ENCODER_CTX_new_for_pkey(key.get0(), EVP_PKEY_KEY_PARAMETERS, "PEM", nullptr, nullptr));
  unsigned char* data = nullptr;
  size_t len = 0;
  if (!ectx || OSSL_ENCODER_to_data(ectx.get(), &data, &len) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "DSA parameters encoding");
  }
  Bytes out(reinterpret_cast<char*>(data), len);
  OPENSSL_free(data);
  return out;
}

}  // namespace cryptoshim::m2crypto
