// int() of the core objects that the drop-in M2Crypto hands out as raw
// handles (X509.x509, EVP.PKey.pkey, SMIME.PKCS7.pkcs7, X509_Store.store).
// M2Crypto's handles are SWIG pointers and real code keys dictionaries on
// int(handle) (SSL.Context's ctxmap()[int(self.ctx)]), so int() here is the
// address of the OpenSSL object: equal for two handles on the same object,
// stable while it lives. It is an identity, never dereferenced.
#include <cstdint>

#include "cryptoshim/certificate.h"
#include "cryptoshim/key.h"
#include "cryptoshim/pkcs7.h"
#include "cryptoshim/store.h"
#include "cryptoshim/x509_name.h"
#include "register.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

template <typename T>
void AddAddressInt(::py::module_& m, const char* name) {
  auto cls = ::py::reinterpret_borrow<::py::class_<T, std::shared_ptr<T>>>(m.attr(name));
  cls.def("__int__", [](const T& self) { return reinterpret_cast<std::uintptr_t>(self.get0()); });
}

// _core.Certificate is no pybind11 class (certificate_object.h).
template <>
void AddAddressInt<Certificate>(::py::module_& m, const char* name) {
  CertificateClass(m.attr(name)).def("__int__", [](const Certificate& self) {
    return reinterpret_cast<std::uintptr_t>(self.get0());
  });
}

}  // namespace

// Runs after the classes are registered (module.cc order).
void RegisterM2Handles(::py::module_& m) {
  AddAddressInt<Certificate>(m, "Certificate");
  AddAddressInt<Key>(m, "Key");
  AddAddressInt<Pkcs7>(m, "Pkcs7");
  AddAddressInt<Store>(m, "Store");
  AddAddressInt<X509Name>(m, "X509Name");
}

}  // namespace cryptoshim::py
