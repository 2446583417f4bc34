// One Register* function per binding file; module.cc calls them all. Keeping
// one file per primitive (as pyca's backend/ does) keeps each unit small.
#pragma once

#include <pybind11/pybind11.h>

// The Certificate caster must be seen by every TU that casts one (a
// specialization missing from one TU would be an ODR violation): every
// binding file includes this header.
#include "certificate_object.h"

namespace cryptoshim::py {

void RegisterErrors(pybind11::module_& m);
void RegisterTelemetry(pybind11::module_& m);
void RegisterDigest(pybind11::module_& m);
void RegisterRandom(pybind11::module_& m);
void RegisterKeys(pybind11::module_& m);
void RegisterX509(pybind11::module_& m);
void RegisterCoreMethod(pybind11::module_& m);  // after RegisterX509: reads its classes
void RegisterCsr(pybind11::module_& m);
void RegisterCrl(pybind11::module_& m);
void RegisterPkcs(pybind11::module_& m);
void RegisterStore(pybind11::module_& m);
void RegisterTls(pybind11::module_& m);
void RegisterTlsConnectionMethods(pybind11::module_& m);  // after RegisterTls
void RegisterTlsDetails(pybind11::module_& m);
void RegisterM2TlsIo(pybind11::module_& m);
void RegisterM2Crypto(pybind11::module_& m);
void RegisterM2X509(pybind11::module_& m);
void RegisterM2MemoryBio(pybind11::module_& m2crypto);      // on _core.m2crypto
void RegisterM2HandleCall(pybind11::module_& m2crypto);     // on _core.m2crypto
void RegisterM2HmacStream(pybind11::module_& m2crypto);     // on _core.m2crypto
void RegisterM2Cipher(pybind11::module_& m2crypto);         // on _core.m2crypto
void RegisterM2HandleView(pybind11::module_& m2crypto);     // on _core.m2crypto
void RegisterM2ConnectionIo(pybind11::module_& m2crypto);   // on _core.m2crypto
void RegisterM2ExpectedHost(pybind11::module_& m2crypto);   // on _core.m2crypto
void RegisterRsaPkcs1Methods(pybind11::module_& m2crypto);  // on _core.m2crypto
void RegisterSmime(pybind11::module_& m);
void RegisterM2Handles(pybind11::module_& m);
void RegisterVerifier(pybind11::module_& m);
void RegisterPolicy(pybind11::module_& m);
void RegisterTlsPeerCheck(pybind11::module_& m);
void RegisterTlsHandshakeChecks(pybind11::module_& m);
void RegisterChainPolicy(pybind11::module_& m);
void RegisterLegacyVerify(pybind11::module_& m);  // after RegisterX509 and RegisterStore

}  // namespace cryptoshim::py
