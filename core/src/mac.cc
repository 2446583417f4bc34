#include "cryptoshim/mac.h"

#include <openssl/core_names.h>
#include <openssl/params.h>

#include <string>

#include "cryptoshim/digest.h"
#include "cryptoshim/error_queue.h"

namespace cryptoshim {
namespace {

// The HMAC implementation, fetched once for the process (a fetch by name
// takes locks and a hash lookup on every call, method_cache.h) and kept, as
// the method caches keep theirs; nullptr if the first fetch failed.
// Thread-safe: a function-local static is initialised once.
EVP_MAC* HmacMethod() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}

StatusOr<SslUniquePtr<EVP_MAC_CTX>> NewHmacCtx(std::string_view hash, BytesView key) {
  ClearErrorQueue();
  // Validate the hash name first so an unknown digest reads as kUnsupported.
  CS_ASSIGN_OR_RETURN(auto md, FetchDigest(hash));
  if (HmacMethod() == nullptr) return ErrorFromQueue(ErrorCode::kUnsupported, "HMAC unavailable");
  SslUniquePtr<EVP_MAC_CTX> ctx(EVP_MAC_CTX_new(HmacMethod()));
  if (!ctx) return ErrorFromQueue(ErrorCode::kInternal, "HMAC context");
  // The parameter is only read; OSSL_PARAM's constructor just takes a char*.
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                       const_cast<char*>(EVP_MD_get0_name(md.get())), 0),
      OSSL_PARAM_construct_end()};
  static const unsigned char kEmpty = 0;
  const auto* key_ptr = key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  if (EVP_MAC_init(ctx.get(), key_ptr, key.size(), params) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "HMAC init failed");
  }
  return ctx;
}

}  // namespace

StatusOr<std::unique_ptr<Mac>> Hmac::New(std::string_view hash, BytesView key,
                                         size_t min_key_size) {
  if (key.size() < min_key_size) {
    return Status(ErrorCode::kInvalidArgument, "HMAC key too short");
  }
  CS_RETURN_IF_ERROR(NewHmacCtx(hash, key).status());
  return std::unique_ptr<Mac>(new Hmac(std::string(hash), key));
}

StatusOr<Bytes> Hmac::ComputeMac(BytesView data) const {
  CS_ASSIGN_OR_RETURN(auto stream, HmacStream::New(hash_, key_.view()));
  CS_RETURN_IF_ERROR(stream.Update(data));
  return stream.Finalize();
}

Status Hmac::VerifyMac(BytesView tag, BytesView data) const {
  CS_ASSIGN_OR_RETURN(Bytes expected, ComputeMac(data));
  if (!ConstantTimeEquals(expected, tag)) {
    return Status(ErrorCode::kVerifyFailed, "MAC verification failed");
  }
  return Status::Ok();
}

StatusOr<HmacStream> HmacStream::New(std::string_view hash, BytesView key) {
  CS_ASSIGN_OR_RETURN(auto ctx, NewHmacCtx(hash, key));
  return HmacStream(std::move(ctx));
}

Status HmacStream::Update(BytesView data) {
  if (finished_) return Status(ErrorCode::kInvalidArgument, "HMAC already finalized");
  if (EVP_MAC_update(ctx_.get(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "HMAC update failed");
  }
  return Status::Ok();
}

StatusOr<Bytes> HmacStream::Finalize() {
  if (finished_) return Status(ErrorCode::kInvalidArgument, "HMAC already finalized");
  Bytes out(EVP_MAX_MD_SIZE, '\0');
  size_t len = 0;
  if (EVP_MAC_final(ctx_.get(), reinterpret_cast<unsigned char*>(out.data()), &len, out.size()) !=
      1) {
    return ErrorFromQueue(ErrorCode::kInternal, "HMAC final failed");
  }
  finished_ = true;
  out.resize(len);
  return out;
}

StatusOr<HmacStream> HmacStream::Copy() const {
  if (finished_) return Status(ErrorCode::kInvalidArgument, "HMAC already finalized");
  SslUniquePtr<EVP_MAC_CTX> ctx(EVP_MAC_CTX_dup(ctx_.get()));
  if (!ctx) return ErrorFromQueue(ErrorCode::kInternal, "HMAC copy failed");
  return HmacStream(std::move(ctx));
}

}  // namespace cryptoshim
