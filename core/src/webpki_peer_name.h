// subjectAltName rules of the end-entity profile: presence and criticality,
// matching the expected peer, and CABF 7.1.4.3's "the CN is a copy of a SAN".
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

// Servers only: the subject CN, if any, is a copy of a SAN entry (CABF
// 7.1.4.3). The verifier runs it last, once a path is otherwise acceptable,
// so that a chain with several problems reports the structural one.
std::optional<std::string> CheckCommonNameInSan(X509* leaf, const VerifierOptions& options);

// The SAN's DNS, IP and email entries (for client verification results).
std::vector<PeerName> SubjectAltNames(X509* leaf);

// Whether the SAN of `leaf` contains `name` (wildcards per DnsPattern).
bool SanMatches(X509* leaf, const PeerName& name);

}  // namespace cryptoshim::webpki
