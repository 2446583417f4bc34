// M2Crypto's EC semantics over EVP_PKEY: ECDSA over a precomputed digest
// with (r, s) as MPIs (ECDSA_do_sign) or DER (ECDSA_sign), raw ECDH, and
// curve lookup by NID.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim::m2crypto {

// OBJ_nid2sn for a curve NID; kInvalidArgument when it is not a built-in curve.
StatusOr<std::string> CurveNameFromNid(int nid);

// DER-encoded ECDSA-Sig-Value over `digest` (used as is, like ECDSA_sign).
StatusOr<Bytes> EcdsaSignDigest(const Key& key, BytesView digest);
// kVerifyFailed when it does not match.
Status EcdsaVerifyDigest(const Key& key, BytesView digest, BytesView der_signature);

// DER <-> (r, s) in OpenSSL's MPI format.
StatusOr<std::pair<Bytes, Bytes>> EcdsaDerToMpis(BytesView der_signature);
StatusOr<Bytes> EcdsaMpisToDer(BytesView r_mpi, BytesView s_mpi);

// ECDH shared secret (the x coordinate), as ECDH_compute_key returned it,
// through the core's KeyAgreement: kInvalidArgument for peers that are
// invalid, on another curve, or carry explicit curve parameters.
StatusOr<Bytes> EcdhDerive(const Key& private_key, const Key& peer_public_key);

// The encoded public point (uncompressed), as EC_KEY_get0_public_key +
// EC_POINT_point2oct gave M2Crypto's ec_key_get_public_key.
StatusOr<Bytes> EcPublicPoint(const Key& key);

struct BuiltinCurve {
  int nid;
  std::string short_name;
  std::string comment;
};
// EC_get_builtin_curves, as M2Crypto's ec_get_builtin_curves lists them.
std::vector<BuiltinCurve> BuiltinCurves();

// A public key on a named curve from an encoded point (EC_POINT_oct2point).
StatusOr<Key> EcPublicKeyFromPoint(int curve_nid, BytesView point);

}  // namespace cryptoshim::m2crypto
