// _core.Certificate, _core.X509Name and _core.X509Extension.
//
// _core.Certificate is made here (certificate_object.h, not a pybind11
// class); _core.Key comes from bind_keys.cc.
// Text-ish values (names, times, DER) cross as bytes; the drop-in decodes.
#include <pybind11/stl.h>

#include "cryptoshim/certificate.h"
#include "cryptoshim/x509_extension.h"
#include "cryptoshim/x509_name.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

::py::object OptionalBytes(const std::optional<std::string>& value) {
  if (!value) return ::py::none();
  return ::py::bytes(*value);
}

Encoding ToEncoding(bool pem) { return pem ? Encoding::kPem : Encoding::kDer; }

void RegisterName(::py::module_& m) {
  ::py::class_<X509Name, std::shared_ptr<X509Name>>(m, "X509Name")
      .def(::py::init([] { return ValueOrThrow(X509Name::New()); }))
      .def_static(
          "from_der",
          [](::py::bytes der) { return ValueOrThrow(X509Name::FromDer(std::string_view(der))); })
      .def("copy", [](const X509Name& n) { return ValueOrThrow(n.Copy()); })
      .def_static(
          "nid_from_text",
          [](const std::string& text) -> ::py::object {
            auto nid = X509Name::NidFromText(text);
            if (!nid.ok()) return ::py::none();
            return ::py::int_(*nid);
          },
          "The NID for a short/long name or OID, or None if unknown.")
      .def("entry_count", &X509Name::EntryCount)
      .def("set_entry",
           [](X509Name& n, int nid, ::py::bytes value) {
             ThrowIfError(n.SetEntry(nid, std::string_view(value)));
           })
      .def("add_entry",
           [](X509Name& n, int nid, ::py::bytes value) {
             ThrowIfError(n.AddEntry(nid, std::string_view(value)));
           })
      .def("get_entry",
           [](const X509Name& n, int nid) { return OptionalBytes(ValueOrThrow(n.GetEntry(nid))); })
      .def("components",
           [](const X509Name& n) {
             ::py::list out;
             for (const auto& [sn, value] : n.Components()) {
               out.append(::py::make_tuple(::py::bytes(sn), ::py::bytes(value)));
             }
             return out;
           })
      .def("der", [](const X509Name& n) { return ::py::bytes(ValueOrThrow(n.Der())); })
      .def("hash", &X509Name::Hash)
      .def("oneline", [](const X509Name& n) { return ::py::bytes(n.OneLine()); })
      .def("compare", &X509Name::Compare);
}

void RegisterExtension(::py::module_& m) {
  ::py::class_<X509Extension, std::shared_ptr<X509Extension>>(m, "X509Extension")
      .def(::py::init([](::py::bytes type_name, bool critical, ::py::bytes value,
                         const OptionalCertificate& subject, const OptionalCertificate& issuer) {
             return ValueOrThrow(X509Extension::Create(std::string_view(type_name), critical,
                                                       std::string_view(value), Pointer(subject),
                                                       Pointer(issuer)));
           }),
           ::py::arg("type_name"), ::py::arg("critical"), ::py::arg("value"),
           ::py::arg("subject") = ::py::none(), ::py::arg("issuer") = ::py::none())
      .def("copy", [](const X509Extension& e) { return ValueOrThrow(e.Copy()); })
      .def_property_readonly("nid", &X509Extension::nid)
      .def_property_readonly("critical", &X509Extension::critical)
      .def("short_name", [](const X509Extension& e) { return ::py::bytes(e.short_name()); })
      .def("data", [](const X509Extension& e) { return ::py::bytes(e.data()); })
      .def("text", [](const X509Extension& e) { return ::py::bytes(ValueOrThrow(e.ToText())); });
}

void RegisterCertificate(::py::module_& m) {
  // Not a pybind11 class (certificate_object.h says why).
  MakeCertificateType(m);
  CertificateClass(m.attr("Certificate"))
      .def_static(
          "parse",
          [](::py::bytes data, bool pem) {
            return ValueOrThrow(Certificate::Parse(std::string_view(data), ToEncoding(pem)));
          },
          ::py::arg("data"), ::py::arg("pem"))
      .def("share", &Certificate::Share)
      .def("to_pem", [](const Certificate& c) { return ::py::bytes(ValueOrThrow(c.ToPem())); })
      .def("to_der", [](const Certificate& c) { return ::py::bytes(ValueOrThrow(c.ToDer())); })
      .def("to_text", [](const Certificate& c) { return ::py::bytes(ValueOrThrow(c.ToText())); })
      .def("version", &Certificate::version)
      .def("set_version", [](Certificate& c, long v) { ThrowIfError(c.SetVersion(v)); })
      .def("serial_hex", [](const Certificate& c) { return ValueOrThrow(c.SerialHex()); })
      .def("set_serial_hex",
           [](Certificate& c, const std::string& hex) { ThrowIfError(c.SetSerialHex(hex)); })
      .def("not_before", [](const Certificate& c) { return OptionalBytes(c.NotBefore()); })
      .def("not_after", [](const Certificate& c) { return OptionalBytes(c.NotAfter()); })
      .def("set_not_before",
           [](Certificate& c, ::py::bytes when) {
             ThrowIfError(c.SetNotBefore(std::string_view(when)));
           })
      .def("set_not_after",
           [](Certificate& c, ::py::bytes when) {
             ThrowIfError(c.SetNotAfter(std::string_view(when)));
           })
      .def("adjust_not_before", [](Certificate& c, long s) { ThrowIfError(c.AdjustNotBefore(s)); })
      .def("adjust_not_after", [](Certificate& c, long s) { ThrowIfError(c.AdjustNotAfter(s)); })
      .def("has_expired", [](const Certificate& c) { return ValueOrThrow(c.HasExpired()); })
      .def("subject", &Certificate::Subject)
      .def("issuer", &Certificate::Issuer)
      .def("set_subject", [](Certificate& c, const X509Name& n) { ThrowIfError(c.SetSubject(n)); })
      .def("set_issuer", [](Certificate& c, const X509Name& n) { ThrowIfError(c.SetIssuer(n)); })
      .def("public_key", [](const Certificate& c) { return ValueOrThrow(c.PublicKey()); })
      .def("set_public_key", [](Certificate& c, const Key& k) { ThrowIfError(c.SetPublicKey(k)); })
      .def("sign",
           [](Certificate& c, const Key& k, const std::string& digest) {
             Status s;
             {
               ::py::gil_scoped_release release;
               s = c.Sign(k, digest);
             }
             ThrowIfError(s);
           })
      .def("signature_algorithm",
           [](const Certificate& c) { return ::py::bytes(ValueOrThrow(c.SignatureAlgorithm())); })
      .def("fingerprint",
           [](const Certificate& c, const std::string& digest) {
             return ::py::bytes(ValueOrThrow(c.Fingerprint(digest)));
           })
      .def("subject_name_hash", &Certificate::SubjectNameHash)
      .def("extension_count", &Certificate::ExtensionCount)
      .def("extension", [](const Certificate& c, int i) { return ValueOrThrow(c.Extension(i)); })
      .def("add_extension",
           [](Certificate& c, const X509Extension& e) { ThrowIfError(c.AddExtension(e)); });
}

}  // namespace

void RegisterX509(::py::module_& m) {
  RegisterName(m);
  RegisterExtension(m);
  RegisterCertificate(m);
}

}  // namespace cryptoshim::py
