// Certificate lists as a bare DER SEQUENCE OF Certificate. (The other wire
// form legacy APIs exchange, a degenerate certificates-only PKCS#7, is
// Pkcs7Degenerate in smime.h.)
#pragma once

#include <vector>

#include "cryptoshim/bytes.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

StatusOr<Bytes> EncodeCertificateSequence(const std::vector<const Certificate*>& certs);
// Rejects anything but one complete SEQUENCE of certificates.
StatusOr<std::vector<Certificate>> DecodeCertificateSequence(BytesView der);

}  // namespace cryptoshim
