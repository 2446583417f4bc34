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

// stream->Update(data): true, or false with the Status's exception set.
template <typename T>
bool StreamUpdate(T* stream, std::string_view data) {
  Status status = LockedCall(stream, data.size(), [&] { return stream->Update(data); });
  return status.ok() || RaiseStatus(status) != nullptr;
}

// stream->Finalize() as bytes, or nullptr with the Status's exception set.
template <typename T>
PyObject* StreamFinal(T* stream) {
  StatusOr<Bytes> out = [&] {
    ObjectGuard guard(stream);
    return stream->Finalize();
  }();
  if (!out.ok()) return RaiseStatus(out.status());
  return PyBytes_FromStringAndSize(out->data(), static_cast<Py_ssize_t>(out->size()));
}

}  // namespace cryptoshim::py
