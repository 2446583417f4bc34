#include <cstddef>
#include <cstdint>

#include "cryptoshim/crl.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cryptoshim::BytesView input(reinterpret_cast<const char*>(data), size);
  for (auto encoding : {cryptoshim::Encoding::kPem, cryptoshim::Encoding::kDer}) {
    auto crl = cryptoshim::Crl::Parse(input, encoding);
    if (!crl.ok()) continue;
    auto revoked = crl->RevokedEntries();
    if (!revoked.ok()) continue;
    for (const auto& r : *revoked) {
      (void)r.SerialHex();
      (void)r.RevocationDate();
      (void)r.ReasonText();
    }
  }
  return 0;
}
