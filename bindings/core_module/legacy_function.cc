// _core.LegacyFunction: what cryptoshim.legacy.entry_point returns. A
// vectorcall object in C instead of a Python closure, because the closure's
// frame, *args/**kwargs packing and the extra pybind11 call into legacy_call
// cost more than most legacy calls themselves. It behaves like the function
// it wraps, as functools.wraps made the closure behave: __wrapped__,
// __name__, __qualname__, __doc__, __module__ and any attribute live in its
// __dict__, it binds as a method (Py_TPFLAGS_METHOD_DESCRIPTOR lets
// `obj.method(...)` call it without a bound-method object), and core errors
// are mapped with the package's factory as `raise errors(exc) from None`.
#include "legacy_function.h"

#include <Python.h>

#include <new>
#include <string>

#include "cryptoshim/shims/catalog.h"

namespace cryptoshim::py {
namespace {

PyObject* Ref(PyObject* o) {  // Py_NewRef, which Python 3.9 lacks
  Py_INCREF(o);
  return o;
}

struct LegacyFunction {
  PyObject_HEAD vectorcallfunc vectorcall;
  size_t index;
  PyObject* function;
  PyObject* errors;      // factory core error -> package error, or nullptr
  PyObject* core_error;  // _core.Error, caught only when errors is set
  PyObject* dict;
  PyObject* weakrefs;
  CallSiteMemo memo;
};

// The core error becomes errors(exc), raised with its context suppressed.
void MapCoreError(LegacyFunction* self) {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  if (traceback != nullptr) PyException_SetTraceback(value, traceback);
  PyObject* mapped = PyObject_CallOneArg(self->errors, value);
  Py_XDECREF(type);
  Py_XDECREF(traceback);
  if (mapped == nullptr) {
    Py_DECREF(value);
    return;  // the factory's own exception propagates
  }
  if (!PyExceptionInstance_Check(mapped)) {
    Py_DECREF(value);
    PyErr_Format(PyExc_TypeError, "error factory returned %R, not an exception", mapped);
    Py_DECREF(mapped);
    return;
  }
  PyException_SetContext(mapped, value);  // steals value
  PyException_SetCause(mapped, nullptr);  // "from None": suppresses the context
  PyErr_Restore(Ref(reinterpret_cast<PyObject*>(Py_TYPE(mapped))), mapped, nullptr);
}

PyObject* Call(PyObject* callable, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
  auto* self = reinterpret_cast<LegacyFunction*>(callable);
  if (LegacyCallAtCaller(self->index, &self->memo) < 0) return nullptr;
  PyObject* result = PyObject_Vectorcall(self->function, args, nargsf, kwnames);
  if (result == nullptr && self->errors != nullptr && PyErr_ExceptionMatches(self->core_error)) {
    MapCoreError(self);
  }
  return result;
}

PyObject* New(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  Py_ssize_t index = 0;
  PyObject *function, *errors, *core_error;
  static const char* kwlist[] = {"index", "function", "errors", "core_error", nullptr};
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "nOOO:LegacyFunction", const_cast<char**>(kwlist),
                                   &index, &function, &errors, &core_error)) {
    return nullptr;
  }
  if (index < 0 || static_cast<size_t>(index) >= shims::Catalog().size()) {
    PyErr_SetString(PyExc_IndexError, "no such catalog entry");
    return nullptr;
  }
  if (!PyCallable_Check(function)) {
    PyErr_SetString(PyExc_TypeError, "function must be callable");
    return nullptr;
  }
  auto* self = reinterpret_cast<LegacyFunction*>(type->tp_alloc(type, 0));
  if (self == nullptr) return nullptr;
  self->vectorcall = Call;
  self->index = static_cast<size_t>(index);
  self->function = Ref(function);
  self->errors = errors == Py_None ? nullptr : Ref(errors);
  self->core_error = Ref(core_error);
  new (&self->memo) CallSiteMemo();
  return reinterpret_cast<PyObject*>(self);
}

int Traverse(PyObject* op, visitproc visit, void* arg) {
  auto* self = reinterpret_cast<LegacyFunction*>(op);
  Py_VISIT(self->function);
  Py_VISIT(self->errors);
  Py_VISIT(self->core_error);
  Py_VISIT(self->dict);
  return 0;
}

int Clear(PyObject* op) {
  auto* self = reinterpret_cast<LegacyFunction*>(op);
  Py_CLEAR(self->function);
  Py_CLEAR(self->errors);
  Py_CLEAR(self->core_error);
  Py_CLEAR(self->dict);
  return 0;
}

void Dealloc(PyObject* op) {
  PyObject_GC_UnTrack(op);
  auto* self = reinterpret_cast<LegacyFunction*>(op);
  if (self->weakrefs != nullptr) PyObject_ClearWeakRefs(op);
  Clear(op);
  Py_TYPE(op)->tp_free(op);
}

// Like a function: the descriptor on an instance is a bound method.
PyObject* DescrGet(PyObject* self, PyObject* obj, PyObject*) {
  if (obj == nullptr || obj == Py_None) return Ref(self);
  return PyMethod_New(self, obj);
}

PyObject* Repr(PyObject* op) {
  auto* self = reinterpret_cast<LegacyFunction*>(op);
  return PyUnicode_FromFormat("<legacy entry point %s wrapping %R>",
                              std::string(shims::Catalog()[self->index].id).c_str(),
                              self->function);
}

PyObject* GetIndex(PyObject* op, void*) {
  return PyLong_FromSize_t(reinterpret_cast<LegacyFunction*>(op)->index);
}

PyGetSetDef kGetSet[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, nullptr, nullptr},
    {"__cryptoshim_index__", GetIndex, nullptr, "catalog index", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyTypeObject* MakeType() {
  static PyTypeObject type = {PyVarObject_HEAD_INIT(nullptr, 0)};
  type.tp_name = "cryptoshim._core.LegacyFunction";
  type.tp_basicsize = sizeof(LegacyFunction);
  type.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL |
                  Py_TPFLAGS_METHOD_DESCRIPTOR;
  type.tp_doc = "A counted, warning legacy entry point (cryptoshim.legacy.entry_point).";
  type.tp_new = New;
  type.tp_dealloc = Dealloc;
  type.tp_traverse = Traverse;
  type.tp_clear = Clear;
  type.tp_call = PyVectorcall_Call;
  type.tp_vectorcall_offset = offsetof(LegacyFunction, vectorcall);
  type.tp_descr_get = DescrGet;
  type.tp_repr = Repr;
  type.tp_getset = kGetSet;
  type.tp_dictoffset = offsetof(LegacyFunction, dict);
  type.tp_weaklistoffset = offsetof(LegacyFunction, weakrefs);
  if (PyType_Ready(&type) < 0) throw pybind11::error_already_set();
  return &type;
}

}  // namespace

void RegisterLegacyFunction(pybind11::module_& m) {
  PyTypeObject* type = MakeType();
  m.attr("LegacyFunction") = pybind11::handle(reinterpret_cast<PyObject*>(type));
}

}  // namespace cryptoshim::py
