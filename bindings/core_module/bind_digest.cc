// _core.Digest, _core.digest, _core.hmac and _core.hmac_verify. Large inputs
// are hashed without the GIL; Digest methods take the object's lock (gil.h).
#include <pybind11/stl.h>

#include "cryptoshim/digest.h"
#include "cryptoshim/mac.h"
#include "gil.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

// Runs fn() without the GIL when `size` makes it worth it.
template <typename F>
auto MaybeWithoutGil(size_t size, F&& fn) {
  if (size < kReleaseGilMinSize) return fn();
  return WithoutGil(std::forward<F>(fn));
}

}  // namespace

void RegisterDigest(::py::module_& m) {
  ::py::class_<Digest>(m, "Digest")
      .def(::py::init([](const std::string& name, bool allow_legacy) {
             return ValueOrThrow(Digest::New(
                 name, allow_legacy ? LegacyAlgorithms::kAllow : LegacyAlgorithms::kRefuse));
           }),
           ::py::arg("name"), ::py::arg("allow_legacy") = false)
      .def("update",
           [](Digest& d, ::py::bytes data) {
             std::string_view view = data;
             ThrowIfError(LockedCall(&d, view.size(), [&] { return d.Update(view); }));
           })
      .def("finalize",
           [](Digest& d) {
             ObjectGuard guard(&d);
             return ::py::bytes(ValueOrThrow(d.Finalize()));
           })
      .def("copy",
           [](const Digest& d) {
             ObjectGuard guard(&d);
             return ValueOrThrow(d.Copy());
           })
      .def_property_readonly("size", &Digest::size)
      .def_property_readonly("block_size", &Digest::block_size)
      .def_property_readonly("name", &Digest::name)
      .def_property_readonly("legacy", &Digest::legacy);
  m.def("digest", [](const std::string& name, ::py::bytes data) {
    std::string_view view = data;
    return ::py::bytes(
        ValueOrThrow(MaybeWithoutGil(view.size(), [&] { return ComputeDigest(name, view); })));
  });
  m.def("hmac", [](const std::string& hash, ::py::bytes key, ::py::bytes data) {
    std::string_view k = key, d = data;
    auto mac = ValueOrThrow(Hmac::New(hash, k, /*min_key_size=*/0));
    return ::py::bytes(ValueOrThrow(MaybeWithoutGil(d.size(), [&] { return mac->ComputeMac(d); })));
  });
  m.def("hmac_verify",
        [](const std::string& hash, ::py::bytes key, ::py::bytes tag, ::py::bytes data) {
          std::string_view k = key, t = tag, d = data;
          auto mac = ValueOrThrow(Hmac::New(hash, k, /*min_key_size=*/0));
          ThrowIfError(MaybeWithoutGil(d.size(), [&] { return mac->VerifyMac(t, d); }));
        });
}

}  // namespace cryptoshim::py
