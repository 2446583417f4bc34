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

#include "call_object.h"
#include "cryptoshim/shims/catalog.h"

namespace cryptoshim::py {
namespace {

struct LegacyFunction {
  CallHead head;
  size_t index;
  PyObject* function;
  vectorcallfunc direct;  // function's entry point (DirectCall), or nullptr
  DirectO direct_o;       // function's C body when it is a METH_O builtin (SWIG's m2.*)
  PyObject* errors;       // factory core error -> package error, or nullptr
  PyObject* core_error;   // _core.Error, caught only when errors is set
  PyObject* dict;
  PyObject* weakrefs;
  CallSiteMemo memo;  // changed per call, with the GIL held

  template <typename F>
  void Refs(F&& f) {
    f(function);
    f(errors);
    f(core_error);
  }
  static PyObject* Call(LegacyFunction* self, PyObject* const* args, size_t nargsf,
                        PyObject* kwnames);
  static PyObject* Repr(LegacyFunction* self) {
    return PyUnicode_FromFormat("<legacy entry point %s wrapping %R>",
                                std::string(shims::Catalog()[self->index].id).c_str(),
                                self->function);
  }
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

PyObject* LegacyFunction::Call(LegacyFunction* self, PyObject* const* args, size_t nargsf,
                               PyObject* kwnames) {
  if (LegacyCallAtCaller(self->index, &self->memo) < 0) return nullptr;
  PyObject* result;
  if (self->direct_o.meth != nullptr && PyVectorcall_NARGS(nargsf) == 1 && kwnames == nullptr) {
    // One argument to a METH_O builtin: its C body, as the interpreter's own
    // specialised call of a builtin would (cfunction_vectorcall_O's checks
    // are the argument count and keywords, just made).
    result = self->direct_o(self->function, args[0]);
  } else if (self->direct != nullptr) {
    result = self->direct(self->function, args, nargsf, kwnames);
  } else {
    result = PyObject_Vectorcall(self->function, args, nargsf, kwnames);
  }
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
  auto* self = Alloc<LegacyFunction>(type);
  if (self == nullptr) return nullptr;
  self->index = static_cast<size_t>(index);
  self->function = Ref(function);
  self->direct = DirectCall(function);
  self->direct_o = DirectO(function);
  self->errors = errors == Py_None ? nullptr : Ref(errors);
  self->core_error = Ref(core_error);
  new (&self->memo) CallSiteMemo();
  return reinterpret_cast<PyObject*>(self);
}

PyObject* GetIndex(PyObject* op, void*) {
  return PyLong_FromSize_t(reinterpret_cast<LegacyFunction*>(op)->index);
}

PyGetSetDef kGetSet[] = {
    CRYPTOSHIM_DICT_GETSET,
    {"__cryptoshim_index__", GetIndex, nullptr, "catalog index", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

}  // namespace

void RegisterLegacyFunction(pybind11::module_& m) {
  PyTypeObject* type = MakeCallType<LegacyFunction>(
      "cryptoshim._core.LegacyFunction",
      "A counted, warning legacy entry point (cryptoshim.legacy.entry_point).", New,
      Binding::kMethod, kGetSet);
  m.attr("LegacyFunction") = pybind11::handle(reinterpret_cast<PyObject*>(type));
}

}  // namespace cryptoshim::py
