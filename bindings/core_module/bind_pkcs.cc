// _core.Pkcs7, _core.pkcs12_parse and _core.pkcs12_create.
//
// _core.Certificate (certificate_object.h) and _core.Key (bind_keys.cc, a
// std::shared_ptr<Key> holder): this file only takes them by const reference
// and returns new ones by value, which works with either.
#include <pybind11/stl.h>

#include "cryptoshim/pkcs12.h"
#include "cryptoshim/pkcs7.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

std::optional<std::string> OptionalString(const ::py::object& value) {
  if (value.is_none()) return std::nullopt;
  return std::string(value.cast<::py::bytes>());
}

}  // namespace

void RegisterPkcs(::py::module_& m) {
  ::py::class_<Pkcs7, std::shared_ptr<Pkcs7>>(m, "Pkcs7")
      .def_static(
          "parse",
          [](::py::bytes data, bool der) {
            return ValueOrThrow(
                Pkcs7::Parse(std::string_view(data), der ? Encoding::kDer : Encoding::kPem));
          },
          ::py::arg("data"), ::py::arg("der"))
      .def_property_readonly("type_name", &Pkcs7::type_name)
      .def_property_readonly("type_nid", &Pkcs7::type_nid)
      .def("is_signed", &Pkcs7::is_signed)
      .def("is_enveloped", &Pkcs7::is_enveloped)
      .def("is_signed_and_enveloped", &Pkcs7::is_signed_and_enveloped)
      .def("is_data", &Pkcs7::is_data)
      .def("to_pem", [](const Pkcs7& p) { return ::py::bytes(ValueOrThrow(p.ToPem())); })
      .def("to_der", [](const Pkcs7& p) { return ::py::bytes(ValueOrThrow(p.ToDer())); })
      .def("certificates", [](const Pkcs7& p) { return ValueOrThrow(p.Certificates()); })
      .def_static("new_empty", [] { return ValueOrThrow(Pkcs7::New()); })
      .def("add_certificate",
           [](const Pkcs7& p, const Certificate& c) { ThrowIfError(p.AddCertificate(c)); });

  // Returns (key or None, certificate or None, friendly name or None, [ca]).
  m.def(
      "pkcs12_parse",
      [](::py::bytes data, ::py::object password) {
        std::string der = data;
        std::optional<std::string> pass = OptionalString(password);
        StatusOr<Pkcs12Contents> parsed = Status(ErrorCode::kInternal, "unset");
        {
          ::py::gil_scoped_release release;
          parsed = ParsePkcs12(der, pass);
        }
        Pkcs12Contents contents = ValueOrThrow(std::move(parsed));
        ::py::object key = ::py::none(), cert = ::py::none(), name = ::py::none();
        if (contents.key) key = ::py::cast(std::move(*contents.key));
        if (contents.certificate) cert = ::py::cast(std::move(*contents.certificate));
        if (contents.friendly_name) name = ::py::bytes(*contents.friendly_name);
        ::py::list cas;
        for (Certificate& c : contents.ca_certificates) cas.append(::py::cast(std::move(c)));
        return ::py::make_tuple(key, cert, name, cas);
      },
      ::py::arg("data"), ::py::arg("password") = ::py::none());

  m.def(
      "pkcs12_create",
      [](::py::object key, ::py::object cert, ::py::object cas, ::py::object password,
         ::py::object friendly_name, int iterations, int mac_iterations) {
        const Key* k = key.is_none() ? nullptr : &key.cast<const Key&>();
        const Certificate* c = cert.is_none() ? nullptr : &CastCertificate(cert);
        std::vector<const Certificate*> ca_list;
        if (!cas.is_none()) {
          for (::py::handle item : cas) ca_list.push_back(&CastCertificate(item));
        }
        Pkcs12Options options;
        options.password = OptionalString(password);
        options.friendly_name = OptionalString(friendly_name);
        options.iterations = iterations;
        options.mac_iterations = mac_iterations;
        StatusOr<Bytes> out = Status(ErrorCode::kInternal, "unset");
        {
          ::py::gil_scoped_release release;
          out = CreatePkcs12(k, c, cas.is_none() ? nullptr : &ca_list, options);
        }
        return ::py::bytes(ValueOrThrow(std::move(out)));
      },
      ::py::arg("key"), ::py::arg("cert"), ::py::arg("cas"), ::py::arg("password"),
      ::py::arg("friendly_name"), ::py::arg("iterations"), ::py::arg("mac_iterations"));
}

}  // namespace cryptoshim::py
