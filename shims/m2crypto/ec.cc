#include "cryptoshim/shims/m2crypto/ec.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>

#include <climits>
#include <vector>

#include "cryptoshim/error_queue.h"
#include "cryptoshim/key_agreement.h"
#include "cryptoshim/shims/m2crypto/prehashed_signature.h"
#include "cryptoshim/signature_encoding.h"

namespace cryptoshim::m2crypto {
namespace {

const unsigned char* U8(BytesView v) { return reinterpret_cast<const unsigned char*>(v.data()); }

Status RequireEc(const Key& key) {
  if (EVP_PKEY_get_base_id(key.get0()) != EVP_PKEY_EC)
    return Status(ErrorCode::kInvalidArgument, "not an EC key");
  return Status::Ok();
}

Bytes Mpi(const BIGNUM* bn) {
  Bytes out(static_cast<size_t>(BN_bn2mpi(bn, nullptr)), '\0');
  BN_bn2mpi(bn, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

}  // namespace

StatusOr<std::string> CurveNameFromNid(int nid) {
  size_t n = EC_get_builtin_curves(nullptr, 0);
  std::vector<EC_builtin_curve> curves(n);
  EC_get_builtin_curves(curves.data(), n);
  for (const auto& c : curves) {
    if (c.nid == nid) return std::string(OBJ_nid2sn(nid));
  }
  return Status(ErrorCode::kInvalidArgument, "Elliptic curve is not available on this system");
}

StatusOr<Bytes> EcdsaSignDigest(const Key& key, BytesView digest) {
  CS_RETURN_IF_ERROR(RequireEc(key));
  return SignPrehashed(key, digest);
}

Status EcdsaVerifyDigest(const Key& key, BytesView digest, BytesView der_signature) {
  CS_RETURN_IF_ERROR(RequireEc(key));
  return VerifyPrehashed(key, digest, der_signature);
}

// The DER side is the core's (signature_encoding.h); only OpenSSL's MPI
// format, which M2Crypto's ecdsa_sig_get_r/s expose, is this shim's.
StatusOr<std::pair<Bytes, Bytes>> EcdsaDerToMpis(BytesView der) {
  CS_ASSIGN_OR_RETURN(DsaSignatureValues sig, DsaSignatureParseDer(der));
  return std::make_pair(Mpi(sig.r.get()), Mpi(sig.s.get()));
}

StatusOr<Bytes> EcdsaMpisToDer(BytesView r_mpi, BytesView s_mpi) {
  if (r_mpi.size() > INT_MAX || s_mpi.size() > INT_MAX)
    return Status(ErrorCode::kInvalidArgument, "MPI too long");
  SslUniquePtr<BIGNUM> r(BN_mpi2bn(U8(r_mpi), static_cast<int>(r_mpi.size()), nullptr));
  SslUniquePtr<BIGNUM> s(BN_mpi2bn(U8(s_mpi), static_cast<int>(s_mpi.size()), nullptr));
  if (!r || !s) return ErrorFromQueue(ErrorCode::kParse, "invalid MPI");
  return DsaSignatureEncodeDer(*r, *s);
}

StatusOr<Bytes> EcdhDerive(const Key& private_key, const Key& peer) {
  CS_RETURN_IF_ERROR(RequireEc(private_key));
  CS_RETURN_IF_ERROR(RequireEc(peer));
  // The core's KeyAgreement validates the peer and refuses explicit curve
  // parameters. A bare EVP_PKEY_derive (and M2Crypto's ECDH_compute_key)
  // accept those on OpenSSL 3.0: Wycheproof's invalid ecdh vectors with
  // cofactor = n or without a cofactor derived a secret here before.
  CS_ASSIGN_OR_RETURN(KeyAgreement agreement, KeyAgreement::New(private_key));
  return agreement.ComputeSharedSecret(peer);
}

StatusOr<Bytes> EcPublicPoint(const Key& key) {
  CS_RETURN_IF_ERROR(RequireEc(key));
  size_t len = 0;
  if (EVP_PKEY_get_octet_string_param(key.get0(), OSSL_PKEY_PARAM_PUB_KEY, nullptr, 0, &len) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EC public point");
  }
  Bytes out(len, '\0');
  if (EVP_PKEY_get_octet_string_param(key.get0(), OSSL_PKEY_PARAM_PUB_KEY,
                                      reinterpret_cast<unsigned char*>(out.data()), len,
                                      &len) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EC public point");
  }
  out.resize(len);
  return out;
}

std::vector<BuiltinCurve> BuiltinCurves() {
  size_t n = EC_get_builtin_curves(nullptr, 0);
  std::vector<EC_builtin_curve> curves(n);
  EC_get_builtin_curves(curves.data(), n);
  std::vector<BuiltinCurve> out;
  for (const auto& c : curves) {
    const char* sn = OBJ_nid2sn(c.nid);
    out.push_back({c.nid, sn ? sn : "", c.comment ? c.comment : ""});
  }
  return out;
}

StatusOr<Key> EcPublicKeyFromPoint(int curve_nid, BytesView point) {
  CS_ASSIGN_OR_RETURN(std::string curve, CurveNameFromNid(curve_nid));
  ClearErrorQueue();
  SslUniquePtr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  if (!bld) return ErrorFromQueue(ErrorCode::kInternal, "OSSL_PARAM_BLD_new");
  SslUniquePtr<OSSL_PARAM> params;
  if (OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve.c_str(), 0) ==
          1 &&
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) == 1) {
    params.reset(OSSL_PARAM_BLD_to_param(bld.get()));
  }
  if (!params) return ErrorFromQueue(ErrorCode::kInternal, "EC parameters");
  SslUniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* pkey = nullptr;
  bool ok = ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
            EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) == 1;
  SslUniquePtr<EVP_PKEY> owned(pkey);
  if (!ok) return ErrorFromQueue(ErrorCode::kInvalidArgument, "invalid EC point");
  return Key(std::move(owned), false);
}

}  // namespace cryptoshim::m2crypto
