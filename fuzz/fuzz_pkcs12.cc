#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "cryptoshim/pkcs12.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cryptoshim::BytesView input(reinterpret_cast<const char*>(data), size);
  (void)cryptoshim::ParsePkcs12(input, std::nullopt);
  (void)cryptoshim::ParsePkcs12(input, std::string("password"));
  return 0;
}
