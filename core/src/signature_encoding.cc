#include "cryptoshim/signature_encoding.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>

#include <climits>
#include <memory>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {
namespace {

// DSA_SIG and ECDSA_SIG are the same ASN.1 structure; ECDSA_SIG is the one of
// the two whose accessors OpenSSL 3 does not deprecate.
struct SigDeleter {
  void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};
using SigPtr = std::unique_ptr<ECDSA_SIG, SigDeleter>;

const unsigned char* U8(BytesView v) { return reinterpret_cast<const unsigned char*>(v.data()); }

StatusOr<size_t> DsaQBytes(const Key& key) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key.get0(), OSSL_PKEY_PARAM_FFC_Q, &raw) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "cannot read the DSA q parameter");
  }
  SslUniquePtr<BIGNUM> q(raw);
  return static_cast<size_t>(BN_num_bytes(q.get()));
}

}  // namespace

StatusOr<size_t> DsaSignatureScalarSize(const Key& key) {
  ClearErrorQueue();
  switch (key.type_id()) {
    case EVP_PKEY_EC:
      // EVP_PKEY_get_bits of an EC key is the bit length of the group order.
      return static_cast<size_t>((key.bits() + 7) / 8);
    case EVP_PKEY_DSA:
      return DsaQBytes(key);
    default:
      return Status(ErrorCode::kInvalidArgument, "P1363 signatures need an EC or DSA key");
  }
}

StatusOr<DsaSignatureValues> DsaSignatureParseDer(BytesView der) {
  if (der.size() > LONG_MAX) return Status(ErrorCode::kParse, "signature too long");
  ClearErrorQueue();
  const unsigned char* p = U8(der);
  SigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return ErrorFromQueue(ErrorCode::kParse, "invalid DSA/ECDSA signature");
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  DsaSignatureValues out{SslUniquePtr<BIGNUM>(BN_dup(r)), SslUniquePtr<BIGNUM>(BN_dup(s))};
  if (!out.r || !out.s) return ErrorFromQueue(ErrorCode::kInternal, "BN_dup");
  return out;
}

StatusOr<Bytes> DsaSignatureEncodeDer(const BIGNUM& r, const BIGNUM& s) {
  ClearErrorQueue();
  SslUniquePtr<BIGNUM> r_copy(BN_dup(&r));
  SslUniquePtr<BIGNUM> s_copy(BN_dup(&s));
  SigPtr sig(ECDSA_SIG_new());
  if (!r_copy || !s_copy || !sig || ECDSA_SIG_set0(sig.get(), r_copy.get(), s_copy.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "ECDSA_SIG_set0");
  }
  r_copy.release();  // owned by sig now
  s_copy.release();
  unsigned char* der = nullptr;
  int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return ErrorFromQueue(ErrorCode::kInternal, "i2d_ECDSA_SIG");
  Bytes out(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

StatusOr<Bytes> DsaSignatureDerToP1363(BytesView der, size_t scalar_size) {
  StatusOr<DsaSignatureValues> values = DsaSignatureParseDer(der);
  if (!values.ok()) return Status(ErrorCode::kVerifyFailed, "signature is not DER");
  // d2i accepts BER; re-encoding must give back the input bytes exactly.
  StatusOr<Bytes> again = DsaSignatureEncodeDer(*values->r, *values->s);
  if (!again.ok() || *again != der) {
    return Status(ErrorCode::kVerifyFailed, "signature is not strict DER");
  }
  const BIGNUM* r = values->r.get();
  const BIGNUM* s = values->s.get();
  if (scalar_size > INT_MAX || BN_is_negative(r) || BN_is_negative(s)) {
    return Status(ErrorCode::kVerifyFailed, "signature value out of range");
  }
  Bytes out(2 * scalar_size, '\0');
  auto* q = reinterpret_cast<unsigned char*>(out.data());
  if (BN_bn2binpad(r, q, static_cast<int>(scalar_size)) < 0 ||
      BN_bn2binpad(s, q + scalar_size, static_cast<int>(scalar_size)) < 0) {
    return Status(ErrorCode::kVerifyFailed, "signature value wider than the group order");
  }
  return out;
}

StatusOr<Bytes> DsaSignatureP1363ToDer(BytesView p1363, size_t scalar_size) {
  if (scalar_size == 0 || scalar_size > INT_MAX / 2 || p1363.size() != 2 * scalar_size) {
    return Status(ErrorCode::kVerifyFailed, "P1363 signature has the wrong length");
  }
  ClearErrorQueue();
  int half = static_cast<int>(scalar_size);
  SslUniquePtr<BIGNUM> r(BN_bin2bn(U8(p1363), half, nullptr));
  SslUniquePtr<BIGNUM> s(BN_bin2bn(U8(p1363) + half, half, nullptr));
  if (!r || !s) return ErrorFromQueue(ErrorCode::kInternal, "BN_bin2bn");
  return DsaSignatureEncodeDer(*r, *s);
}

}  // namespace cryptoshim
