#include "cryptoshim/kdf.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <string>
#include <vector>

#include "cryptoshim/digest.h"
#include "cryptoshim/error_queue.h"

namespace cryptoshim {
namespace {

struct KdfDeleter {
  void operator()(EVP_KDF* k) const { EVP_KDF_free(k); }
  void operator()(EVP_KDF_CTX* c) const { EVP_KDF_CTX_free(c); }
};

StatusOr<Bytes> Derive(const char* kdf_name, std::vector<OSSL_PARAM> params, size_t length) {
  params.push_back(OSSL_PARAM_construct_end());
  std::unique_ptr<EVP_KDF, KdfDeleter> kdf(EVP_KDF_fetch(nullptr, kdf_name, nullptr));
  if (!kdf) return ErrorFromQueue(ErrorCode::kUnsupported, std::string(kdf_name) + " unavailable");
  std::unique_ptr<EVP_KDF_CTX, KdfDeleter> ctx(EVP_KDF_CTX_new(kdf.get()));
  Bytes out(length, '\0');
  if (!ctx || EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), length,
                             params.data()) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument,
                          std::string(kdf_name) + " derivation failed");
  }
  return out;
}

// OSSL_PARAM wants non-const pointers; the KDF only reads them.
void* Mutable(BytesView v) { return const_cast<char*>(v.data()); }

}  // namespace

StatusOr<Bytes> Hkdf(std::string_view hash, BytesView ikm, BytesView salt, BytesView info,
                     size_t length) {
  ClearErrorQueue();
  CS_ASSIGN_OR_RETURN(auto md, FetchDigest(hash));
  if (length == 0) return Status(ErrorCode::kInvalidArgument, "HKDF length must be positive");
  if (length > 255 * static_cast<size_t>(EVP_MD_get_size(md.get()))) {
    return Status(ErrorCode::kInvalidArgument, "HKDF length exceeds 255 * hash length");
  }
  std::string digest = EVP_MD_get0_name(md.get());
  std::vector<OSSL_PARAM> params = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest.data(), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, Mutable(ikm), ikm.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, Mutable(salt), salt.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, Mutable(info), info.size())};
  return Derive("HKDF", std::move(params), length);
}

StatusOr<Bytes> Pbkdf2(std::string_view hash, BytesView password, BytesView salt,
                       uint64_t iterations, size_t length) {
  ClearErrorQueue();
  CS_ASSIGN_OR_RETURN(auto md, FetchDigest(hash));
  if (iterations == 0) return Status(ErrorCode::kInvalidArgument, "PBKDF2 needs >= 1 iteration");
  if (length == 0) return Status(ErrorCode::kInvalidArgument, "PBKDF2 length must be positive");
  std::string digest = EVP_MD_get0_name(md.get());
  // Legacy callers and test vectors use short salts and few iterations; the
  // SP 800-132 lower limits are switched off here and enforced by callers
  // that choose parameters.
  int pkcs5 = 1;
  std::vector<OSSL_PARAM> params = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest.data(), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, Mutable(password),
                                        password.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, Mutable(salt), salt.size()),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER, &iterations),
      OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &pkcs5)};
  return Derive("PBKDF2", std::move(params), length);
}

}  // namespace cryptoshim
