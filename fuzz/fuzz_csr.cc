#include <cstddef>
#include <cstdint>

#include "cryptoshim/csr.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cryptoshim::BytesView input(reinterpret_cast<const char*>(data), size);
  for (auto encoding : {cryptoshim::Encoding::kPem, cryptoshim::Encoding::kDer}) {
    auto csr = cryptoshim::CertificateRequest::Parse(input, encoding);
    if (!csr.ok()) continue;
    (void)csr->ToDer();
    (void)csr->ToText();
    (void)csr->Subject().OneLine();
    (void)csr->Extensions();
    auto key = csr->PublicKey();
    if (key.ok()) (void)csr->Verify(*key);
  }
  return 0;
}
