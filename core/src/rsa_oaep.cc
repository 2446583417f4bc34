#include "cryptoshim/rsa_oaep.h"

#include <openssl/core_names.h>
#include <openssl/rsa.h>

#include "cryptoshim/digest.h"
#include "cryptoshim/error_queue.h"
#include "rsa_cipher.h"

namespace cryptoshim {
namespace {

Status CheckParams(RsaOaepParams& params) {
  if (params.mgf1_digest.empty()) params.mgf1_digest = params.digest;
  CS_ASSIGN_OR_RETURN(auto md, FetchDigest(params.digest));
  CS_ASSIGN_OR_RETURN(auto mgf1, FetchDigest(params.mgf1_digest));
  (void)md;
  (void)mgf1;
  return Status::Ok();
}

StatusOr<SslUniquePtr<EVP_PKEY_CTX>> OaepContext(const Key& key, bool decrypt,
                                                 const RsaOaepParams& params) {
  CS_ASSIGN_OR_RETURN(auto ctx, internal::RsaCipherContext(key, decrypt, RSA_PKCS1_OAEP_PADDING));
  // OSSL_PARAMs copy the label, unlike EVP_PKEY_CTX_set0_rsa_oaep_label,
  // which takes ownership of an OPENSSL_malloc'd buffer.
  OSSL_PARAM set[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_OAEP_DIGEST,
                                       const_cast<char*>(params.digest.c_str()), 0),
      OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_MGF1_DIGEST,
                                       const_cast<char*>(params.mgf1_digest.c_str()), 0),
      OSSL_PARAM_construct_octet_string(OSSL_ASYM_CIPHER_PARAM_OAEP_LABEL,
                                        const_cast<char*>(params.label.data()),
                                        params.label.size()),
      OSSL_PARAM_construct_end()};
  if (EVP_PKEY_CTX_set_params(ctx.get(), set) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "OAEP parameters refused");
  }
  return ctx;
}

}  // namespace

StatusOr<RsaOaepEncrypter> RsaOaepEncrypter::New(const Key& key, RsaOaepParams params) {
  CS_RETURN_IF_ERROR(internal::RequireRsaKey(key, /*need_private=*/false));
  CS_RETURN_IF_ERROR(CheckParams(params));
  return RsaOaepEncrypter(Key(SslUniquePtr<EVP_PKEY>(key.get1()), key.has_private()),
                          std::move(params));
}

StatusOr<Bytes> RsaOaepEncrypter::Encrypt(BytesView plaintext) const {
  CS_ASSIGN_OR_RETURN(auto ctx, OaepContext(key_, /*decrypt=*/false, params_));
  return internal::RsaEncrypt(ctx.get(), plaintext);
}

StatusOr<RsaOaepDecrypter> RsaOaepDecrypter::New(const Key& private_key, RsaOaepParams params) {
  CS_RETURN_IF_ERROR(internal::RequireRsaKey(private_key, /*need_private=*/true));
  CS_RETURN_IF_ERROR(CheckParams(params));
  return RsaOaepDecrypter(Key(SslUniquePtr<EVP_PKEY>(private_key.get1()), true), std::move(params));
}

StatusOr<Bytes> RsaOaepDecrypter::Decrypt(BytesView ciphertext) const {
  CS_ASSIGN_OR_RETURN(auto ctx, OaepContext(key_, /*decrypt=*/true, params_));
  return internal::RsaDecrypt(ctx.get(), ciphertext);
}

}  // namespace cryptoshim
