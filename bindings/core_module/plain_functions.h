// Plain CPython functions and methods beside pybind11's, for the calls every
// TLS handshake makes. pybind11's dispatcher (argument loaders, overload
// chain, type lookups by hash) is a few kilobytes of code per call; between
// OpenSSL's handshake loops it runs with a cold instruction cache, and a
// dozen such calls cost a loopback handshake more than the legacy library's
// whole SWIG layer. A METH_NOARGS / METH_O method descriptor is called
// straight from the interpreter loop.
//
// Docstrings start with a pybind11-style signature line ("name(self) ->
// bool"), which pybind11-stubgen turns into the stub's signature.
//
// Thread contract: registration runs at module initialisation.
#pragma once

#include <Python.h>
#include <pybind11/pybind11.h>

#include <climits>
#include <span>

namespace cryptoshim::py {

// The argument checks pybind11's dispatcher made, for METH_FASTCALL bodies.
// Each sets TypeError (OverflowError) and returns false on a mismatch.
inline bool Arity(const char* name, Py_ssize_t nargs, Py_ssize_t want) {
  if (nargs == want) return true;
  PyErr_Format(PyExc_TypeError, "%s() takes exactly %zd arguments (%zd given)", name, want, nargs);
  return false;
}

// An int argument that must fit a C int, as pybind11's int caster took it.
inline bool IntArg(PyObject* arg, int* out) {
  const long value = PyLong_AsLong(arg);
  if (value == -1 && PyErr_Occurred()) return false;
  if (value < INT_MIN || value > INT_MAX) {
    PyErr_SetString(PyExc_OverflowError, "argument does not fit a C int");
    return false;
  }
  *out = static_cast<int>(value);
  return true;
}

// type.name = value (a new reference, stolen; nullptr: the error of making
// it), replacing pybind11's binding of the name.
inline void SetTypeAttr(pybind11::handle type, const char* name, PyObject* value) {
  pybind11::object owned = pybind11::reinterpret_steal<pybind11::object>(value);
  if (!owned || PyObject_SetAttrString(type.ptr(), name, owned.ptr()) != 0) {
    throw pybind11::error_already_set();
  }
}

// module.name = builtin function, for each def (ml_self: none).
inline void AddFunctions(pybind11::module_& m, std::span<PyMethodDef> defs) {
  for (PyMethodDef& def : defs) {
    PyObject* fn = PyCFunction_NewEx(&def, nullptr, m.attr("__name__").ptr());
    if (fn == nullptr) throw pybind11::error_already_set();
    m.attr(def.ml_name) = pybind11::reinterpret_steal<pybind11::object>(fn);
  }
}

// type.name = method descriptor, for each def.
inline void AddMethods(pybind11::handle type, std::span<PyMethodDef> defs) {
  auto* tp = reinterpret_cast<PyTypeObject*>(type.ptr());
  for (PyMethodDef& def : defs) SetTypeAttr(type, def.ml_name, PyDescr_NewMethod(tp, &def));
}

// type.name = staticmethod(builtin function), for each def.
inline void AddStaticMethods(pybind11::handle type, std::span<PyMethodDef> defs) {
  for (PyMethodDef& def : defs) {
    pybind11::object fn =
        pybind11::reinterpret_steal<pybind11::object>(PyCFunction_NewEx(&def, nullptr, nullptr));
    if (!fn) throw pybind11::error_already_set();
    SetTypeAttr(type, def.ml_name, PyStaticMethod_New(fn.ptr()));
  }
}

// type.name = property(fget), fget a builtin (METH_O: the instance), for
// each def. A property rather than a getset descriptor: the stubs
// (pybind11-stubgen) list properties, with the type fget's docstring names.
inline void AddProperties(pybind11::handle type, std::span<PyMethodDef> getters) {
  for (PyMethodDef& def : getters) {
    pybind11::object fget =
        pybind11::reinterpret_steal<pybind11::object>(PyCFunction_NewEx(&def, nullptr, nullptr));
    if (!fget) throw pybind11::error_already_set();
    SetTypeAttr(type, def.ml_name,
                PyObject_CallOneArg(reinterpret_cast<PyObject*>(&PyProperty_Type), fget.ptr()));
  }
}

}  // namespace cryptoshim::py
