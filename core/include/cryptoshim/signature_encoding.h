// (EC)DSA signature encodings: the DER SEQUENCE { INTEGER r, INTEGER s } that
// OpenSSL, X.509 and TLS use, and IEEE P1363 r || s with both halves padded
// to the size of the group order (JOSE/WebCrypto, PKCS#11), as Tink's
// EcdsaSignatureEncoding. The conversions are strict both ways: a DER input
// must be exactly DER (no BER, no trailing bytes) and a P1363 input must be
// exactly twice the scalar size, so a malleable encoding never reaches a
// verifier.
#pragma once

#include <cstddef>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

enum class DsaSignatureEncoding {
  kDer,        // SEQUENCE { INTEGER r, INTEGER s }
  kIeeeP1363,  // r || s, fixed width
};

// Bytes in one P1363 half for `key`: the size of the group order for EC keys,
// of q for DSA keys. kInvalidArgument for other key types.
StatusOr<size_t> DsaSignatureScalarSize(const Key& key);

// kVerifyFailed when `der` is not a strict DER signature or a half does not
// fit in `scalar_size` bytes (such a signature cannot verify anyway).
StatusOr<Bytes> DsaSignatureDerToP1363(BytesView der, size_t scalar_size);

// kVerifyFailed unless `p1363` is exactly 2 * `scalar_size` bytes.
StatusOr<Bytes> DsaSignatureP1363ToDer(BytesView p1363, size_t scalar_size);

// The two integers of a signature.
struct DsaSignatureValues {
  SslUniquePtr<BIGNUM> r;
  SslUniquePtr<BIGNUM> s;
};
// The integers of a DER signature as d2i_ECDSA_SIG reads it, which tolerates
// BER: for converting what OpenSSL itself accepts into another integer format.
// Verifiers use DsaSignatureDerToP1363, which is strict. kParse when `der`
// is not a signature.
StatusOr<DsaSignatureValues> DsaSignatureParseDer(BytesView der);
// The DER encoding of (r, s).
StatusOr<Bytes> DsaSignatureEncodeDer(const BIGNUM& r, const BIGNUM& s);

}  // namespace cryptoshim
