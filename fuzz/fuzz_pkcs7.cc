#include <cstddef>
#include <cstdint>

#include "cryptoshim/pkcs7.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cryptoshim::BytesView input(reinterpret_cast<const char*>(data), size);
  for (auto encoding : {cryptoshim::Encoding::kPem, cryptoshim::Encoding::kDer}) {
    auto p7 = cryptoshim::Pkcs7::Parse(input, encoding);
    if (p7.ok()) (void)p7->Certificates();
  }
  return 0;
}
