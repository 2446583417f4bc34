#include <pybind11/stl.h>

#include "cryptoshim/digest.h"
#include "cryptoshim/mac.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {

void RegisterDigest(::py::module_& m) {
  ::py::class_<Digest>(m, "Digest")
      .def(::py::init([](const std::string& name) { return ValueOrThrow(Digest::New(name)); }))
      .def("update",
           [](Digest& d, ::py::bytes data) {
             std::string_view view = data;
             ThrowIfError(d.Update(view));
           })
      .def("finalize", [](Digest& d) { return ::py::bytes(ValueOrThrow(d.Finalize())); })
      .def("copy", [](const Digest& d) { return ValueOrThrow(d.Copy()); })
      .def_property_readonly("size", &Digest::size)
      .def_property_readonly("block_size", &Digest::block_size)
      .def_property_readonly("name", &Digest::name);
  m.def("digest", [](const std::string& name, ::py::bytes data) {
    std::string_view view = data;
    return ::py::bytes(ValueOrThrow(ComputeDigest(name, view)));
  });
  m.def("hmac", [](const std::string& hash, ::py::bytes key, ::py::bytes data) {
    std::string_view k = key, d = data;
    auto mac = ValueOrThrow(Hmac::New(hash, k, /*min_key_size=*/0));
    return ::py::bytes(ValueOrThrow(mac->ComputeMac(d)));
  });
  m.def("hmac_verify", [](const std::string& hash, ::py::bytes key, ::py::bytes tag,
                          ::py::bytes data) {
    std::string_view k = key, t = tag, d = data;
    auto mac = ValueOrThrow(Hmac::New(hash, k, /*min_key_size=*/0));
    ThrowIfError(mac->VerifyMac(t, d));
  });
}

}  // namespace cryptoshim::py
