#include "cryptoshim/mac.h"

#include <string>

#include "cryptoshim/error_queue.h"
#include "hmac_templates.h"

namespace cryptoshim {
namespace {

StatusOr<SslUniquePtr<EVP_MAC_CTX>> NewHmacCtx(std::string_view hash, BytesView key) {
  CS_ASSIGN_OR_RETURN(auto ctx, NewKeylessHmacCtx(hash));
  static const unsigned char kEmpty = 0;
  const auto* key_ptr = key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  if (EVP_MAC_init(ctx.get(), key_ptr, key.size(), nullptr) != 1) {
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
