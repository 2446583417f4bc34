#include "cryptoshim/key_strict_der.h"

#include <openssl/x509.h>

#include <climits>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {

StatusOr<Key> LoadPublicKeyStrictDer(BytesView der) {
  if (der.size() > LONG_MAX) return Status(ErrorCode::kParse, "public key too long");
  ClearErrorQueue();
  const auto* begin = reinterpret_cast<const unsigned char*>(der.data());
  const unsigned char* p = begin;
  SslUniquePtr<EVP_PKEY> pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
  if (!pkey) return ErrorFromQueue(ErrorCode::kParse, "could not parse the public key");
  if (static_cast<size_t>(p - begin) != der.size()) {
    return Status(ErrorCode::kParse, "trailing bytes after the public key");
  }
  // The encoder writes DER; the same bytes back means the input was DER.
  // (EC keys remember whether their point was compressed, so compressed
  // points survive the round trip.)
  unsigned char* again = nullptr;
  int len = i2d_PUBKEY(pkey.get(), &again);
  bool same = len > 0 && static_cast<size_t>(len) == der.size() &&
              BytesView(reinterpret_cast<const char*>(again), der.size()) == der;
  OPENSSL_free(again);
  if (!same) {
    ClearErrorQueue();
    return Status(ErrorCode::kParse, "public key is not DER encoded");
  }
  return Key(std::move(pkey), /*has_private=*/false);
}

}  // namespace cryptoshim
