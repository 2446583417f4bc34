// Argument views and results of the plain C functions over core values, and
// update(data) and finalize() of a core stream (Digest, HmacStream) for the
// plain C functions that call them without pybind11 (m2_handle_call.cc,
// m2_hmac_stream.cc): as the bound methods, under the object's lock and,
// for long inputs, without the GIL.
//
// Thread contract: called with the GIL held; the lock is the object's
// (ObjectGuard), so two threads never run one stream at once.
#pragma once

#include <Python.h>

#include <string_view>

#include "cryptoshim/bytes.h"
#include "gil.h"
#include "status_conversion.h"

namespace cryptoshim::py {

// The bytes in `arg` (borrowed: the caller's reference keeps them alive and
// unchanged without the GIL), or false with TypeError naming `what`.
inline bool BytesArg(PyObject* arg, const char* what, std::string_view* out) {
  if (!PyBytes_Check(arg)) {
    PyErr_Format(PyExc_TypeError, "%s must be bytes, not %.200s", what, Py_TYPE(arg)->tp_name);
    return false;
  }
  *out = std::string_view(PyBytes_AS_STRING(arg), static_cast<size_t>(PyBytes_GET_SIZE(arg)));
  return true;
}

// The UTF-8 text of a str argument (borrowed: cached in the str), or false
// with TypeError naming `what`.
inline bool StrArg(PyObject* arg, const char* what, std::string_view* out) {
  if (!PyUnicode_Check(arg)) {
    PyErr_Format(PyExc_TypeError, "%s must be str, not %.200s", what, Py_TYPE(arg)->tp_name);
    return false;
  }
  Py_ssize_t size = 0;
  const char* text = PyUnicode_AsUTF8AndSize(arg, &size);
  if (text == nullptr) return false;
  *out = std::string_view(text, static_cast<size_t>(size));
  return true;
}

// A core result as bytes, or nullptr with the Status's exception set.
inline PyObject* BytesOrRaise(StatusOr<Bytes>&& out) {
  if (!out.ok()) return RaiseStatus(out.status());
  return PyBytes_FromStringAndSize(out->data(), static_cast<Py_ssize_t>(out->size()));
}

// stream->Update(data): true, or false with the Status's exception set.
template <typename T>
bool StreamUpdate(T* stream, std::string_view data) {
  Status status = LockedCall(stream, data.size(), [&] { return stream->Update(data); });
  return status.ok() || RaiseStatus(status) != nullptr;
}

// stream->Finalize() as bytes, or nullptr with the Status's exception set.
template <typename T>
PyObject* StreamFinal(T* stream) {
  ObjectGuard guard(stream);
  return BytesOrRaise(stream->Finalize());
}

}  // namespace cryptoshim::py
