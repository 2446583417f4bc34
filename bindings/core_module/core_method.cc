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
#include <string>

#include "cryptoshim/certificate.h"
#include "register.h"

namespace cryptoshim::py {
namespace {

namespace detail = pybind11::detail;

// The C++ object inside a pybind11 instance of T, or nullptr with TypeError.
// The type_info is looked up once (pybind11's caster looks it up per cast).
template <typename T>
const T* CoreObject(PyObject* obj, const char* what) {
  static const detail::type_info* info = detail::get_type_info(typeid(T));
  if (info == nullptr || !PyObject_TypeCheck(obj, info->type)) {
    PyErr_Format(PyExc_TypeError, "expected a %s, got %.200s", what, Py_TYPE(obj)->tp_name);
    return nullptr;
  }
  auto* inst = reinterpret_cast<detail::instance*>(obj);
  return static_cast<const T*>(inst->get_value_and_holder(info).value_ptr());
}

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
  PyObject_HEAD vectorcallfunc vectorcall;
  PyObject* attr;      // interned str
  PyObject* qualname;  // for messages and __qualname__
  const Accessor* accessor;
  PyObject* dict;
};

PyObject* Call(PyObject* callable, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
  auto* self = reinterpret_cast<CoreMethod*>(callable);
  const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
  if (nargs != 1 || (kwnames != nullptr && PyTuple_GET_SIZE(kwnames) != 0)) {
    if (nargs == 0) {
      PyErr_Format(PyExc_TypeError, "%U() missing 1 required positional argument: 'self'",
                   self->qualname);
    } else if (kwnames != nullptr && PyTuple_GET_SIZE(kwnames) != 0) {
      PyErr_Format(PyExc_TypeError, "%U() got an unexpected keyword argument '%U'", self->qualname,
                   PyTuple_GET_ITEM(kwnames, 0));
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
  auto* self = reinterpret_cast<CoreMethod*>(type->tp_alloc(type, 0));
  if (self == nullptr) return nullptr;
  self->vectorcall = Call;
  Py_INCREF(attr);
  PyUnicode_InternInPlace(&attr);
  self->attr = attr;
  Py_INCREF(qualname);
  self->qualname = qualname;
  self->accessor = found;
  return reinterpret_cast<PyObject*>(self);
}

int Traverse(PyObject* op, visitproc visit, void* arg) {
  Py_VISIT(reinterpret_cast<CoreMethod*>(op)->dict);
  return 0;
}

int Clear(PyObject* op) {
  Py_CLEAR(reinterpret_cast<CoreMethod*>(op)->dict);
  return 0;
}

void Dealloc(PyObject* op) {
  PyObject_GC_UnTrack(op);
  auto* self = reinterpret_cast<CoreMethod*>(op);
  Clear(op);
  Py_CLEAR(self->attr);
  Py_CLEAR(self->qualname);
  Py_TYPE(op)->tp_free(op);
}

// Like a function: looked up on an instance it is a bound method.
PyObject* DescrGet(PyObject* self, PyObject* obj, PyObject*) {
  if (obj == nullptr || obj == Py_None) {
    Py_INCREF(self);
    return self;
  }
  return PyMethod_New(self, obj);
}

PyObject* Repr(PyObject* op) {
  auto* self = reinterpret_cast<CoreMethod*>(op);
  return PyUnicode_FromFormat("<core method %U: self.%U %s>", self->qualname, self->attr,
                              self->accessor->name);
}

PyGetSetDef kGetSet[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, nullptr, nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyTypeObject* MakeType() {
  static PyTypeObject type = {PyVarObject_HEAD_INIT(nullptr, 0)};
  type.tp_name = "cryptoshim._core.CoreMethod";
  type.tp_basicsize = sizeof(CoreMethod);
  type.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL |
                  Py_TPFLAGS_METHOD_DESCRIPTOR;
  type.tp_doc = "A drop-in method reading one value off its instance's core object, in C.";
  type.tp_new = New;
  type.tp_dealloc = Dealloc;
  type.tp_traverse = Traverse;
  type.tp_clear = Clear;
  type.tp_call = PyVectorcall_Call;
  type.tp_vectorcall_offset = offsetof(CoreMethod, vectorcall);
  type.tp_descr_get = DescrGet;
  type.tp_repr = Repr;
  type.tp_getset = kGetSet;
  type.tp_dictoffset = offsetof(CoreMethod, dict);
  if (PyType_Ready(&type) < 0) throw pybind11::error_already_set();
  return &type;
}

}  // namespace

void RegisterCoreMethod(pybind11::module_& m) {
  m.attr("CoreMethod") = pybind11::handle(reinterpret_cast<PyObject*>(MakeType()));
}

}  // namespace cryptoshim::py
