// _core.legacy_verify: one verification for the legacy drop-ins (pyOpenSSL's
// X509StoreContext, M2Crypto's X509_Store_Context and m2.x509_verify_cert),
// in one C call: OpenSSL's X509_verify_cert (VerifyCertificate, store.cc),
// then, on success, the compat policy's look for weak cryptography in the
// chain it built (chain_policy.h).
//
// Why one call: the drop-ins used to make a call to verify, a Python list of
// the chain (a Python object per certificate), then a second call with that
// list for the policy, per verify. The real libraries run X509_verify_cert
// and little else, so that work was the whole gap to them. The chain now
// stays in C++ (_core.VerifiedChain) until someone asks for it
// (get1_chain, get_verified_chain, the strict WebPKI check).
//
// Certificates cross through certificate_object.h's caster (bind_x509.cc
// makes the type): returned by value, each moves into a new _core.Certificate.
#include <pybind11/stl.h>

#include <utility>
#include <vector>

#include "chain_policy.h"
#include "cryptoshim/store.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

// The chain X509_STORE_CTX_get1_chain gave, leaf first; on failure as far as
// OpenSSL built it.
struct VerifiedChain {
  explicit VerifiedChain(std::vector<Certificate> c) : certs(std::move(c)) {}
  // Move-only, said outright: std::vector claims to be copyable whatever it
  // holds, and pybind11 would then compile a copy of Certificates.
  VerifiedChain(const VerifiedChain&) = delete;
  VerifiedChain& operator=(const VerifiedChain&) = delete;
  VerifiedChain(VerifiedChain&&) = default;
  VerifiedChain& operator=(VerifiedChain&&) = default;

  std::vector<Certificate> certs;
};

std::vector<const Certificate*> Pointers(const VerifiedChain& chain) {
  std::vector<const Certificate*> out;
  out.reserve(chain.certs.size());
  for (const Certificate& c : chain.certs) out.push_back(&c);
  return out;
}

}  // namespace

void RegisterLegacyVerify(::py::module_& m) {
  ::py::class_<VerifiedChain>(m, "VerifiedChain")
      .def("__len__", [](const VerifiedChain& v) { return v.certs.size(); })
      // New _core.Certificate handles on the same X509s (up-referenced, as
      // X509_STORE_CTX_get1_chain's stack holds them), a fresh list per call.
      .def("certificates", [](const VerifiedChain& v) {
        ::py::list out(v.certs.size());
        for (size_t i = 0; i < v.certs.size(); ++i) {
          out[i] = ::py::cast(v.certs[i].Share());
        }
        return out;
      });

  // (error, depth, message, current, chain, weak). Success: error 0
  // (X509_V_OK), message and current None. Failure: X509_STORE_CTX's error
  // and depth, X509_verify_cert_error_string (the failure marker: a failure
  // may carry X509_V_OK) and the certificate being checked (a copy, or
  // None). chain is a VerifiedChain. weak is _core.weak_cryptography_in_chain
  // of the chain on success (bytes or None; True when that look raised),
  // None on failure. untrusted and crls are sequences (or None) of
  // _core.Certificate and _core.Crl.
  m.def(
      "legacy_verify",
      [](const Store& store, const Certificate& leaf, ::py::handle untrusted,
         ::py::handle crls) -> ::py::tuple {
        std::vector<const Certificate*> chain;
        if (!untrusted.is_none()) {
          for (::py::handle item : untrusted) chain.push_back(&CastCertificate(item));
        }
        std::vector<const Crl*> crl_list;
        if (!crls.is_none()) {
          for (::py::handle item : crls) crl_list.push_back(&item.cast<const Crl&>());
        }
        StatusOr<VerifyResult> result = Status(ErrorCode::kInternal, "unset");
        {
          ::py::gil_scoped_release release;
          result = VerifyCertificate(store, leaf, chain, crl_list);
        }
        VerifyResult r = ValueOrThrow(std::move(result));
        VerifiedChain verified{std::move(r.chain)};
        if (!r.failure) {
          ::py::object weak;
          try {
            weak = WeakCryptographyInChain(Pointers(verified));
          } catch (const std::exception&) {
            // A key the look cannot read: True sends the caller down the
            // policy's own Python path, which reports it as it always did.
            PyErr_Clear();
            weak = ::py::bool_(true);
          }
          return ::py::make_tuple(0, 0, ::py::none(), ::py::none(), std::move(verified), weak);
        }
        ::py::object cert = ::py::none();
        if (r.failure->certificate) cert = ::py::cast(std::move(*r.failure->certificate));
        return ::py::make_tuple(r.failure->error, r.failure->depth, r.failure->message, cert,
                                std::move(verified), ::py::none());
      },
      ::py::arg("store"), ::py::arg("leaf"), ::py::arg("untrusted"), ::py::arg("crls"));
}

}  // namespace cryptoshim::py
