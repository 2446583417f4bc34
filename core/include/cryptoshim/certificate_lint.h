// Issuance lints: rules a CA must follow when it issues a certificate (the
// CA/Browser Forum Baseline Requirements) that validators do not apply when
// they verify one. Chrome, Go, rustls-webpki and pyca/cryptography ignore
// the subject commonName when validating, and certificates whose CN is not
// in their SAN exist, so the Verifier (verifier.h) does not refuse them;
// these checks are for tools that audit certificates, and for x509-limbo's
// webpki::cn::* cases, which test exactly this lint.
#pragma once

#include <optional>
#include <string>

#include "cryptoshim/certificate.h"

namespace cryptoshim {

// CABF BR 7.1.4.3: a subject commonName, if present, is exactly one value,
// a character-for-character copy of a dNSName entry of the subjectAltName
// or the RFC 3986 / RFC 5952 text of an iPAddress entry. nullopt when the
// certificate complies (or has no CN); otherwise the violated rule.
std::optional<std::string> LintCommonName(const Certificate& cert);

}  // namespace cryptoshim
