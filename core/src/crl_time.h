// ASN.1 TIME helpers shared by the CRL files (private to core/src).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim::internal {

// A new ASN1_TIME from an ASN.1 TIME string; kInvalidArgument if it does not
// parse (ASN1_TIME_set_string's rules).
StatusOr<SslUniquePtr<ASN1_STRING>> ParseAsn1Time(std::string_view when);

// The time as a GeneralizedTime string, or nullopt for an empty/absent time.
StatusOr<std::optional<std::string>> GeneralizedTimeString(const ASN1_TIME* time);

}  // namespace cryptoshim::internal
