// _core.Store and _core.verify_certificate.
//
// Certificates (certificate_object.h) are only taken by const reference
// and returned by value here.
#include <pybind11/stl.h>

#include "cryptoshim/store.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {

void RegisterStore(::py::module_& m) {
  ::py::class_<Store, std::shared_ptr<Store>>(m, "Store")
      .def(::py::init([] { return ValueOrThrow(Store::New()); }))
      .def("add_cert", [](Store& s, const Certificate& c) { ThrowIfError(s.AddCertificate(c)); })
      .def("add_crl", [](Store& s, const Crl& c) { ThrowIfError(s.AddCrl(c)); })
      .def("set_flags", [](Store& s, unsigned long flags) { ThrowIfError(s.SetFlags(flags)); })
      .def("set_time",
           [](Store& s, std::int64_t when) {
             ThrowIfError(s.SetTime(static_cast<std::time_t>(when)));
           })
      .def(
          "load_locations",
          [](Store& s, std::optional<std::string> file, std::optional<std::string> dir) {
            ThrowIfError(s.LoadLocations(file, dir));
          },
          ::py::arg("cafile"), ::py::arg("capath"))
      .def_property_readonly("flags", &Store::flags)
      // Seconds since the epoch given to set_time, or None (verify "now").
      .def_property_readonly("time", [](const Store& s) -> std::optional<std::int64_t> {
        if (!s.time()) return std::nullopt;
        return static_cast<std::int64_t>(*s.time());
      });

  // Returns (None, chain) on success, or ((error, depth, message),
  // failing certificate or None) when the chain does not verify.
  m.def(
      "verify_certificate",
      [](const Store& store, const Certificate& leaf, ::py::object untrusted) -> ::py::tuple {
        std::vector<const Certificate*> chain;
        if (!untrusted.is_none()) {
          for (::py::handle item : untrusted) chain.push_back(&CastCertificate(item));
        }
        StatusOr<VerifyResult> result = Status(ErrorCode::kInternal, "unset");
        {
          ::py::gil_scoped_release release;
          result = VerifyCertificate(store, leaf, chain);
        }
        VerifyResult r = ValueOrThrow(std::move(result));
        if (r.failure) {
          ::py::object cert = ::py::none();
          if (r.failure->certificate) cert = ::py::cast(std::move(*r.failure->certificate));
          return ::py::tuple(::py::make_tuple(
              ::py::make_tuple(r.failure->error, r.failure->depth, r.failure->message), cert));
        }
        ::py::list verified;
        for (Certificate& c : r.chain) verified.append(::py::cast(std::move(c)));
        return ::py::tuple(::py::make_tuple(::py::none(), verified));
      },
      ::py::arg("store"), ::py::arg("leaf"), ::py::arg("untrusted") = ::py::none());
}

}  // namespace cryptoshim::py
