// Private keys read with a fixed passphrase, PEM and DER, so the decryption
// paths (PEM DEK-Info headers, encrypted PKCS#8 with PBES1/PBES2 and their
// KDF parameters) see fuzzed input. Seeds are encrypted with the same
// passphrase (make_seeds.py) so mutations start from inputs that decrypt.
#include <cstddef>
#include <cstdint>

#include "cryptoshim/key_serialization.h"

namespace {
// Shared with make_seeds.py (FUZZ_PASSPHRASE).
constexpr char kPassphrase[] = "fuzz-passphrase";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cryptoshim::BytesView input(reinterpret_cast<const char*>(data), size);
  const auto passphrase = cryptoshim::FixedPassphrase(kPassphrase);
  for (auto encoding : {cryptoshim::Encoding::kPem, cryptoshim::Encoding::kDer}) {
    auto key = cryptoshim::LoadPrivateKey(input, encoding, passphrase);
    if (!key.ok()) continue;
    (void)key->bits();
    (void)cryptoshim::SavePublicKey(*key, cryptoshim::Encoding::kDer);
  }
  return 0;
}
