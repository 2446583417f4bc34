// Certificate operations the legacy APIs expose beyond Certificate itself:
// signature and purpose checks, and validity fields as ASN.1 times.
#pragma once

#include "cryptoshim/asn1_time.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

// X509_verify: 1 when `key` verifies the signature, 0 when it does not,
// -1 when the check cannot run (no signature, unsupported algorithm).
int VerifyCertificateSignature(const Certificate& cert, const Key& key);

// X509_check_ca: 0 for a non-CA, otherwise the kind of CA evidence (1-5).
int CheckCa(const Certificate& cert);

// X509_check_purpose with an X509_PURPOSE_* id; 1 yes, 0 no.
StatusOr<int> CheckPurpose(const Certificate& cert, int purpose, bool as_ca);

// Views of notBefore/notAfter that follow later changes to the certificate.
Asn1Time NotBeforeTime(const Certificate& cert);
Asn1Time NotAfterTime(const Certificate& cert);
Status SetNotBeforeTime(const Certificate& cert, const Asn1Time& when);
Status SetNotAfterTime(const Certificate& cert, const Asn1Time& when);

// Adds subjectKeyIdentifier computed from the certificate's public key
// (RFC 5280 4.2.1.2 method 1).
Status AddSubjectKeyIdentifier(const Certificate& cert);

}  // namespace cryptoshim
