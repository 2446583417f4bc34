// Certificates, PEM and DER: parse, then exercise serialization and the
// accessors an application calls on a parsed certificate.
#include <cstddef>
#include <cstdint>

#include "cryptoshim/certificate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cryptoshim::BytesView input(reinterpret_cast<const char*>(data), size);
  for (auto encoding : {cryptoshim::Encoding::kPem, cryptoshim::Encoding::kDer}) {
    auto cert = cryptoshim::Certificate::Parse(input, encoding);
    if (!cert.ok()) continue;
    (void)cert->ToDer();
    (void)cert->ToText();
    (void)cert->SerialHex();
    (void)cert->SignatureAlgorithm();
    (void)cert->PublicKey();
    (void)cert->Fingerprint("sha256");
  }
  return 0;
}
