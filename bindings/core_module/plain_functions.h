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

#include <span>

namespace cryptoshim::py {

// module.name = builtin function, for each def (ml_self: none).
inline void AddFunctions(pybind11::module_& m, std::span<PyMethodDef> defs) {
  for (PyMethodDef& def : defs) {
    PyObject* fn = PyCFunction_NewEx(&def, nullptr, m.attr("__name__").ptr());
    if (fn == nullptr) throw pybind11::error_already_set();
    m.attr(def.ml_name) = pybind11::reinterpret_steal<pybind11::object>(fn);
  }
}

// type.name = method descriptor, replacing the pybind11 binding of the name.
inline void AddMethods(pybind11::handle type, std::span<PyMethodDef> defs) {
  auto* tp = reinterpret_cast<PyTypeObject*>(type.ptr());
  for (PyMethodDef& def : defs) {
    PyObject* descr = PyDescr_NewMethod(tp, &def);
    if (descr == nullptr || PyObject_SetAttrString(type.ptr(), def.ml_name, descr) != 0) {
      Py_XDECREF(descr);
      throw pybind11::error_already_set();
    }
    Py_DECREF(descr);
  }
}

// type.name = staticmethod(builtin function), replacing pybind11's.
inline void AddStaticMethods(pybind11::handle type, std::span<PyMethodDef> defs) {
  for (PyMethodDef& def : defs) {
    pybind11::object fn =
        pybind11::reinterpret_steal<pybind11::object>(PyCFunction_NewEx(&def, nullptr, nullptr));
    if (!fn) throw pybind11::error_already_set();
    PyObject* descr = PyStaticMethod_New(fn.ptr());
    if (descr == nullptr || PyObject_SetAttrString(type.ptr(), def.ml_name, descr) != 0) {
      Py_XDECREF(descr);
      throw pybind11::error_already_set();
    }
    Py_DECREF(descr);
  }
}

// type.name = property(fget), fget a builtin (METH_O: the instance),
// replacing pybind11's property. A property rather than a getset
// descriptor: the stubs (pybind11-stubgen) list properties, with the type
// fget's docstring names.
inline void AddProperties(pybind11::handle type, std::span<PyMethodDef> getters) {
  for (PyMethodDef& def : getters) {
    pybind11::object fget =
        pybind11::reinterpret_steal<pybind11::object>(PyCFunction_NewEx(&def, nullptr, nullptr));
    if (!fget) throw pybind11::error_already_set();
    PyObject* prop = PyObject_CallOneArg(reinterpret_cast<PyObject*>(&PyProperty_Type), fget.ptr());
    if (prop == nullptr || PyObject_SetAttrString(type.ptr(), def.ml_name, prop) != 0) {
      Py_XDECREF(prop);
      throw pybind11::error_already_set();
    }
    Py_DECREF(prop);
  }
}

}  // namespace cryptoshim::py
