// Private keys with and without a passphrase, and public keys, PEM and DER.
#include <cstddef>
#include <cstdint>

#include "cryptoshim/key_serialization.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cryptoshim::BytesView input(reinterpret_cast<const char*>(data), size);
  for (auto encoding : {cryptoshim::Encoding::kPem, cryptoshim::Encoding::kDer}) {
    (void)cryptoshim::LoadPrivateKey(input, encoding);
    (void)cryptoshim::LoadPrivateKey(input, encoding, [](bool) -> cryptoshim::StatusOr<std::string> {
      return std::string("fuzz-passphrase");
    });
    auto pub = cryptoshim::LoadPublicKey(input, encoding);
    if (pub.ok()) (void)cryptoshim::SavePublicKey(*pub, cryptoshim::Encoding::kDer);
  }
  return 0;
}
