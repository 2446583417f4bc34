// subjectAltName rules of the end-entity profile: presence and criticality,
// and matching the expected peer. (CABF 7.1.4.3's "the CN is a copy of a SAN"
// is an issuance rule no validator applies: it is a lint, certificate_lint.h.)
// Internal to the core.
#pragma once

#include <openssl/x509.h>

#include <optional>
#include <string>
#include <vector>

#include "cryptoshim/verifier.h"

namespace cryptoshim::webpki {

// Why `name` cannot be a peer name (invalid DNS name, unparsable IP, ...).
std::optional<std::string> ValidatePeerName(const PeerName& name);

// SAN present (critical exactly when the subject is empty, for servers) and
// the peer name matched when one is checked.
std::optional<std::string> CheckEndEntityNames(X509* leaf, const VerifierOptions& options);

// The SAN's DNS, IP and email entries (for client verification results).
std::vector<PeerName> SubjectAltNames(X509* leaf);

// Whether the SAN of `leaf` contains `name` (wildcards per DnsPattern).
bool SanMatches(X509* leaf, const PeerName& name);

}  // namespace cryptoshim::webpki
