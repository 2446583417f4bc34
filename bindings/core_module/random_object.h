// A new bytes object of n CSPRNG bytes, written in place (no zero fill, no
// copy), for the plain C random functions (_core.random_bytes and
// _core.m2crypto.rand_bytes), whose callers check n first.
//
// Thread contract: called with the GIL held; RAND_bytes is thread-safe.
#pragma once

#include <Python.h>

#include <cstddef>

#include "cryptoshim/random.h"
#include "status_conversion.h"

namespace cryptoshim::py {

// nullptr with the exception set (MemoryError, or the core's error for a
// failed RAND_bytes or an n past int lengths).
inline PyObject* NewRandomBytes(Py_ssize_t n) {
  PyObject* out = PyBytes_FromStringAndSize(nullptr, n);
  if (out == nullptr) return nullptr;
  if (Status s = RandomBytesInto(PyBytes_AS_STRING(out), static_cast<size_t>(n)); !s.ok()) {
    Py_DECREF(out);
    return RaiseStatus(s);
  }
  return out;
}

}  // namespace cryptoshim::py
