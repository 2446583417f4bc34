// The compat policy's look at a chain OpenSSL accepted (bind_chain_policy.cc),
// shared by _core.weak_cryptography_in_chain and _core.legacy_verify.
#pragma once

#include <pybind11/pybind11.h>

#include <vector>

#include "cryptoshim/certificate.h"

namespace cryptoshim::py {

// The first weak signature (MD5, SHA-1, ...) or small RSA/DSA key in
// `chain`, end-entity first and anchor last, as bytes
// (b"<subject>: <problem>"); None when there is none.
pybind11::object WeakCryptographyInChain(const std::vector<const Certificate*>& chain);
pybind11::object WeakCryptographyInChain(const std::vector<Certificate>& chain);

}  // namespace cryptoshim::py
