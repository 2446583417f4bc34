// The single place where core Status values become Python exceptions.
// cryptoshim._core.Error carries `.code` (an ErrorCode name) and `.errors`
// (OpenSSL's queue as (library, function, reason) tuples, the shape pyOpenSSL
// uses); each drop-in package maps it onto its own exception class.
#pragma once

#include <pybind11/pybind11.h>

#include "cryptoshim/status.h"

namespace cryptoshim::py {

// Raises the Python exception for a failed Status. Never returns.
[[noreturn]] void ThrowStatus(const Status& status);

inline void ThrowIfError(const Status& status) {
  if (!status.ok()) ThrowStatus(status);
}

// For plain C functions outside pybind11's dispatcher: sets the same
// Python exception for a failed Status and returns nullptr.
PyObject* RaiseStatus(const Status& status);

template <typename T>
T ValueOrThrow(StatusOr<T>&& result) {
  if (!result.ok()) ThrowStatus(result.status());
  return std::move(result).value();
}

}  // namespace cryptoshim::py
