#include "cryptoshim/shims/m2crypto/digest.h"

#include <openssl/evp.h>

#include "cryptoshim/error_queue.h"

namespace cryptoshim::m2crypto {

StatusOr<MessageDigest> MessageDigest::New(std::string_view name) {
  CS_ASSIGN_OR_RETURN(FetchedDigest f, FetchDigestMaybeLegacy(name, LegacyAlgorithms::kAllow));
  SslUniquePtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex2(ctx.get(), f.md.get(), nullptr) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EVP_DigestInit_ex2");
  }
  return MessageDigest(std::move(f.md), std::move(ctx), f.legacy);
}

Status MessageDigest::Update(BytesView data) {
  if (finished_) return Status(ErrorCode::kInvalidArgument, "digest already finalized");
  if (EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EVP_DigestUpdate");
  }
  return Status::Ok();
}

StatusOr<Bytes> MessageDigest::Final() {
  if (finished_) return Status(ErrorCode::kInvalidArgument, "digest already finalized");
  finished_ = true;
  Bytes out(EVP_MAX_MD_SIZE, '\0');
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_.get(), reinterpret_cast<unsigned char*>(out.data()), &len) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EVP_DigestFinal_ex");
  }
  out.resize(len);
  return out;
}

size_t MessageDigest::size() const { return static_cast<size_t>(EVP_MD_get_size(md_.get())); }

}  // namespace cryptoshim::m2crypto
