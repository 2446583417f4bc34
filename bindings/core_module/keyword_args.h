// Positional-or-keyword arguments for the plain CPython types' constructors
// (value_object.h): one parser, so that calling the type (tp_vectorcall) and
// T.__new__(T, ...) (tp_new) accept the same arguments and refuse the rest
// with the same messages, as pybind11's constructors and Python functions do.
//
// Thread contract: called with the GIL held; no state of its own.
#pragma once

#include <Python.h>

namespace cryptoshim::py {

// A constructor's parameters: `names` in order, the first `required` of them
// without a default; `text` names the call in errors ("Cipher(alg, key, ...)").
struct ArgSignature {
  const char* text;
  const char* const* names;
  int count;
  int required;
};

// The largest ArgSignature::count NewThroughVectorcall handles.
inline constexpr int kMaxSignatureArgs = 16;

// The arguments of a vectorcall in the signature's order into out[0..count)
// (nullptr: not given, its default stands): false with TypeError on too many
// arguments, an unknown keyword, an argument given twice, or a required one
// missing.
inline bool CollectArgs(const ArgSignature& sig, PyObject* const* args, Py_ssize_t nargs,
                        PyObject* kwnames, PyObject** out) {
  if (nargs > sig.count) {
    PyErr_Format(PyExc_TypeError, "%s takes at most %d arguments (%zd given)", sig.text, sig.count,
                 nargs);
    return false;
  }
  for (int a = 0; a < sig.count; ++a) out[a] = a < nargs ? args[a] : nullptr;
  const Py_ssize_t nkw = kwnames == nullptr ? 0 : PyTuple_GET_SIZE(kwnames);
  for (Py_ssize_t k = 0; k < nkw; ++k) {
    PyObject* name = PyTuple_GET_ITEM(kwnames, k);
    int slot = -1;
    for (int a = 0; a < sig.count && slot < 0; ++a) {
      if (PyUnicode_CompareWithASCIIString(name, sig.names[a]) == 0) slot = a;
    }
    if (slot < 0) {
      PyErr_Format(PyExc_TypeError, "%s got an unexpected keyword argument '%U'", sig.text, name);
      return false;
    }
    if (out[slot] != nullptr) {
      PyErr_Format(PyExc_TypeError, "%s got multiple values for argument '%s'", sig.text,
                   sig.names[slot]);
      return false;
    }
    out[slot] = args[nargs + k];
  }
  for (int a = 0; a < sig.required; ++a) {
    if (out[a] == nullptr) {
      PyErr_Format(PyExc_TypeError, "%s missing required argument '%s'", sig.text, sig.names[a]);
      return false;
    }
  }
  return true;
}

// tp_new through the type's vectorcall: the tuple's items, then the
// keywords' values with their names in a tuple, so both ways of making the
// object share CollectArgs.
inline PyObject* NewThroughVectorcall(const ArgSignature& sig, vectorcallfunc vectorcall,
                                      PyObject* type, PyObject* args, PyObject* kwargs) {
  const Py_ssize_t nargs = PyTuple_GET_SIZE(args);
  const Py_ssize_t nkw = kwargs == nullptr ? 0 : PyDict_GET_SIZE(kwargs);
  // Only the stack's bound here: CollectArgs words every other refusal, so
  // that both paths give the same message for the same call.
  if (nargs + nkw > kMaxSignatureArgs) {
    PyErr_Format(PyExc_TypeError, "%s takes at most %d arguments (%zd given)", sig.text, sig.count,
                 nargs + nkw);
    return nullptr;
  }
  PyObject* stack[kMaxSignatureArgs];
  for (Py_ssize_t i = 0; i < nargs; ++i) stack[i] = PyTuple_GET_ITEM(args, i);
  PyObject* kwnames = nullptr;
  if (nkw != 0) {
    kwnames = PyTuple_New(nkw);
    if (kwnames == nullptr) return nullptr;
    Py_ssize_t pos = 0, k = 0;
    PyObject *key, *value;
    while (PyDict_Next(kwargs, &pos, &key, &value)) {
      Py_INCREF(key);
      PyTuple_SET_ITEM(kwnames, k, key);
      stack[nargs + k++] = value;
    }
  }
  PyObject* result = vectorcall(type, stack, static_cast<size_t>(nargs), kwnames);
  Py_XDECREF(kwnames);
  return result;
}

}  // namespace cryptoshim::py
