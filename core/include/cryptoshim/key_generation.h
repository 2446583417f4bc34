// Key generation through EVP_PKEY_generate / EVP_PKEY_Q_keygen. Sizes are not
// policed here: refusing small keys is the safety policy's job (bindings and
// legacy shims), so the core can still serve legacy callers that need them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

// RSA with a `bits`-bit modulus and public exponent `e` (odd, > 1).
StatusOr<Key> GenerateRsaKey(int bits, uint64_t public_exponent = 65537);

// EC on a named curve ("prime256v1", "P-384", "secp521r1", ...).
StatusOr<Key> GenerateEcKey(std::string_view curve_name);

StatusOr<Key> GenerateEd25519Key();
StatusOr<Key> GenerateEd448Key();

// DSA: fresh domain parameters of `bits` bits, then a key. Below 2048 bits
// the FIPS 186-2 generator (160-bit q) is used, as DSA_generate_parameters_ex
// did, because FIPS 186-4 refuses those sizes.
StatusOr<Key> GenerateDsaKey(int bits);

// Short names (OBJ_nid2sn) of the built-in elliptic curves.
std::vector<std::string> BuiltinCurveNames();

}  // namespace cryptoshim
