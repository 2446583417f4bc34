// Key derivation: HKDF (RFC 5869) and PBKDF2 (RFC 8018) through EVP_KDF.
#pragma once

#include <cstdint>
#include <string_view>

#include "cryptoshim/bytes.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

StatusOr<Bytes> Hkdf(std::string_view hash, BytesView ikm, BytesView salt, BytesView info,
                     size_t length);

// `iterations` must be at least 1; callers choosing parameters for new data
// should use 600,000 or more for SHA-256 (OWASP 2023).
StatusOr<Bytes> Pbkdf2(std::string_view hash, BytesView password, BytesView salt,
                       uint64_t iterations, size_t length);

}  // namespace cryptoshim
