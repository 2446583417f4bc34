// _core.CoreMethod: a drop-in method that only reads one value off the core
// object its instance holds, done in C. As a Python method,
// `def get_version(self): return self._cert.version()` costs a frame, two
// attribute lookups and pybind11's dispatcher (~250 ns of a ~340 ns call,
// against ~140 ns for the real pyOpenSSL's cffi call); this is one attribute
// read and one C++ call. `CoreMethod(attr, accessor, qualname)`: `attr` names
// the instance attribute holding the core object, `accessor` picks the C++
// read from kAccessors. Wrapped by cryptoshim.legacy.entry_point like any
// method (telemetry and warnings unchanged); it binds as a method and, like a
// Python method, refuses extra arguments with the same TypeError.
#include <Python.h>

#include <cstring>

#include "call_object.h"
#include "core_object.h"
#include "cryptoshim/certificate.h"
#include "register.h"

namespace cryptoshim::py {
namespace {

PyObject* CertificateVersion(PyObject* core) {
  const Certificate* cert = CoreObject<Certificate>(core, "cryptoshim._core.Certificate");
  return cert == nullptr ? nullptr : PyLong_FromLong(cert->version());
}

struct Accessor {
  const char* name;
  PyObject* (*read)(PyObject* core);
};

constexpr Accessor kAccessors[] = {
    {"Certificate.version", CertificateVersion},
};

struct CoreMethod {
  CallHead head;
  PyObject* attr;      // interned str
  PyObject* qualname;  // for messages and __qualname__
  const Accessor* accessor;
  PyObject* dict;

  template <typename F>
  void Refs(F&& f) {
    f(attr);
    f(qualname);
  }

  static PyObject* Call(CoreMethod* self, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
    const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs != 1 || HasKeywords(kwnames)) {
      if (nargs == 0) {
        PyErr_Format(PyExc_TypeError, "%U() missing 1 required positional argument: 'self'",
                     self->qualname);
      } else if (HasKeywords(kwnames)) {
        PyErr_Format(PyExc_TypeError, "%U() got an unexpected keyword argument '%U'",
                     self->qualname, PyTuple_GET_ITEM(kwnames, 0));
      } else {
        PyErr_Format(PyExc_TypeError, "%U() takes 1 positional argument but %zd were given",
                     self->qualname, nargs);
      }
      return nullptr;
    }
    PyObject* core = PyObject_GetAttr(args[0], self->attr);
    if (core == nullptr) return nullptr;
    PyObject* result = self->accessor->read(core);
    Py_DECREF(core);
    return result;
  }

  static PyObject* Repr(CoreMethod* self) {
    return PyUnicode_FromFormat("<core method %U: self.%U %s>", self->qualname, self->attr,
                                self->accessor->name);
  }
};

PyObject* New(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  PyObject *attr, *qualname;
  const char* accessor = nullptr;
  static const char* kwlist[] = {"attr", "accessor", "qualname", nullptr};
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "UsU:CoreMethod", const_cast<char**>(kwlist),
                                   &attr, &accessor, &qualname)) {
    return nullptr;
  }
  const Accessor* found = nullptr;
  for (const Accessor& a : kAccessors) {
    if (std::strcmp(a.name, accessor) == 0) found = &a;
  }
  if (found == nullptr) {
    PyErr_Format(PyExc_ValueError, "no core accessor %s", accessor);
    return nullptr;
  }
  auto* self = Alloc<CoreMethod>(type);
  if (self == nullptr) return nullptr;
  Py_INCREF(attr);
  PyUnicode_InternInPlace(&attr);
  self->attr = attr;
  self->qualname = Ref(qualname);
  self->accessor = found;
  return reinterpret_cast<PyObject*>(self);
}

PyGetSetDef kGetSet[] = {
    CRYPTOSHIM_DICT_GETSET,
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

}  // namespace

void RegisterCoreMethod(pybind11::module_& m) {
  PyTypeObject* type = MakeCallType<CoreMethod>(
      "cryptoshim._core.CoreMethod",
      "A drop-in method reading one value off its instance's core object, in C.", New,
      Binding::kMethod, kGetSet);
  m.attr("CoreMethod") = pybind11::handle(reinterpret_cast<PyObject*>(type));
}

}  // namespace cryptoshim::py
