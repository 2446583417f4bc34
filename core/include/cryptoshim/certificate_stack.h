// Certificate lists in the two wire forms legacy APIs exchange: a bare DER
// SEQUENCE OF Certificate, and a degenerate (certificates-only) PKCS#7
// SignedData, as `openssl crl2pkcs7 -nocrl` writes.
#pragma once

#include <vector>

#include "cryptoshim/bytes.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

StatusOr<Bytes> EncodeCertificateSequence(const std::vector<const Certificate*>& certs);
// Rejects anything but one complete SEQUENCE of certificates.
StatusOr<std::vector<Certificate>> DecodeCertificateSequence(BytesView der);

// DER of a degenerate PKCS#7 SignedData carrying `certs` (at least one).
StatusOr<Bytes> DegeneratePkcs7Der(const std::vector<const Certificate*>& certs);

}  // namespace cryptoshim
