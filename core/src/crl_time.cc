#include "crl_time.h"

#include <openssl/asn1.h>

#include "cryptoshim/error_queue.h"

namespace cryptoshim::internal {

StatusOr<SslUniquePtr<ASN1_STRING>> ParseAsn1Time(std::string_view when) {
  SslUniquePtr<ASN1_STRING> time(ASN1_TIME_new());
  if (!time) return ErrorFromQueue(ErrorCode::kInternal, "ASN1_TIME_new");
  std::string terminated(when);
  if (terminated.size() != when.size() || terminated.find('\0') != std::string::npos ||
      ASN1_TIME_set_string(time.get(), terminated.c_str()) != 1) {
    ClearErrorQueue();
    return Status(ErrorCode::kInvalidArgument, "Invalid string");
  }
  return time;
}

StatusOr<std::optional<std::string>> GeneralizedTimeString(const ASN1_TIME* time) {
  if (time == nullptr || ASN1_STRING_length(time) == 0) return std::optional<std::string>();
  if (ASN1_STRING_type(time) == V_ASN1_GENERALIZEDTIME) {
    const auto* data = reinterpret_cast<const char*>(ASN1_STRING_get0_data(time));
    return std::optional<std::string>(std::string(data, ASN1_STRING_length(time)));
  }
  SslUniquePtr<ASN1_STRING> general(ASN1_TIME_to_generalizedtime(time, nullptr));
  if (!general) return ErrorFromQueue(ErrorCode::kInternal, "ASN1_TIME_to_generalizedtime");
  const auto* data = reinterpret_cast<const char*>(ASN1_STRING_get0_data(general.get()));
  return std::optional<std::string>(std::string(data, ASN1_STRING_length(general.get())));
}

}  // namespace cryptoshim::internal
