#include "pem_parameters.h"

#include <openssl/decoder.h>
#include <openssl/evp.h>

#include "cryptoshim/error_queue.h"

namespace cryptoshim::m2crypto {

StatusOr<Key> LoadPemParameters(BytesView pem, const char* key_type, const char* error_message) {
  ClearErrorQueue();
  EVP_PKEY* pkey = nullptr;
  SslUniquePtr<OSSL_DECODER_CTX> dctx(OSSL_DECODER_CTX_new_for_pkey(
      &pkey, "PEM", nullptr, key_type, EVP_PKEY_KEY_PARAMETERS, nullptr, nullptr));
  const auto* data = reinterpret_cast<const unsigned char*>(pem.data());
  size_t len = pem.size();
  bool decoded = dctx && OSSL_DECODER_from_data(dctx.get(), &data, &len) == 1;
  SslUniquePtr<EVP_PKEY> owned(pkey);  // what the decoder made, on failure too
  if (!decoded || !owned) return ErrorFromQueue(ErrorCode::kParse, error_message);
  return Key(std::move(owned), false);
}

}  // namespace cryptoshim::m2crypto
