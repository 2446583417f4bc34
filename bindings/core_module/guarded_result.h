// The exception boundary of the plain CPython entries (METH_* functions,
// method descriptors, call objects) that skip pybind11's dispatcher: a C++
// exception becomes the Python error pybind11's dispatcher would have set,
// so a caller cannot tell which kind of binding it called.
#pragma once

#include <Python.h>
#include <pybind11/pybind11.h>

#include <exception>
#include <new>

namespace cryptoshim::py {

// Runs `body` (returning a pybind11 object) and hands its result over as a
// new reference, or returns nullptr with the error set: error_already_set
// (ThrowStatus's _core.Error among them) restored, pybind11's builtin
// exceptions (value_error, type_error, ...) as their Python types, bad_alloc
// as MemoryError, any other exception as RuntimeError.
template <typename Body>
PyObject* GuardedResult(Body&& body) noexcept {
  try {
    return body().release().ptr();
  } catch (pybind11::error_already_set& e) {
    e.restore();
  } catch (const pybind11::builtin_exception& e) {
    e.set_error();
  } catch (const std::bad_alloc&) {
    PyErr_NoMemory();
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  } catch (...) {
    PyErr_SetString(PyExc_RuntimeError, "unknown C++ exception");
  }
  return nullptr;
}

}  // namespace cryptoshim::py
