// EVP_PKEY_sign / EVP_PKEY_verify over a caller-supplied digest with no
// digest set on the context, as DSA_sign and ECDSA_sign did: the digest is
// used as is (truncated by the algorithm), whatever its length.
#pragma once

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim::m2crypto {

// DER-encoded (r, s) signature.
StatusOr<Bytes> SignPrehashed(const Key& key, BytesView digest);
// kVerifyFailed when the signature does not match.
Status VerifyPrehashed(const Key& key, BytesView digest, BytesView der_signature);

}  // namespace cryptoshim::m2crypto
