// The Public Suffix List, through libpsl with Debian's packaged data
// (publicsuffix). Internal to the core.
#pragma once

#include <string_view>

namespace cryptoshim::webpki {

// True when `domain` (A-labels, no trailing dot) is a public suffix in the
// ICANN or the PRIVATE section: "com", "co.uk", "s3.amazonaws.com". Only
// explicit rules count: the list's implicit "*" (every unknown TLD is a
// suffix) does not, so "localhost" or an internal "corp" is not one.
bool IsPublicSuffix(std::string_view domain);

}  // namespace cryptoshim::webpki
