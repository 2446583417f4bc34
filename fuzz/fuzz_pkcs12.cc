// PKCS#12 archives without a password and with the one the seeds use, so the
// MAC check, the PBE decryption and the bag parsing all see fuzzed input.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "cryptoshim/pkcs12.h"

namespace {
// Shared with make_seeds.py (FUZZ_PASSPHRASE).
constexpr char kPassword[] = "fuzz-passphrase";

void Touch(const cryptoshim::StatusOr<cryptoshim::Pkcs12Contents>& contents) {
  if (!contents.ok()) return;
  if (contents->certificate) (void)contents->certificate->ToDer();
  for (const auto& ca : contents->ca_certificates) (void)ca.ToDer();
  if (contents->key) (void)contents->key->bits();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cryptoshim::BytesView input(reinterpret_cast<const char*>(data), size);
  Touch(cryptoshim::ParsePkcs12(input, std::nullopt));
  Touch(cryptoshim::ParsePkcs12(input, std::string(kPassword)));
  return 0;
}
