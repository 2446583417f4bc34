// Private keys without a passphrase, PEM and DER: traditional, PKCS#8 and
// encrypted input that must be refused (no callback). A parsed key is then
// checked and serialized the way PKey.check() / dump_privatekey() do.
#include <cstddef>
#include <cstdint>

#include "cryptoshim/key_serialization.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cryptoshim::BytesView input(reinterpret_cast<const char*>(data), size);
  for (auto encoding : {cryptoshim::Encoding::kPem, cryptoshim::Encoding::kDer}) {
    auto key = cryptoshim::LoadPrivateKey(input, encoding);
    if (!key.ok()) continue;
    (void)key->bits();
    (void)key->type_name();
    (void)key->Check();
    (void)cryptoshim::SavePublicKey(*key, cryptoshim::Encoding::kDer);
    (void)cryptoshim::SavePrivateKey(*key, cryptoshim::Encoding::kDer,
                                     cryptoshim::PrivateKeyFormat::kPkcs8);
  }
  return 0;
}
