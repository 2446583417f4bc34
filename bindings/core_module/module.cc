#include <openssl/crypto.h>
#include <openssl/opensslv.h>

#include "register.h"

PYBIND11_MODULE(_core, m) {
  m.doc() = "cryptoshim's C++ core, shims and telemetry (internal; use cryptoshim.*)";
  m.attr("OPENSSL_VERSION_TEXT") = OPENSSL_VERSION_TEXT;
  m.attr("OPENSSL_VERSION_NUMBER") = static_cast<long>(OpenSSL_version_num());
  m.def("openssl_version", [](int type) { return pybind11::bytes(OpenSSL_version(type)); });
  cryptoshim::py::RegisterErrors(m);
  cryptoshim::py::RegisterTelemetry(m);
  cryptoshim::py::RegisterDigest(m);
  cryptoshim::py::RegisterRandom(m);
  cryptoshim::py::RegisterKeys(m);
  cryptoshim::py::RegisterX509(m);
  cryptoshim::py::RegisterCoreMethod(m);
  cryptoshim::py::RegisterCsr(m);
  cryptoshim::py::RegisterCrl(m);
  cryptoshim::py::RegisterPkcs(m);
  cryptoshim::py::RegisterStore(m);
  cryptoshim::py::RegisterTls(m);
  cryptoshim::py::RegisterTlsConnectionMethods(m);  // over RegisterTls's bindings
  cryptoshim::py::RegisterTlsDetails(m);
  cryptoshim::py::RegisterM2TlsIo(m);
  cryptoshim::py::RegisterM2Crypto(m);
  cryptoshim::py::RegisterM2X509(m);  // extends classes registered above
  cryptoshim::py::RegisterSmime(m);
  cryptoshim::py::RegisterM2Handles(m);
  cryptoshim::py::RegisterVerifier(m);
  cryptoshim::py::RegisterPolicy(m);
  cryptoshim::py::RegisterTlsPeerCheck(m);
  cryptoshim::py::RegisterTlsHandshakeChecks(m);
  cryptoshim::py::RegisterChainPolicy(m);
  cryptoshim::py::RegisterLegacyVerify(m);
}
