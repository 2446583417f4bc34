// PEM domain parameters as M2Crypto reads them: DH.load_params /
// m2.dh_read_parameters ("DH PARAMETERS", PKCS#3 or X9.42) and
// DSA.load_params / m2.dsa_read_params ("DSA PARAMETERS"), then what a
// caller does next with a parameter object: the components, the text dump
// and the PEM re-encoding. DH.check_params is left out: it is primality
// testing of numbers the reader already accepted (0.1 s for a 512-bit safe
// prime), which held the run to 7 executions per second.
#include <cstddef>
#include <cstdint>

#include "cryptoshim/shims/m2crypto/dh.h"
#include "cryptoshim/shims/m2crypto/dsa.h"

namespace m2 = cryptoshim::m2crypto;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cryptoshim::BytesView input(reinterpret_cast<const char*>(data), size);
  if (auto dh = m2::DhLoadParams(input); dh.ok()) {
    for (const char* name : {"p", "g", "pub", "priv"}) (void)m2::DhComponentMpi(*dh, name);
    (void)m2::DhParamsText(*dh);
  }
  if (auto dsa = m2::DsaLoadParams(input); dsa.ok()) {
    for (const char* name : {"p", "q", "g", "pub", "priv"}) (void)m2::DsaComponentMpi(*dsa, name);
    (void)m2::DsaHasKey(*dsa, false);
    (void)m2::DsaParamsPem(*dsa);
  }
  return 0;
}
