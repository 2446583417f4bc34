#include <cstddef>
#include <cstdint>

#include "cryptoshim/pkcs7.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cryptoshim::BytesView input(reinterpret_cast<const char*>(data), size);
  for (auto encoding : {cryptoshim::Encoding::kPem, cryptoshim::Encoding::kDer}) {
    auto p7 = cryptoshim::Pkcs7::Parse(input, encoding);
    if (!p7.ok()) continue;
    (void)p7->type_name();
    auto certs = p7->Certificates();
    if (!certs.ok()) continue;
    for (const auto& cert : *certs) (void)cert.ToDer();
  }
  return 0;
}
