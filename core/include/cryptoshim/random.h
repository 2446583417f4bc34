// The CSPRNG: OpenSSL's default DRBG, seeded from the OS.
#pragma once

#include "cryptoshim/bytes.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

StatusOr<Bytes> RandomBytes(size_t n);
// Fills out[0, n) from the DRBG, for callers that own the buffer (a Python
// bytes object made at its final size). Thread-safe, as RAND_bytes.
[[nodiscard]] Status RandomBytesInto(char* out, size_t n);
// Mixes caller data into the DRBG; it never replaces the OS seed.
void AddRandomSeed(BytesView data, double entropy);
// True once the DRBG is seeded (it always is on a working OpenSSL 3).
bool RandomStatus();

}  // namespace cryptoshim
