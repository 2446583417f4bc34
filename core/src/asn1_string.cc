#include "cryptoshim/asn1_string.h"

#include <openssl/asn1.h>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {

StatusOr<Asn1String> Asn1String::New(BytesView data) {
  Asn1String s;
  ASN1_STRING* raw = ASN1_STRING_new();
  if (raw == nullptr) return ErrorFromQueue(ErrorCode::kInternal, "ASN1_STRING_new failed");
  s.owned_.reset(raw, [](ASN1_STRING* p) { ASN1_STRING_free(p); });
  CS_RETURN_IF_ERROR(s.Set(data));
  return s;
}

Asn1String Asn1String::View(Resolver resolve) {
  Asn1String s;
  s.resolve_ = std::move(resolve);
  return s;
}

StatusOr<ASN1_STRING*> Asn1String::Require() const {
  ASN1_STRING* s = get0();
  if (s == nullptr) return Status(ErrorCode::kInvalidArgument, "ASN.1 string is absent");
  return s;
}

StatusOr<int> Asn1String::type() const {
  CS_ASSIGN_OR_RETURN(ASN1_STRING * s, Require());
  return ASN1_STRING_type(s);
}

StatusOr<Bytes> Asn1String::Data() const {
  CS_ASSIGN_OR_RETURN(ASN1_STRING * s, Require());
  return Bytes(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
               static_cast<size_t>(ASN1_STRING_length(s)));
}

Status Asn1String::Set(BytesView data) {
  CS_ASSIGN_OR_RETURN(ASN1_STRING * s, Require());
  if (data.size() > static_cast<size_t>(INT32_MAX)) {
    return Status(ErrorCode::kInvalidArgument, "string too long");
  }
  ClearErrorQueue();
  if (ASN1_STRING_set(s, data.data(), static_cast<int>(data.size())) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "ASN1_STRING_set failed");
  }
  return Status::Ok();
}

StatusOr<std::string> Asn1String::Print() const {
  CS_ASSIGN_OR_RETURN(ASN1_STRING * s, Require());
  auto bio = NewMemBio();
  ClearErrorQueue();
  if (!bio || ASN1_STRING_print(bio.get(), s) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "ASN1_STRING_print failed");
  }
  return MemBioContents(bio.get());
}

StatusOr<std::string> Asn1String::PrintEx(unsigned long flags) const {
  CS_ASSIGN_OR_RETURN(ASN1_STRING * s, Require());
  auto bio = NewMemBio();
  ClearErrorQueue();
  if (!bio || ASN1_STRING_print_ex(bio.get(), s, flags) < 0) {
    return ErrorFromQueue(ErrorCode::kInternal, "ASN1_STRING_print_ex failed");
  }
  return MemBioContents(bio.get());
}

}  // namespace cryptoshim
