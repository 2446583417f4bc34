// The second opinion on a candidate path: OpenSSL's X509_verify_cert run on
// exactly that path. Internal to the core.
#pragma once

#include <openssl/x509.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cryptoshim/status.h"
#include "cryptoshim/verifier.h"

namespace cryptoshim::webpki {

// nullopt when OpenSSL accepts `path` (end-entity first, anchor last) and
// builds that same path; otherwise the reason. A Status error means OpenSSL
// could not run the check at all.
StatusOr<std::optional<std::string>> ConfirmWithOpenSsl(const std::vector<X509*>& path,
                                                        const VerifierOptions& options,
                                                        int64_t now);

}  // namespace cryptoshim::webpki
