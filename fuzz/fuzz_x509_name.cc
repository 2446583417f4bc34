// DER X.509 Names, as X509Name's DER constructor reads them (pickled names,
// names lifted out of other structures).
#include <cstddef>
#include <cstdint>

#include "cryptoshim/x509_name.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cryptoshim::BytesView input(reinterpret_cast<const char*>(data), size);
  auto name = cryptoshim::X509Name::FromDer(input);
  if (!name.ok()) return 0;
  (void)name->Der();
  (void)name->OneLine();
  (void)name->Hash();
  (void)name->Components();
  return 0;
}
