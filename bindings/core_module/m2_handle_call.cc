// _core.m2crypto.HandleCall(attr, function, nargs, fallback) and the raw
// accessors it calls (certificate_version, digest_update / digest_final;
// hmac_update / hmac_final live with their type in m2_hmac_stream.cc). A
// drop-in method that only forwards to its core object (`def
// get_version(self): return self._cert.version()`) costs a Python frame and
// a pybind11 dispatch on top of the OpenSSL call: about 200 ns, where
// M2Crypto's whole X509.get_version takes 70-120 ns. Wrapped in the counting
// LegacyFunction, a HandleCall is C from the caller to OpenSSL:
// function(getattr(self, attr), *args). A call with another number of
// positional arguments, or with keywords, or an argument not of the exact
// type `exact` asks for at its position, or a core object that is None (not
// set up yet), goes to `fallback` (the Python method), so conversions and
// errors read as before.
#include <Python.h>
#include <pybind11/pybind11.h>

#include <new>

#include "call_object.h"
#include "core_object.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/digest.h"
#include "plain_functions.h"
#include "register.h"
#include "slot_attr.h"
#include "stream_call.h"

namespace cryptoshim::py {
namespace {

constexpr Py_ssize_t kMaxArgs = 6;

struct HandleCall {
  CallHead head;
  PyObject* attr;      // interned attribute name of the core object
  PyObject* function;  // called with the core object first
  Py_ssize_t nargs;    // positional arguments including self
  PyObject* fallback;  // the Python method
  PyObject* exact;     // tuple: per argument after self, its required type or None; or nullptr
  PyTypeObject* exact_types[kMaxArgs];  // exact's types (borrowed from it; nullptr: any)
  DirectO direct;                       // function, when it is a METH_O builtin
  SlotAttr slot;                        // reads self.<attr> when it is a __slots__ member

  template <typename F>
  void Refs(F&& f) {
    f(attr);
    f(function);
    f(fallback);
    f(exact);
  }

  bool ArgumentsExact(PyObject* const* args, Py_ssize_t nargs) const {
    for (Py_ssize_t i = 1; i < nargs; ++i) {
      PyTypeObject* type = exact_types[i - 1];
      if (type != nullptr && Py_TYPE(args[i]) != type) return false;
    }
    return true;
  }

  static PyObject* Call(HandleCall* self, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
    const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs != self->nargs || HasKeywords(kwnames) || !self->ArgumentsExact(args, nargs)) {
      return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
    }
    PyObject* handle = self->slot.Get(args[0], self->attr);
    if (handle == nullptr) return nullptr;
    if (handle == Py_None) {
      Py_DECREF(handle);
      return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
    }
    if (nargs == 1) {
      PyObject* result = self->direct(self->function, handle);
      Py_DECREF(handle);
      return result;
    }
    PyObject* stack[kMaxArgs + 1];
    stack[1] = handle;
    for (Py_ssize_t i = 1; i < nargs; ++i) stack[i + 1] = args[i];
    PyObject* result = PyObject_Vectorcall(self->function, stack + 1,
                                           nargs | PY_VECTORCALL_ARGUMENTS_OFFSET, nullptr);
    Py_DECREF(handle);
    return result;
  }

  static PyObject* Repr(HandleCall* self) {
    return PyUnicode_FromFormat("<core call %R on self.%U>", self->function, self->attr);
  }
};

bool ValidExact(PyObject* exact, Py_ssize_t nargs) {
  if (!PyTuple_Check(exact) || PyTuple_GET_SIZE(exact) > nargs - 1) return false;
  for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(exact); ++i) {
    PyObject* type = PyTuple_GET_ITEM(exact, i);
    if (type != Py_None && !PyType_Check(type)) return false;
  }
  return true;
}

PyObject* New(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  PyObject *attr, *function, *fallback, *exact = Py_None;
  Py_ssize_t nargs = 0;
  static const char* kwlist[] = {"attr", "function", "nargs", "fallback", "exact", nullptr};
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "UOnO|O:HandleCall", const_cast<char**>(kwlist),
                                   &attr, &function, &nargs, &fallback, &exact)) {
    return nullptr;
  }
  if (nargs < 1 || nargs > kMaxArgs || !PyCallable_Check(function) || !PyCallable_Check(fallback)) {
    PyErr_SetString(PyExc_ValueError, "HandleCall(attr, callable, nargs 1-6, callable)");
    return nullptr;
  }
  if (exact != Py_None && !ValidExact(exact, nargs)) {
    PyErr_SetString(PyExc_ValueError,
                    "HandleCall exact: None, or a tuple of types (None: any), one per argument "
                    "after self at most");
    return nullptr;
  }
  auto* self = Alloc<HandleCall>(type);
  if (self == nullptr) return nullptr;
  new (&self->slot) SlotAttr();
  Py_INCREF(attr);
  PyUnicode_InternInPlace(&attr);
  self->attr = attr;
  self->function = Ref(function);
  self->nargs = nargs;
  self->fallback = Ref(fallback);
  if (exact != Py_None) {
    self->exact = Ref(exact);
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(exact); ++i) {
      PyObject* required = PyTuple_GET_ITEM(exact, i);
      self->exact_types[i] =
          required == Py_None ? nullptr : reinterpret_cast<PyTypeObject*>(required);
    }
  }
  self->direct = DirectO(function);
  return reinterpret_cast<PyObject*>(self);
}

// Certificate.version() without pybind11's dispatcher or its per-call
// type_info lookup (CoreObject caches it).
PyObject* CertificateVersion(PyObject*, PyObject* arg) {
  const Certificate* cert = CoreObject<Certificate>(arg, "cryptoshim._core.Certificate");
  return cert == nullptr ? nullptr : PyLong_FromLong(cert->version());
}

// Digest update(data) and finalize() as plain C functions, for
// EVP.MessageDigest's update and final through HandleCall: under the
// object's lock and, for long inputs, without the GIL, as the bound methods
// (bind_digest.cc). update returns 1, as M2Crypto's MessageDigest.update.
constexpr char kDigestType[] = "cryptoshim._core.Digest";

PyObject* DigestUpdate(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  std::string_view data;
  if (!Arity("digest_update", nargs, 2)) return nullptr;
  Digest* digest = CoreObject<Digest>(args[0], kDigestType);
  if (digest == nullptr || !BytesArg(args[1], "data", &data)) return nullptr;
  return StreamUpdate(digest, data) ? PyLong_FromLong(1) : nullptr;
}

PyObject* DigestFinal(PyObject*, PyObject* arg) {
  Digest* digest = CoreObject<Digest>(arg, kDigestType);
  return digest == nullptr ? nullptr : StreamFinal(digest);
}

PyMethodDef kFunctions[] = {
    {"certificate_version", CertificateVersion, METH_O,
     "Certificate.version() as a plain C function (HandleCall)."},
    {"digest_update", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(DigestUpdate)),
     METH_FASTCALL,
     "digest_update(digest: cryptoshim._core.Digest, data: bytes) -> int\n\n"
     "Digest.update as a plain C function (HandleCall); returns 1, as M2Crypto's update."},
    {"digest_final", DigestFinal, METH_O,
     "digest_final(digest: cryptoshim._core.Digest) -> bytes\n\n"
     "Digest.finalize as a plain C function (HandleCall)."}};

}  // namespace

void RegisterM2HandleCall(pybind11::module_& m2crypto) {
  PyTypeObject* type = MakeCallType<HandleCall>(
      "cryptoshim._core.m2crypto.HandleCall",
      "HandleCall(attr, function, nargs, fallback, exact=None): function(getattr(self, attr), "
      "*args) for nargs positional arguments (self included), each of the exact type `exact` "
      "names at its position (None: any), and a core object that is not None; else "
      "fallback(self, *args, **kwargs).",
      New, Binding::kCallable);
  m2crypto.attr("HandleCall") = pybind11::handle(reinterpret_cast<PyObject*>(type));
  AddFunctions(m2crypto, kFunctions);
}

}  // namespace cryptoshim::py
