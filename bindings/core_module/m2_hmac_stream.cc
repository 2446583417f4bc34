// _core.m2crypto.HmacStream(digest, key): the core's incremental HMAC as a
// plain CPython object, and hmac_update / hmac_final, its update and
// finalize as plain C functions for EVP.HMAC's HandleCall fast path.
//
// Why not a pybind11 class: EVP.HMAC makes one stream per object (and per
// reset), so its construction is on every short-message HMAC. pybind11's
// constructor (dispatcher, argument casters, holder, type_info lookups) and
// its deallocation added about 2,800 instructions to the ~12,000 of
// HMAC_CTX_new + HMAC_Init that the real M2Crypto pays, which made
// EVP.HMAC over a 64-byte message 0.83x the real library (callgrind,
// bench/HISTORY.md). Here a call of the type is one allocation and
// HmacStream::New (the type's tp_vectorcall), and the stream holds no
// Python references, so the object is not tracked by the collector.
//
// Thread contract: as the other core objects. Python calls reach it with
// the GIL held; update, finalize and copy take the object's lock
// (ObjectGuard on the HmacStream's address, as the pybind11 methods did),
// and update releases the GIL for long inputs (LockedCall).
#include <Python.h>
#include <pybind11/pybind11.h>

#include <new>
#include <optional>
#include <string_view>
#include <utility>

#include "call_object.h"
#include "cryptoshim/mac.h"
#include "gil.h"
#include "register.h"
#include "status_conversion.h"
#include "stream_call.h"

namespace cryptoshim::py {
namespace {

constexpr char kTypeName[] = "cryptoshim._core.m2crypto.HmacStream";

struct HmacStreamObject {
  PyObject_HEAD std::optional<HmacStream> stream;  // engaged from construction on
};

PyTypeObject& Type();

PyObject* Make(PyObject* digest, PyObject* key_arg) {
  if (!PyUnicode_Check(digest)) {
    PyErr_Format(PyExc_TypeError, "digest must be str, not %.200s", Py_TYPE(digest)->tp_name);
    return nullptr;
  }
  Py_ssize_t size = 0;
  const char* name = PyUnicode_AsUTF8AndSize(digest, &size);
  if (name == nullptr) return nullptr;
  std::string_view key;
  if (!BytesArg(key_arg, "key", &key)) return nullptr;
  StatusOr<HmacStream> stream =
      HmacStream::New(std::string_view(name, static_cast<size_t>(size)), key);
  if (!stream.ok()) return RaiseStatus(stream.status());
  auto* self = PyObject_New(HmacStreamObject, &Type());
  if (self == nullptr) return nullptr;
  new (&self->stream) std::optional<HmacStream>(*std::move(stream));
  return reinterpret_cast<PyObject*>(self);
}

PyObject* Vectorcall(PyObject*, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
  if (PyVectorcall_NARGS(nargsf) != 2 || HasKeywords(kwnames)) {
    PyErr_SetString(PyExc_TypeError, "HmacStream(digest: str, key: bytes)");
    return nullptr;
  }
  return Make(args[0], args[1]);
}

PyObject* TpNew(PyTypeObject*, PyObject* args, PyObject* kwargs) {
  PyObject *digest, *key;
  static const char* kwlist[] = {"digest", "key", nullptr};
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO:HmacStream", const_cast<char**>(kwlist),
                                   &digest, &key)) {
    return nullptr;
  }
  return Make(digest, key);
}

void Dealloc(PyObject* op) {
  auto* self = reinterpret_cast<HmacStreamObject*>(op);
  self->stream.~optional();
  PyObject_Free(op);
}

// The stream in `obj`, or nullptr with TypeError.
HmacStream* StreamOf(PyObject* obj) {
  if (Py_TYPE(obj) != &Type()) {
    PyErr_Format(PyExc_TypeError, "expected a %s, got %.200s", kTypeName, Py_TYPE(obj)->tp_name);
    return nullptr;
  }
  return &*reinterpret_cast<HmacStreamObject*>(obj)->stream;
}

PyObject* Update(HmacStream* stream, PyObject* data_arg) {
  std::string_view data;
  if (!BytesArg(data_arg, "data", &data)) return nullptr;
  return StreamUpdate(stream, data) ? Ref(Py_None) : nullptr;
}

PyObject* MethodUpdate(PyObject* self, PyObject* data) {
  return Update(&*reinterpret_cast<HmacStreamObject*>(self)->stream, data);
}

PyObject* MethodFinalize(PyObject* self, PyObject*) {
  return StreamFinal(&*reinterpret_cast<HmacStreamObject*>(self)->stream);
}

PyObject* MethodCopy(PyObject* op, PyObject*) {
  HmacStream* stream = &*reinterpret_cast<HmacStreamObject*>(op)->stream;
  StatusOr<HmacStream> copy = [&] {
    ObjectGuard guard(stream);
    return stream->Copy();
  }();
  if (!copy.ok()) return RaiseStatus(copy.status());
  auto* self = PyObject_New(HmacStreamObject, &Type());
  if (self == nullptr) return nullptr;
  new (&self->stream) std::optional<HmacStream>(*std::move(copy));
  return reinterpret_cast<PyObject*>(self);
}

PyMethodDef kMethods[] = {{"update", MethodUpdate, METH_O, "update(self, data: bytes) -> None"},
                          {"finalize", MethodFinalize, METH_NOARGS, "finalize(self) -> bytes"},
                          {"copy", MethodCopy, METH_NOARGS,
                           "copy(self) -> cryptoshim._core.m2crypto.HmacStream\n\n"
                           "An independent stream with the data so far."},
                          {nullptr, nullptr, 0, nullptr}};

PyTypeObject& Type() {
  static PyTypeObject type = [] {
    PyTypeObject t = {PyVarObject_HEAD_INIT(nullptr, 0)};
    t.tp_name = kTypeName;
    t.tp_basicsize = sizeof(HmacStreamObject);
    t.tp_flags = Py_TPFLAGS_DEFAULT;
    t.tp_doc =
        "HmacStream(digest: str, key: bytes)\n\n"
        "Incremental HMAC with the named digest (the core's HmacStream).";
    t.tp_new = TpNew;
    t.tp_vectorcall = Vectorcall;
    t.tp_dealloc = Dealloc;
    t.tp_methods = kMethods;
    return t;
  }();
  return type;
}

// hmac_update(stream, data) / hmac_final(stream): the methods as plain C
// functions, which HandleCall calls with the stream first.
PyObject* HmacUpdate(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 2) {
    PyErr_Format(PyExc_TypeError, "expected (%s, bytes)", kTypeName);
    return nullptr;
  }
  HmacStream* stream = StreamOf(args[0]);
  return stream == nullptr ? nullptr : Update(stream, args[1]);
}

PyObject* HmacFinal(PyObject*, PyObject* arg) {
  HmacStream* stream = StreamOf(arg);
  return stream == nullptr ? nullptr : StreamFinal(stream);
}

PyMethodDef kHmacUpdate = {
    "hmac_update", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(HmacUpdate)),
    METH_FASTCALL,
    "hmac_update(hmac: cryptoshim._core.m2crypto.HmacStream, data: bytes) -> None\n\n"
    "HmacStream.update as a plain C function (HandleCall)."};
PyMethodDef kHmacFinal = {"hmac_final", HmacFinal, METH_O,
                          "hmac_final(hmac: cryptoshim._core.m2crypto.HmacStream) -> bytes\n\n"
                          "HmacStream.finalize as a plain C function (HandleCall)."};

}  // namespace

void RegisterM2HmacStream(pybind11::module_& m2crypto) {
  PyTypeObject& type = Type();
  if (PyType_Ready(&type) < 0) throw pybind11::error_already_set();
  m2crypto.attr("HmacStream") = pybind11::handle(reinterpret_cast<PyObject*>(&type));
  for (PyMethodDef* def : {&kHmacUpdate, &kHmacFinal}) {
    PyObject* fn = PyCFunction_New(def, nullptr);
    if (fn == nullptr) throw pybind11::error_already_set();
    m2crypto.attr(def->ml_name) = pybind11::reinterpret_steal<pybind11::object>(fn);
  }
}

}  // namespace cryptoshim::py
