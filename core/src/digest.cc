#include "cryptoshim/digest.h"

#include <string>

#include "cryptoshim/error_queue.h"
#include "method_cache.h"

namespace cryptoshim {

StatusOr<SslUniquePtr<EVP_MD>> FetchDigest(std::string_view name) {
  ClearErrorQueue();
  bool legacy = false;
  if (EVP_MD* cached = DigestCache().Find(name, &legacy)) {
    // Only the default context's digests answer here (a legacy-only name
    // fails below, as it always did).
    if (!legacy) return SslUniquePtr<EVP_MD>(cached);
    EVP_MD_free(cached);
  }
  SslUniquePtr<EVP_MD> md(EVP_MD_fetch(nullptr, std::string(name).c_str(), nullptr));
  if (!md) return ErrorFromQueue(ErrorCode::kUnsupported, "unknown digest: " + std::string(name));
  DigestCache().Add(name, md.get(), false);
  return md;
}

StatusOr<Digest> Digest::New(std::string_view name, LegacyAlgorithms legacy) {
  FetchedDigest fetched;
  if (legacy == LegacyAlgorithms::kAllow) {
    CS_ASSIGN_OR_RETURN(fetched, FetchDigestMaybeLegacy(name, legacy));
  } else {
    CS_ASSIGN_OR_RETURN(fetched.md, FetchDigest(name));
  }
  SslUniquePtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex2(ctx.get(), fetched.md.get(), nullptr) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "digest init failed");
  }
  return Digest(std::move(fetched.md), std::move(ctx), fetched.legacy);
}

Status Digest::Update(BytesView data) {
  if (finished_) return Status(ErrorCode::kInvalidArgument, "digest already finalized");
  if (EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "digest update failed");
  }
  return Status::Ok();
}

StatusOr<Bytes> Digest::Finalize() {
  if (finished_) return Status(ErrorCode::kInvalidArgument, "digest already finalized");
  Bytes out(static_cast<size_t>(EVP_MD_get_size(md_.get())), '\0');
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_.get(), reinterpret_cast<unsigned char*>(out.data()), &len) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "digest final failed");
  }
  finished_ = true;
  out.resize(len);
  return out;
}

StatusOr<Digest> Digest::Copy() const {
  if (finished_) return Status(ErrorCode::kInvalidArgument, "digest already finalized");
  SslUniquePtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_MD_CTX_copy_ex(ctx.get(), ctx_.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "digest copy failed");
  }
  EVP_MD_up_ref(md_.get());
  return Digest(SslUniquePtr<EVP_MD>(md_.get()), std::move(ctx), legacy_);
}

size_t Digest::size() const { return static_cast<size_t>(EVP_MD_get_size(md_.get())); }
size_t Digest::block_size() const { return static_cast<size_t>(EVP_MD_get_block_size(md_.get())); }
std::string Digest::name() const { return EVP_MD_get0_name(md_.get()); }

StatusOr<Bytes> ComputeDigest(std::string_view name, BytesView data) {
  CS_ASSIGN_OR_RETURN(auto digest, Digest::New(name));
  CS_RETURN_IF_ERROR(digest.Update(data));
  return digest.Finalize();
}

}  // namespace cryptoshim
