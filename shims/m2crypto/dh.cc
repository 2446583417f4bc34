#include "cryptoshim/shims/m2crypto/dh.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <climits>

#include "cryptoshim/error_queue.h"
#include "pem_parameters.h"

namespace cryptoshim::m2crypto {
namespace {

const unsigned char* U8(BytesView v) { return reinterpret_cast<const unsigned char*>(v.data()); }

StatusOr<SslUniquePtr<BIGNUM>> MpiToBn(BytesView mpi) {
  if (mpi.size() > INT_MAX) return Status(ErrorCode::kInvalidArgument, "MPI too long");
  SslUniquePtr<BIGNUM> bn(BN_mpi2bn(U8(mpi), static_cast<int>(mpi.size()), nullptr));
  if (!bn) return ErrorFromQueue(ErrorCode::kParse, "invalid MPI");
  return bn;
}

StatusOr<Key> FromData(const BIGNUM* p, const BIGNUM* g, const BIGNUM* pub) {
  ClearErrorQueue();
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  if (bld == nullptr) return ErrorFromQueue(ErrorCode::kInternal, "OSSL_PARAM_BLD_new");
  OSSL_PARAM* params = nullptr;
  if (OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, p) == 1 &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, g) == 1 &&
      (pub == nullptr || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, pub) == 1)) {
    params = OSSL_PARAM_BLD_to_param(bld);
  }
  OSSL_PARAM_BLD_free(bld);
  if (params == nullptr) return ErrorFromQueue(ErrorCode::kInternal, "DH parameters");
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr));
  EVP_PKEY* pkey = nullptr;
  bool ok = ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
            EVP_PKEY_fromdata(ctx.get(), &pkey, pub ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEY_PARAMETERS,
                              params) == 1;
  OSSL_PARAM_free(params);
  if (!ok) return ErrorFromQueue(ErrorCode::kInvalidArgument, "invalid DH parameters");
  return Key(SslUniquePtr<EVP_PKEY>(pkey), false);
}

StatusOr<SslUniquePtr<BIGNUM>> GetBn(const Key& key, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key.get0(), name, &raw) != 1) {
    ClearErrorQueue();
    return Status(ErrorCode::kInvalidArgument, "DH component not set");
  }
  return SslUniquePtr<BIGNUM>(raw);
}

}  // namespace

StatusOr<Key> DhLoadParams(BytesView pem) {
  return LoadPemParameters(pem, "DH", "failed to load DH parameters");
}

StatusOr<Key> DhGenerateParams(int bits, int generator) {
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr));
  EVP_PKEY* params = nullptr;
  // Type "generator": a safe prime with a fixed generator, as
  // DH_generate_parameters_ex made. Set through OSSL_PARAMs because
  // EVP_PKEY_CTX_set_dh_paramgen_type crashes on provider contexts in 3.0.
  char type[] = "generator";
  size_t pbits = static_cast<size_t>(bits);
  int gen = generator;
  OSSL_PARAM params_in[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_FFC_TYPE, type, 0),
                            OSSL_PARAM_construct_size_t(OSSL_PKEY_PARAM_FFC_PBITS, &pbits),
                            OSSL_PARAM_construct_int(OSSL_PKEY_PARAM_DH_GENERATOR, &gen),
                            OSSL_PARAM_construct_end()};
  if (!ctx || EVP_PKEY_paramgen_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_params(ctx.get(), params_in) != 1 ||
      EVP_PKEY_paramgen(ctx.get(), &params) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "DH parameter generation");
  }
  return Key(SslUniquePtr<EVP_PKEY>(params), false);
}

StatusOr<Key> DhFromMpis(BytesView p_mpi, BytesView g_mpi) {
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIGNUM> p, MpiToBn(p_mpi));
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIGNUM> g, MpiToBn(g_mpi));
  return FromData(p.get(), g.get(), nullptr);
}

StatusOr<Key> DhGenerateKey(const Key& params) {
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, params.get0(), nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &pkey) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "DH key generation");
  }
  return Key(SslUniquePtr<EVP_PKEY>(pkey), true);
}

StatusOr<Bytes> DhComputeKey(const Key& key, BytesView peer_pub_mpi) {
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIGNUM> pub, MpiToBn(peer_pub_mpi));
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIGNUM> p, GetBn(key, OSSL_PKEY_PARAM_FFC_P));
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIGNUM> g, GetBn(key, OSSL_PKEY_PARAM_FFC_G));
  CS_ASSIGN_OR_RETURN(Key peer, FromData(p.get(), g.get(), pub.get()));
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get0(), nullptr));
  size_t len = 0;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_dh_pad(ctx.get(), 0) != 1 ||
      EVP_PKEY_derive_set_peer(ctx.get(), peer.get0()) != 1 ||
      EVP_PKEY_derive(ctx.get(), nullptr, &len) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "DH key agreement");
  }
  Bytes out(len, '\0');
  if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "DH derive");
  }
  out.resize(len);
  return out;
}

StatusOr<Bytes> DhComponentMpi(const Key& key, std::string_view name) {
  const char* param = name == "p"      ? OSSL_PKEY_PARAM_FFC_P
                      : name == "g"    ? OSSL_PKEY_PARAM_FFC_G
                      : name == "pub"  ? OSSL_PKEY_PARAM_PUB_KEY
                      : name == "priv" ? OSSL_PKEY_PARAM_PRIV_KEY
                                       : nullptr;
  if (param == nullptr) return Status(ErrorCode::kInvalidArgument, "unknown DH component");
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIGNUM> bn, GetBn(key, param));
  Bytes out(static_cast<size_t>(BN_bn2mpi(bn.get(), nullptr)), '\0');
  BN_bn2mpi(bn.get(), reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

int DhCheckParams(const Key& key) {
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get0(), nullptr));
  int ok = ctx ? EVP_PKEY_param_check(ctx.get()) : 0;
  ClearErrorQueue();
  return ok == 1 ? 0 : 0x01;  // DH_CHECK_P_NOT_PRIME
}

StatusOr<Bytes> DhParamsText(const Key& key) {
  SslUniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  if (!bio || EVP_PKEY_print_params(bio.get(), key.get0(), 0, nullptr) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EVP_PKEY_print_params");
  }
  return MemBioContents(bio.get());
}

}  // namespace cryptoshim::m2crypto
