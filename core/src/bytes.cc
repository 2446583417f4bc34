#include "cryptoshim/bytes.h"

#include <openssl/crypto.h>

#include <limits>

namespace cryptoshim {

SslUniquePtr<BIO> ReadOnlyMemBio(BytesView data) {
  // BIO_new_mem_buf takes an int length; larger inputs are refused by returning
  // an empty BIO, which every parser then reports as truncated input.
  if (data.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return SslUniquePtr<BIO>(BIO_new(BIO_s_mem()));
  }
  return SslUniquePtr<BIO>(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

SslUniquePtr<BIO> NewMemBio() { return SslUniquePtr<BIO>(BIO_new(BIO_s_mem())); }

Bytes MemBioContents(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  if (len <= 0 || data == nullptr) return Bytes();
  return Bytes(data, static_cast<size_t>(len));
}

bool ConstantTimeEquals(BytesView a, BytesView b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace cryptoshim
