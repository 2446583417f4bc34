// RFC 6125 name checks of a certificate (X509_check_host / X509_check_ip_asc),
// the primitive behind post-handshake host name verification.
#pragma once

#include <string>
#include <vector>

#include "cryptoshim/bytes.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

// X509_CHECK_FLAG_* bits accepted by CheckHost.
constexpr unsigned kHostCheckNoPartialWildcards = 0x4;  // X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS
constexpr unsigned kHostCheckNeverCheckSubject = 0x20;  // X509_CHECK_FLAG_NEVER_CHECK_SUBJECT

// 1 when `host` matches a dNSName SAN (or the subject CN when the
// certificate has no DNS SAN and the flags allow it), 0 when it does not,
// -1 on malformed input (an embedded NUL, an internal failure).
int CheckHost(const Certificate& cert, const std::string& host, unsigned flags);

// 1 when the textual IPv4/IPv6 address `ip` matches an iPAddress SAN, 0 when
// not, -1 when `ip` is not an address.
int CheckIpAddress(const Certificate& cert, const std::string& ip);

// One subjectAltName GeneralName: `type` is GEN_* (GEN_DNS = 2, GEN_IPADD =
// 7, ...). `value` is the raw string for DNS/URI/email names, the 4 or 16
// octets for an IP address, and the DER GeneralName for every other type.
struct GeneralNameEntry {
  int type = 0;
  Bytes value;
};

// The decoded subjectAltName (empty without one). kParse when the extension
// is malformed, kInvalidArgument when the certificate carries it twice.
StatusOr<std::vector<GeneralNameEntry>> SubjectAltNames(const Certificate& cert);

}  // namespace cryptoshim
