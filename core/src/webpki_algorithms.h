// The CA/B Forum algorithm allow-lists (BR 7.1.3.1 and 7.1.3.2), compared as
// exact DER AlgorithmIdentifier encodings so that parameter variants (missing
// NULL, explicit curves, other PSS salts) are refused. Internal to the core.
#pragma once

#include <openssl/x509.h>

namespace cryptoshim::webpki {

// rsaEncryption with NULL parameters, or id-ecPublicKey on P-256/384/521.
bool IsPermittedSpkiAlgorithm(X509* cert);

// RSASSA-PKCS1-v1_5 or RSASSA-PSS (MGF1 with the same hash, salt = hash
// length) with SHA-256/384/512, or ECDSA with SHA-256/384/512.
bool IsPermittedSignatureAlgorithm(const X509_ALGOR* alg);

}  // namespace cryptoshim::webpki
