// _core.m2crypto.HandleCall(attr, function, nargs, fallback) and the raw
// accessors it calls. A drop-in method that only forwards to its core object
// (`def get_version(self): return self._cert.version()`) costs a Python frame
// and a pybind11 dispatch on top of the OpenSSL call: about 200 ns, where
// M2Crypto's whole X509.get_version takes 70-120 ns. Wrapped in the counting
// LegacyFunction, a HandleCall is C from the caller to OpenSSL:
// function(getattr(self, attr), *args). A call with another number of
// positional arguments, or with keywords, goes to `fallback` (the Python
// method), so errors read as before.
#include <Python.h>
#include <pybind11/pybind11.h>

#include <new>

#include "call_object.h"
#include "core_object.h"
#include "cryptoshim/certificate.h"
#include "register.h"
#include "slot_attr.h"

namespace cryptoshim::py {
namespace {

constexpr Py_ssize_t kMaxArgs = 6;

struct HandleCall {
  CallHead head;
  PyObject* attr;      // interned attribute name of the core object
  PyObject* function;  // called with the core object first
  Py_ssize_t nargs;    // positional arguments including self
  PyObject* fallback;  // the Python method
  DirectO direct;      // function, when it is a METH_O builtin
  SlotAttr slot;       // reads self.<attr> when it is a __slots__ member

  template <typename F>
  void Refs(F&& f) {
    f(attr);
    f(function);
    f(fallback);
  }

  static PyObject* Call(HandleCall* self, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
    const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs != self->nargs || HasKeywords(kwnames)) {
      return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);
    }
    PyObject* handle = self->slot.Get(args[0], self->attr);
    if (handle == nullptr) return nullptr;
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

PyObject* New(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  PyObject *attr, *function, *fallback;
  Py_ssize_t nargs = 0;
  static const char* kwlist[] = {"attr", "function", "nargs", "fallback", nullptr};
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "UOnO:HandleCall", const_cast<char**>(kwlist),
                                   &attr, &function, &nargs, &fallback)) {
    return nullptr;
  }
  if (nargs < 1 || nargs > kMaxArgs || !PyCallable_Check(function) || !PyCallable_Check(fallback)) {
    PyErr_SetString(PyExc_ValueError, "HandleCall(attr, callable, nargs 1-6, callable)");
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
  self->direct = DirectO(function);
  return reinterpret_cast<PyObject*>(self);
}

// Certificate.version() without pybind11's dispatcher or its per-call
// type_info lookup (CoreObject caches it).
PyObject* CertificateVersion(PyObject*, PyObject* arg) {
  const Certificate* cert = CoreObject<Certificate>(arg, "cryptoshim._core.Certificate");
  return cert == nullptr ? nullptr : PyLong_FromLong(cert->version());
}

PyMethodDef kCertificateVersion = {"certificate_version", CertificateVersion, METH_O,
                                   "Certificate.version() as a plain C function (HandleCall)."};

}  // namespace

void RegisterM2HandleCall(pybind11::module_& m2crypto) {
  PyTypeObject* type = MakeCallType<HandleCall>(
      "cryptoshim._core.m2crypto.HandleCall",
      "HandleCall(attr, function, nargs, fallback): function(getattr(self, attr), *args) for "
      "nargs positional arguments (self included), else fallback(self, *args, **kwargs).",
      New, Binding::kCallable);
  m2crypto.attr("HandleCall") = pybind11::handle(reinterpret_cast<PyObject*>(type));
  PyObject* fn = PyCFunction_New(&kCertificateVersion, nullptr);
  if (fn == nullptr) throw pybind11::error_already_set();
  m2crypto.attr("certificate_version") = pybind11::reinterpret_steal<pybind11::object>(fn);
}

}  // namespace cryptoshim::py
