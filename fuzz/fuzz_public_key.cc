// Public keys: SubjectPublicKeyInfo and PKCS#1 RSAPublicKey, PEM and DER, and
// the Netscape SPKAC (base64) that NetscapeSPKI(b64) parses.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cryptoshim/key_serialization.h"
#include "cryptoshim/spki.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cryptoshim::BytesView input(reinterpret_cast<const char*>(data), size);
  for (auto encoding : {cryptoshim::Encoding::kPem, cryptoshim::Encoding::kDer}) {
    for (auto format : {cryptoshim::PublicKeyFormat::kSubjectPublicKeyInfo,
                        cryptoshim::PublicKeyFormat::kPkcs1}) {
      auto key = cryptoshim::LoadPublicKey(input, encoding, format);
      if (!key.ok()) continue;
      (void)key->bits();
      (void)key->Check();
      (void)cryptoshim::SavePublicKey(*key, cryptoshim::Encoding::kPem);
    }
  }
  auto spki = cryptoshim::NetscapeSpki::FromBase64(std::string_view(input));
  if (spki.ok()) {
    (void)spki->ToBase64();
    auto key = spki->PublicKey();
    if (key.ok()) (void)spki->Verify(*key);
  }
  return 0;
}
