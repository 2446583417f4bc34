#include "cryptoshim/shims/m2crypto/rsa.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <climits>
#include <string>

#include "cryptoshim/digest.h"
#include "cryptoshim/error_queue.h"

namespace cryptoshim::m2crypto {
namespace {

const unsigned char* U8(BytesView v) { return reinterpret_cast<const unsigned char*>(v.data()); }

Status RequireRsa(const Key& key) {
  if (EVP_PKEY_get_base_id(key.get0()) != EVP_PKEY_RSA) {
    return Status(ErrorCode::kInvalidArgument, "not an RSA key");
  }
  return Status::Ok();
}

using InitFn = int (*)(EVP_PKEY_CTX*);

StatusOr<SslUniquePtr<EVP_PKEY_CTX>> RsaCtx(const Key& key, InitFn init, int padding) {
  CS_RETURN_IF_ERROR(RequireRsa(key));
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get0(), nullptr));
  if (!ctx || init(ctx.get()) != 1)
    return ErrorFromQueue(ErrorCode::kInternal, "RSA operation setup");
  if (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), padding) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "unknown padding type");
  }
  return ctx;
}

using OpFn = int (*)(EVP_PKEY_CTX*, unsigned char*, size_t*, const unsigned char*, size_t);

StatusOr<Bytes> RunOp(EVP_PKEY_CTX* ctx, OpFn op, BytesView in, const char* what) {
  size_t outlen = 0;
  if (op(ctx, nullptr, &outlen, U8(in), in.size()) != 1)
    return ErrorFromQueue(ErrorCode::kInvalidArgument, what);
  Bytes out(outlen, '\0');
  if (op(ctx, reinterpret_cast<unsigned char*>(out.data()), &outlen, U8(in), in.size()) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, what);
  }
  out.resize(outlen);
  return out;
}

StatusOr<Bytes> BnToMpi(const BIGNUM* bn) {
  int len = BN_bn2mpi(bn, nullptr);
  Bytes out(static_cast<size_t>(len), '\0');
  BN_bn2mpi(bn, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

StatusOr<Bytes> GetParamMpi(const Key& key, const char* name) {
  CS_RETURN_IF_ERROR(RequireRsa(key));
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key.get0(), name, &raw) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "cannot read RSA component");
  }
  SslUniquePtr<BIGNUM> bn(raw);
  return BnToMpi(bn.get());
}

StatusOr<SslUniquePtr<BIGNUM>> MpiToBn(BytesView mpi) {
  if (mpi.size() > INT_MAX) return Status(ErrorCode::kInvalidArgument, "MPI too long");
  SslUniquePtr<BIGNUM> bn(BN_mpi2bn(U8(mpi), static_cast<int>(mpi.size()), nullptr));
  if (!bn) return ErrorFromQueue(ErrorCode::kParse, "invalid MPI");
  return bn;
}

}  // namespace

bool IsUnsafeRsaPadding(int padding) { return padding == kNoPadding || padding == kX931Padding; }

StatusOr<Bytes> RsaPublicEncrypt(const Key& key, BytesView data, int padding) {
  CS_ASSIGN_OR_RETURN(auto ctx, RsaCtx(key, EVP_PKEY_encrypt_init, padding));
  return RunOp(ctx.get(), EVP_PKEY_encrypt, data, "RSA public encrypt");
}

StatusOr<Bytes> RsaPrivateDecrypt(const Key& key, BytesView data, int padding) {
  if (!key.has_private())
    return Status(ErrorCode::kInvalidArgument, "RSA_pub does not have a private key");
  CS_ASSIGN_OR_RETURN(auto ctx, RsaCtx(key, EVP_PKEY_decrypt_init, padding));
  return RunOp(ctx.get(), EVP_PKEY_decrypt, data, "RSA private decrypt");
}

StatusOr<Bytes> RsaPrivateEncrypt(const Key& key, BytesView data, int padding) {
  if (!key.has_private())
    return Status(ErrorCode::kInvalidArgument, "RSA_pub does not have a private key");
  // RSA_private_encrypt is EVP_PKEY_sign without a digest.
  CS_ASSIGN_OR_RETURN(auto ctx, RsaCtx(key, EVP_PKEY_sign_init, padding));
  return RunOp(ctx.get(), EVP_PKEY_sign, data, "RSA private encrypt");
}

StatusOr<Bytes> RsaPublicDecrypt(const Key& key, BytesView data, int padding) {
  CS_ASSIGN_OR_RETURN(auto ctx, RsaCtx(key, EVP_PKEY_verify_recover_init, padding));
  return RunOp(ctx.get(), EVP_PKEY_verify_recover, data, "RSA public decrypt");
}

namespace {

StatusOr<SslUniquePtr<EVP_PKEY_CTX>> PssCtx(const Key& key, InitFn init,
                                            std::string_view digest_name, int salt_length) {
  CS_ASSIGN_OR_RETURN(SslUniquePtr<EVP_MD> md, FetchDigest(digest_name));
  CS_ASSIGN_OR_RETURN(auto ctx, RsaCtx(key, init, kPkcs1PssPadding));
  if (EVP_PKEY_CTX_set_signature_md(ctx.get(), md.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), md.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), salt_length) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "PSS parameters");
  }
  return ctx;
}

}  // namespace

StatusOr<Bytes> RsaSignPssDigest(const Key& key, BytesView digest, std::string_view digest_name,
                                 int salt_length) {
  if (!key.has_private())
    return Status(ErrorCode::kInvalidArgument, "RSA_pub does not have a private key");
  CS_ASSIGN_OR_RETURN(auto ctx, PssCtx(key, EVP_PKEY_sign_init, digest_name, salt_length));
  return RunOp(ctx.get(), EVP_PKEY_sign, digest, "RSA PSS sign");
}

Status RsaVerifyPssDigest(const Key& key, BytesView digest, BytesView signature,
                          std::string_view digest_name, int salt_length) {
  CS_ASSIGN_OR_RETURN(auto ctx, PssCtx(key, EVP_PKEY_verify_init, digest_name, salt_length));
  if (EVP_PKEY_verify(ctx.get(), U8(signature), signature.size(), U8(digest), digest.size()) != 1) {
    return ErrorFromQueue(ErrorCode::kVerifyFailed, "bad signature");
  }
  return Status::Ok();
}

StatusOr<Bytes> RsaPublicExponentMpi(const Key& key) {
  return GetParamMpi(key, OSSL_PKEY_PARAM_RSA_E);
}
StatusOr<Bytes> RsaModulusMpi(const Key& key) { return GetParamMpi(key, OSSL_PKEY_PARAM_RSA_N); }

namespace {

// (n, e[, d]) through EVP_PKEY_fromdata; `d` null for a public key.
StatusOr<Key> RsaKeyFromBns(const BIGNUM* n, const BIGNUM* e, const BIGNUM* d) {
  ClearErrorQueue();
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  if (bld == nullptr) return ErrorFromQueue(ErrorCode::kInternal, "OSSL_PARAM_BLD_new");
  OSSL_PARAM* params = nullptr;
  if (OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) == 1 &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) == 1 &&
      (d == nullptr || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_D, d) == 1)) {
    params = OSSL_PARAM_BLD_to_param(bld);
  }
  OSSL_PARAM_BLD_free(bld);
  if (params == nullptr) return ErrorFromQueue(ErrorCode::kInternal, "RSA parameters");
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* pkey = nullptr;
  int ok =
      ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
      EVP_PKEY_fromdata(ctx.get(), &pkey, d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) == 1;
  OSSL_PARAM_free(params);
  if (!ok) return ErrorFromQueue(ErrorCode::kInvalidArgument, "invalid RSA key");
  return Key(SslUniquePtr<EVP_PKEY>(pkey), d != nullptr);
}

}  // namespace

StatusOr<Key> RsaPublicKeyFromMpi(BytesView e_mpi, BytesView n_mpi) {
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIGNUM> e, MpiToBn(e_mpi));
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIGNUM> n, MpiToBn(n_mpi));
  return RsaKeyFromBns(n.get(), e.get(), nullptr);
}

StatusOr<Key> RsaPrivateKeyFromMpi(BytesView e_mpi, BytesView n_mpi, BytesView d_mpi) {
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIGNUM> e, MpiToBn(e_mpi));
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIGNUM> n, MpiToBn(n_mpi));
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIGNUM> d, MpiToBn(d_mpi));
  BN_set_flags(d.get(), BN_FLG_CONSTTIME);
  if (BN_is_zero(n.get()) || BN_is_zero(e.get()) || BN_is_zero(d.get())) {
    return Status(ErrorCode::kInvalidArgument, "RSA n, e and d must be set");
  }
  return RsaKeyFromBns(n.get(), e.get(), d.get());
}

StatusOr<Bytes> MpiFromBigEndian(BytesView magnitude) {
  if (magnitude.size() > INT_MAX) return Status(ErrorCode::kInvalidArgument, "number too long");
  SslUniquePtr<BIGNUM> bn(BN_bin2bn(U8(magnitude), static_cast<int>(magnitude.size()), nullptr));
  if (!bn) return ErrorFromQueue(ErrorCode::kInternal, "BN_bin2bn");
  return BnToMpi(bn.get());
}

StatusOr<Bytes> BigEndianFromMpi(BytesView mpi) {
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIGNUM> bn, MpiToBn(mpi));
  Bytes out(static_cast<size_t>(BN_num_bytes(bn.get())), '\0');
  BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

}  // namespace cryptoshim::m2crypto
