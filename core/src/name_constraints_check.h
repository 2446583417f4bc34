// RFC 5280 4.2.1.10 name constraints over the subjectAltNames of a built path,
// with the WebPKI reading of the edge cases (malformed constraints or SANs
// fail, wildcard SANs must fit permitted subtrees entirely, unsupported name
// forms under a same-form constraint fail). directoryName constraints are
// left to OpenSSL, which also applies them to subject DNs. Internal.
#pragma once

#include <openssl/x509.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cryptoshim::webpki {

// `path` runs end-entity first, trust anchor last. Each certificate's
// constraints apply to every certificate below it, except self-issued
// intermediates (RFC 5280 6.1.3 (b)). `budget` counts single comparisons and
// bounds pathological inputs; running out is a failure.
std::optional<std::string> CheckNameConstraints(const std::vector<X509*>& path, size_t* budget);

}  // namespace cryptoshim::webpki
