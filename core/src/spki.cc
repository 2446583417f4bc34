#include "cryptoshim/spki.h"

#include <openssl/crypto.h>

#include <string>

#include "cryptoshim/certificate.h"
#include "cryptoshim/error_queue.h"

namespace cryptoshim {

StatusOr<NetscapeSpki> NetscapeSpki::New() {
  SslUniquePtr<NETSCAPE_SPKI> spki(NETSCAPE_SPKI_new());
  if (!spki) return ErrorFromQueue(ErrorCode::kInternal, "NETSCAPE_SPKI_new failed");
  return NetscapeSpki(std::move(spki));
}

StatusOr<NetscapeSpki> NetscapeSpki::FromBase64(std::string_view b64) {
  ClearErrorQueue();
  std::string text(b64);
  SslUniquePtr<NETSCAPE_SPKI> spki(
      NETSCAPE_SPKI_b64_decode(text.c_str(), static_cast<int>(text.size())));
  if (!spki) return ErrorFromQueue(ErrorCode::kParse, "malformed SPKAC");
  return NetscapeSpki(std::move(spki));
}

StatusOr<Bytes> NetscapeSpki::ToBase64() const {
  ClearErrorQueue();
  char* encoded = NETSCAPE_SPKI_b64_encode(get0());
  if (encoded == nullptr)
    return ErrorFromQueue(ErrorCode::kInternal, "NETSCAPE_SPKI_b64_encode failed");
  Bytes out(encoded);
  OPENSSL_free(encoded);
  return out;
}

StatusOr<Key> NetscapeSpki::PublicKey() const {
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY> pkey(NETSCAPE_SPKI_get_pubkey(get0()));
  if (!pkey) return ErrorFromQueue(ErrorCode::kParse, "SPKI has no usable public key");
  return Key(std::move(pkey), /*has_private=*/false);
}

Status NetscapeSpki::SetPublicKey(const Key& key) {
  ClearErrorQueue();
  if (NETSCAPE_SPKI_set_pubkey(get0(), key.get0()) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "NETSCAPE_SPKI_set_pubkey failed");
  }
  return Status::Ok();
}

Status NetscapeSpki::Sign(const Key& key, std::string_view digest) {
  CS_ASSIGN_OR_RETURN(auto md, FetchSigningDigest(key, digest));
  ClearErrorQueue();
  if (NETSCAPE_SPKI_sign(get0(), key.get0(), md.get()) <= 0) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "NETSCAPE_SPKI_sign failed");
  }
  return Status::Ok();
}

Status NetscapeSpki::Verify(const Key& key) const {
  ClearErrorQueue();
  if (NETSCAPE_SPKI_verify(get0(), key.get0()) <= 0) {
    return ErrorFromQueue(ErrorCode::kVerifyFailed, "SPKI signature did not verify");
  }
  return Status::Ok();
}

}  // namespace cryptoshim
