#include "cryptoshim/shims/m2crypto/rsa_pss_key.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <memory>
#include <string_view>
#include <vector>

#include "cryptoshim/error_queue.h"

namespace cryptoshim::m2crypto {
namespace {

struct ParamsDeleter {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};

// The RSA numbers among an exported key's parameters; the PSS restrictions
// ("digest", "mgf1-digest", "saltlen", ...) are left behind.
bool IsRsaNumber(std::string_view name) {
  return name == OSSL_PKEY_PARAM_RSA_N || name == OSSL_PKEY_PARAM_RSA_E ||
         name == OSSL_PKEY_PARAM_RSA_D || name.rfind("rsa-factor", 0) == 0 ||
         name.rfind("rsa-exponent", 0) == 0 || name.rfind("rsa-coefficient", 0) == 0;
}

}  // namespace

StatusOr<Key> RsaKeyWithoutPssRestrictions(const Key& key) {
  EVP_PKEY* pkey = key.get0();
  if (EVP_PKEY_is_a(pkey, "RSA")) return Key(SslUniquePtr<EVP_PKEY>(key.get1()), key.has_private());
  if (!EVP_PKEY_is_a(pkey, "RSA-PSS")) return Status(ErrorCode::kInvalidArgument, "not an RSA key");
  ClearErrorQueue();
  int selection = key.has_private() ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
  OSSL_PARAM* raw = nullptr;
  if (EVP_PKEY_todata(pkey, selection, &raw) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "exporting the RSA-PSS key");
  }
  std::unique_ptr<OSSL_PARAM, ParamsDeleter> exported(raw);
  std::vector<OSSL_PARAM> numbers;
  for (const OSSL_PARAM* p = raw; p->key != nullptr; ++p) {
    if (IsRsaNumber(p->key)) numbers.push_back(*p);  // views into `exported`
  }
  numbers.push_back(OSSL_PARAM_construct_end());
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* plain = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &plain, selection, numbers.data()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "importing the RSA numbers");
  }
  return Key(SslUniquePtr<EVP_PKEY>(plain), key.has_private());
}

}  // namespace cryptoshim::m2crypto
