// _core.Crl and _core.Revoked.
//
// Holder agreement: _core.Certificate, _core.X509Name and _core.Key are
// registered by bind_x509.cc / bind_keys.cc with std::shared_ptr holders. This
// file only takes them by const reference and returns new ones by value,
// which works with either holder.
#include <pybind11/stl.h>

#include "cryptoshim/certificate.h"
#include "cryptoshim/crl.h"
#include "cryptoshim/error_queue.h"
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

}  // namespace

void RegisterCrl(::py::module_& m) {
  ::py::enum_<CrlFormat>(m, "CrlFormat")
      .value("PEM", CrlFormat::kPem)
      .value("DER", CrlFormat::kDer)
      .value("TEXT", CrlFormat::kText);

  ::py::class_<Revoked, std::shared_ptr<Revoked>>(m, "Revoked")
      .def(::py::init([] { return ValueOrThrow(Revoked::New()); }))
      .def("clone", [](const Revoked& r) { return ValueOrThrow(r.Clone()); })
      .def("set_serial_hex",
           [](Revoked& r, ::py::bytes hex) { ThrowIfError(r.SetSerialHex(std::string_view(hex))); })
      .def("serial_hex", [](const Revoked& r) { return ::py::bytes(ValueOrThrow(r.SerialHex())); })
      .def("set_revocation_date",
           [](Revoked& r, ::py::bytes when) {
             ThrowIfError(r.SetRevocationDate(std::string_view(when)));
           })
      .def("revocation_date",
           [](const Revoked& r) { return OptionalBytes(ValueOrThrow(r.RevocationDate())); })
      .def("set_reason",
           [](Revoked& r, std::optional<int> code) {
             std::optional<CrlReason> reason;
             if (code) reason = static_cast<CrlReason>(*code);
             ThrowIfError(r.SetReason(reason));
           })
      .def("reason_text",
           [](const Revoked& r) { return OptionalBytes(ValueOrThrow(r.ReasonText())); });

  ::py::class_<Crl, std::shared_ptr<Crl>>(m, "Crl")
      .def(::py::init([] { return ValueOrThrow(Crl::New()); }))
      .def_static(
          "parse",
          [](::py::bytes data, bool der) {
            return ValueOrThrow(
                Crl::Parse(std::string_view(data), der ? Encoding::kDer : Encoding::kPem));
          },
          ::py::arg("data"), ::py::arg("der"))
      .def("serialize",
           [](const Crl& c, CrlFormat format) {
             return ::py::bytes(ValueOrThrow(c.Serialize(format)));
           })
      .def("revoked", [](const Crl& c) { return ValueOrThrow(c.RevokedEntries()); })
      .def("add_revoked", [](Crl& c, const Revoked& r) { ThrowIfError(c.AddRevoked(r)); })
      // An owned copy: pyOpenSSL's CRL.get_issuer() returns a detached name.
      .def("issuer", [](const Crl& c) { return X509Name(ValueOrThrow(c.Issuer())); })
      .def("issuer_der",
           [](const Crl& c) {
             SslUniquePtr<X509_NAME> name = ValueOrThrow(c.Issuer());
             unsigned char* der = nullptr;
             int len = i2d_X509_NAME(name.get(), &der);
             if (len < 0) ThrowStatus(ErrorFromQueue(ErrorCode::kInternal, "i2d_X509_NAME"));
             ::py::bytes out(reinterpret_cast<const char*>(der), len);
             OPENSSL_free(der);
             return out;
           })
      .def("set_version", [](Crl& c, long v) { ThrowIfError(c.SetVersion(v)); })
      .def("set_last_update",
           [](Crl& c, ::py::bytes when) { ThrowIfError(c.SetLastUpdate(std::string_view(when))); })
      .def("set_next_update",
           [](Crl& c, ::py::bytes when) { ThrowIfError(c.SetNextUpdate(std::string_view(when))); })
      .def("set_last_update_from_now",
           [](Crl& c, long seconds) { ThrowIfError(c.SetLastUpdateFromNow(seconds)); })
      .def("set_next_update_from_now",
           [](Crl& c, long seconds) { ThrowIfError(c.SetNextUpdateFromNow(seconds)); })
      .def(
          "sign",
          [](Crl& c, const Certificate& cert, const Key& key, const std::string& digest,
             bool sort_entries) {
            Status s;
            {
              ::py::gil_scoped_release release;
              s = c.Sign(cert, key, digest, sort_entries);
            }
            ThrowIfError(s);
          },
          ::py::arg("cert"), ::py::arg("key"), ::py::arg("digest"), ::py::arg("sort_entries"));
}

}  // namespace cryptoshim::py
