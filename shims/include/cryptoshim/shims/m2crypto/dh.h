// M2Crypto's DH semantics over EVP_PKEY: PKCS#3 parameters (load, generate,
// set from p/g), key generation, the raw shared secret (DH_compute_key) and
// the parameter check and text dump.
#pragma once

#include <string_view>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim::m2crypto {

StatusOr<Key> DhLoadParams(BytesView pem);
// Safe-prime parameters with the given generator (2 or 5).
StatusOr<Key> DhGenerateParams(int bits, int generator);
// Parameter-only object from MPI-encoded p and g.
StatusOr<Key> DhFromMpis(BytesView p_mpi, BytesView g_mpi);
StatusOr<Key> DhGenerateKey(const Key& params);
// The shared secret with the peer's public value (an MPI), leading zeros
// stripped as DH_compute_key returned it.
StatusOr<Bytes> DhComputeKey(const Key& key, BytesView peer_pub_mpi);
// "p", "g", "pub" or "priv" as an MPI.
StatusOr<Bytes> DhComponentMpi(const Key& key, std::string_view name);
// 0 when the parameters pass EVP_PKEY_param_check, else DH_CHECK_P_NOT_PRIME.
int DhCheckParams(const Key& key);
// EVP_PKEY_print_params output.
StatusOr<Bytes> DhParamsText(const Key& key);

}  // namespace cryptoshim::m2crypto
