// _core.Digest, _core.digest, _core.hmac and _core.hmac_verify. Large inputs
// are hashed without the GIL; Digest methods take the object's lock (gil.h).
#include <pybind11/stl.h>

#include "cryptoshim/digest.h"
#include "cryptoshim/mac.h"
#include "gil.h"
#include "plain_functions.h"
#include "register.h"
#include "status_conversion.h"
#include "stream_call.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

// Runs fn() without the GIL when `size` makes it worth it.
template <typename F>
auto MaybeWithoutGil(size_t size, F&& fn) {
  if (size < kReleaseGilMinSize) return fn();
  return WithoutGil(std::forward<F>(fn));
}

// hmac(hash, key, data) as a plain C function: M2Crypto's EVP.hmac and the
// flat m2.hmac call it once per message, where pybind11's dispatcher and a
// second HMAC context (Hmac::New validates with one, ComputeMac keys
// another) cost more than the HMAC itself. One HmacStream, bytes only as
// the binding took.
PyObject* HmacOneShot(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (!Arity("hmac", nargs, 3)) return nullptr;
  std::string_view hash, key, data;
  if (!StrArg(args[0], "hash", &hash) || !BytesArg(args[1], "key", &key) ||
      !BytesArg(args[2], "data", &data)) {
    return nullptr;
  }
  StatusOr<HmacStream> stream = HmacStream::New(hash, key);
  if (!stream.ok()) return RaiseStatus(stream.status());
  // The caller's references keep the bytes alive and unchanged without the GIL.
  if (Status s = MaybeWithoutGil(data.size(), [&] { return stream->Update(data); }); !s.ok()) {
    return RaiseStatus(s);
  }
  return BytesOrRaise(stream->Finalize());
}

PyMethodDef kFunctions[] = {
    {"hmac", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(HmacOneShot)),
     METH_FASTCALL,
     "hmac(hash: str, key: bytes, data: bytes) -> bytes\n\nHMAC-`hash` of data under key."}};

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
  AddFunctions(m, kFunctions);
  m.def("hmac_verify",
        [](const std::string& hash, ::py::bytes key, ::py::bytes tag, ::py::bytes data) {
          std::string_view k = key, t = tag, d = data;
          auto mac = ValueOrThrow(Hmac::New(hash, k, /*min_key_size=*/0));
          ThrowIfError(MaybeWithoutGil(d.size(), [&] { return mac->VerifyMac(t, d); }));
        });
}

}  // namespace cryptoshim::py
