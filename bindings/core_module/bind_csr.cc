// _core.CertificateRequest and _core.NetscapeSpki. _core.X509Name,
// _core.X509Extension (bind_x509.cc) and _core.Key (bind_keys.cc) are
// registered elsewhere; module.cc registers those first.
#include <pybind11/stl.h>

#include "cryptoshim/csr.h"
#include "cryptoshim/spki.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

template <typename Fn>
Status WithoutGil(Fn&& fn) {
  ::py::gil_scoped_release release;
  return fn();
}

void RegisterRequest(::py::module_& m) {
  ::py::class_<CertificateRequest, std::shared_ptr<CertificateRequest>>(m, "CertificateRequest")
      .def(::py::init([] { return ValueOrThrow(CertificateRequest::New()); }))
      .def_static(
          "parse",
          [](::py::bytes data, bool pem) {
            return ValueOrThrow(CertificateRequest::Parse(std::string_view(data),
                                                          pem ? Encoding::kPem : Encoding::kDer));
          },
          ::py::arg("data"), ::py::arg("pem"))
      .def("to_pem",
           [](const CertificateRequest& r) { return ::py::bytes(ValueOrThrow(r.ToPem())); })
      .def("to_der",
           [](const CertificateRequest& r) { return ::py::bytes(ValueOrThrow(r.ToDer())); })
      .def("to_text",
           [](const CertificateRequest& r) { return ::py::bytes(ValueOrThrow(r.ToText())); })
      .def("version", &CertificateRequest::version)
      .def("set_version", [](CertificateRequest& r, long v) { ThrowIfError(r.SetVersion(v)); })
      .def("subject", &CertificateRequest::Subject)
      .def("public_key", [](const CertificateRequest& r) { return ValueOrThrow(r.PublicKey()); })
      .def("set_public_key",
           [](CertificateRequest& r, const Key& k) { ThrowIfError(r.SetPublicKey(k)); })
      .def("add_extensions",
           [](CertificateRequest& r, const std::vector<const X509Extension*>& exts) {
             ThrowIfError(r.AddExtensions(exts));
           })
      .def("extensions", [](const CertificateRequest& r) { return ValueOrThrow(r.Extensions()); })
      .def("sign",
           [](CertificateRequest& r, const Key& k, const std::string& digest) {
             ThrowIfError(WithoutGil([&] { return r.Sign(k, digest); }));
           })
      .def("verify", [](const CertificateRequest& r, const Key& k) {
        ThrowIfError(WithoutGil([&] { return r.Verify(k); }));
      });
}

void RegisterSpki(::py::module_& m) {
  ::py::class_<NetscapeSpki, std::shared_ptr<NetscapeSpki>>(m, "NetscapeSpki")
      .def(::py::init([] { return ValueOrThrow(NetscapeSpki::New()); }))
      .def_static("from_b64",
                  [](::py::bytes b64) {
                    return ValueOrThrow(NetscapeSpki::FromBase64(std::string_view(b64)));
                  })
      .def("b64_encode",
           [](const NetscapeSpki& s) { return ::py::bytes(ValueOrThrow(s.ToBase64())); })
      .def("public_key", [](const NetscapeSpki& s) { return ValueOrThrow(s.PublicKey()); })
      .def("set_public_key", [](NetscapeSpki& s, const Key& k) { ThrowIfError(s.SetPublicKey(k)); })
      .def("sign",
           [](NetscapeSpki& s, const Key& k, const std::string& digest) {
             ThrowIfError(WithoutGil([&] { return s.Sign(k, digest); }));
           })
      .def("verify", [](const NetscapeSpki& s, const Key& k) {
        ThrowIfError(WithoutGil([&] { return s.Verify(k); }));
      });
}

}  // namespace

void RegisterCsr(::py::module_& m) {
  RegisterRequest(m);
  RegisterSpki(m);
}

}  // namespace cryptoshim::py
