// _core.m2crypto.HmacStream(digest, key): the core's incremental HMAC as a
// plain CPython object, and hmac_update / hmac_final, its update and
// finalize as plain C functions for EVP.HMAC's HandleCall fast path.
//
// A plain CPython object (value_object.h), not a pybind11 class: EVP.HMAC
// makes one stream per object (and per reset), and pybind11's constructor
// and deallocation made EVP.HMAC over a 64-byte message 0.83x the real
// library (callgrind: ~2,800 instructions of ~32,000, bench/HISTORY.md).
//
// Thread contract: as the other core objects. Python calls reach it with
// the GIL held; update, finalize and copy take the object's lock
// (ObjectGuard on the HmacStream's address, as the pybind11 methods did),
// and update releases the GIL for long inputs (LockedCall).
#include <Python.h>
#include <pybind11/pybind11.h>

#include <string_view>
#include <utility>

#include "call_object.h"
#include "cryptoshim/mac.h"
#include "gil.h"
#include "keyword_args.h"
#include "plain_functions.h"
#include "register.h"
#include "status_conversion.h"
#include "stream_call.h"
#include "value_object.h"

namespace cryptoshim::py {
namespace {

constexpr char kTypeName[] = "cryptoshim._core.m2crypto.HmacStream";

PyTypeObject& Type();

PyObject* Make(PyObject* digest, PyObject* key_arg) {
  std::string_view name, key;
  if (!StrArg(digest, "digest", &name) || !BytesArg(key_arg, "key", &key)) return nullptr;
  StatusOr<HmacStream> stream = HmacStream::New(name, key);
  if (!stream.ok()) return RaiseStatus(stream.status());
  return NewValueObject(&Type(), *std::move(stream));
}

constexpr const char* kArgNames[] = {"digest", "key"};
constexpr ArgSignature kArgSignature = {"HmacStream(digest: str, key: bytes)", kArgNames, 2,
                                        /*required=*/2};

// Positional arguments (EVP.HMAC's call) go straight to Make; keywords
// through the parser tp_new shares.
PyObject* Vectorcall(PyObject*, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
  const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
  if (nargs == 2 && !HasKeywords(kwnames)) return Make(args[0], args[1]);
  PyObject* given[2];
  if (!CollectArgs(kArgSignature, args, nargs, kwnames, given)) return nullptr;
  return Make(given[0], given[1]);
}

PyObject* TpNew(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  return NewThroughVectorcall(kArgSignature, Vectorcall, reinterpret_cast<PyObject*>(type), args,
                              kwargs);
}

PyObject* Update(HmacStream* stream, PyObject* data_arg) {
  std::string_view data;
  if (!BytesArg(data_arg, "data", &data)) return nullptr;
  return StreamUpdate(stream, data) ? Ref(Py_None) : nullptr;
}

PyObject* MethodUpdate(PyObject* self, PyObject* data) {
  return Update(ValueOfSelf<HmacStream>(self), data);
}

PyObject* MethodFinalize(PyObject* self, PyObject*) {
  return StreamFinal(ValueOfSelf<HmacStream>(self));
}

PyObject* MethodCopy(PyObject* op, PyObject*) {
  HmacStream* stream = ValueOfSelf<HmacStream>(op);
  StatusOr<HmacStream> copy = [&] {
    ObjectGuard guard(stream);
    return stream->Copy();
  }();
  if (!copy.ok()) return RaiseStatus(copy.status());
  return NewValueObject(&Type(), *std::move(copy));
}

PyMethodDef kMethods[] = {{"update", MethodUpdate, METH_O, "update(self, data: bytes) -> None"},
                          {"finalize", MethodFinalize, METH_NOARGS, "finalize(self) -> bytes"},
                          {"copy", MethodCopy, METH_NOARGS,
                           "copy(self) -> cryptoshim._core.m2crypto.HmacStream\n\n"
                           "An independent stream with the data so far."},
                          {nullptr, nullptr, 0, nullptr}};

PyTypeObject& Type() {
  static PyTypeObject type =
      MakeValueType<HmacStream>(kTypeName,
                                "HmacStream(digest: str, key: bytes)\n\n"
                                "Incremental HMAC with the named digest (the core's HmacStream).",
                                Vectorcall, TpNew, kMethods);
  return type;
}

// hmac_update(stream, data) / hmac_final(stream): the methods as plain C
// functions, which HandleCall calls with the stream first.
PyObject* HmacUpdate(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (!Arity("hmac_update", nargs, 2)) return nullptr;
  HmacStream* stream = ValueOf<HmacStream>(args[0], &Type());
  return stream == nullptr ? nullptr : Update(stream, args[1]);
}

PyObject* HmacFinal(PyObject*, PyObject* arg) {
  HmacStream* stream = ValueOf<HmacStream>(arg, &Type());
  return stream == nullptr ? nullptr : StreamFinal(stream);
}

PyMethodDef kFunctions[] = {
    {"hmac_update", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(HmacUpdate)),
     METH_FASTCALL,
     "hmac_update(hmac: cryptoshim._core.m2crypto.HmacStream, data: bytes) -> None\n\n"
     "HmacStream.update as a plain C function (HandleCall)."},
    {"hmac_final", HmacFinal, METH_O,
     "hmac_final(hmac: cryptoshim._core.m2crypto.HmacStream) -> bytes\n\n"
     "HmacStream.finalize as a plain C function (HandleCall)."}};

}  // namespace

void RegisterM2HmacStream(pybind11::module_& m2crypto) {
  PyTypeObject& type = Type();
  if (PyType_Ready(&type) < 0) throw pybind11::error_already_set();
  m2crypto.attr("HmacStream") = pybind11::handle(reinterpret_cast<PyObject*>(&type));
  AddFunctions(m2crypto, kFunctions);
}

}  // namespace cryptoshim::py
