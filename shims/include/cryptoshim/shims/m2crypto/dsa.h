// M2Crypto's DSA semantics over EVP_PKEY: parameter-only objects (load,
// generate, set from p/q/g), key generation from parameters, components as
// MPIs, and DSA over a precomputed digest (see prehashed_signature.h).
#pragma once

#include <string_view>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim::m2crypto {

// "DSA PARAMETERS" PEM; the result holds no key (has_private() false and
// no public value).
StatusOr<Key> DsaLoadParams(BytesView pem);
// FIPS 186-2 generator below 2048 bits (160-bit q), as
// DSA_generate_parameters_ex used.
StatusOr<Key> DsaGenerateParams(int bits);
// A fresh key pair on the parameters of `params`.
StatusOr<Key> DsaGenerateKey(const Key& params);
// From MPIs; an empty `pub_mpi` gives a parameter-only object.
StatusOr<Key> DsaFromMpis(BytesView p, BytesView q, BytesView g, BytesView pub_mpi);
// "p", "q", "g", "pub" or "priv" as an MPI; kInvalidArgument when absent.
StatusOr<Bytes> DsaComponentMpi(const Key& key, std::string_view name);
// Whether the public (and, for `with_private`, private) value is present,
// as M2Crypto's dsa_check_pub_key / dsa_check_key test.
bool DsaHasKey(const Key& key, bool with_private);
// "DSA PARAMETERS" PEM of a key or parameter object.
StatusOr<Bytes> DsaParamsPem(const Key& key);

}  // namespace cryptoshim::m2crypto
