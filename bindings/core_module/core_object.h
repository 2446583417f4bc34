// The C++ object inside a pybind11 instance, for the C fast paths that skip
// pybind11's dispatcher. pybind11's own caster looks the type_info up in a
// hash map on every cast; here it is looked up once per T.
#pragma once

#include <Python.h>
#include <pybind11/pybind11.h>

#include <typeinfo>

namespace cryptoshim::py {

// The T inside `obj` (held and initialised), or nullptr without an error:
// for fast paths that hand anything else to their Python fallback.
template <typename T>
T* CoreObjectOrNull(PyObject* obj) {
  namespace detail = pybind11::detail;
  static const detail::type_info* info = detail::get_type_info(typeid(T));
  if (info == nullptr || !PyObject_TypeCheck(obj, info->type)) return nullptr;
  auto* inst = reinterpret_cast<detail::instance*>(obj);
  return static_cast<T*>(inst->get_value_and_holder(info).value_ptr());
}

// The T inside `obj`, or nullptr with TypeError naming `what`.
template <typename T>
T* CoreObject(PyObject* obj, const char* what) {
  T* value = CoreObjectOrNull<T>(obj);
  if (value == nullptr) {
    PyErr_Format(PyExc_TypeError, "expected a %s, got %.200s", what, Py_TYPE(obj)->tp_name);
  }
  return value;
}

}  // namespace cryptoshim::py
