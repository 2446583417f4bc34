// The pieces every binding of a TlsConnection I/O step shares (bind_tls.cc,
// bind_m2_tls_io.cc): the bytes object a read fills in place, the io tuple
// the drop-ins map onto their exceptions, and the step run without the GIL
// under the connection's lock.
#pragma once

#include <pybind11/pybind11.h>

#include <mutex>
#include <vector>

#include "callback_bridge.h"
#include "cryptoshim/tls_connection.h"

namespace cryptoshim::py {

// A bytes object filled in place: allocated without zeroing (reads can ask
// for megabytes and get one record), written without the GIL while no other
// reference exists, then shrunk to what was read.
class UninitBytes {
 public:
  explicit UninitBytes(int size) : size_(size > 0 ? size : 0) {
    obj_ = PyBytes_FromStringAndSize(nullptr, size_);
    if (obj_ == nullptr) throw pybind11::error_already_set();
  }
  ~UninitBytes() { Py_XDECREF(obj_); }
  UninitBytes(const UninitBytes&) = delete;
  UninitBytes& operator=(const UninitBytes&) = delete;
  char* data() { return PyBytes_AS_STRING(obj_); }
  int size() const { return static_cast<int>(size_); }
  pybind11::bytes Take(int n) {
    if (_PyBytes_Resize(&obj_, n) != 0) throw pybind11::error_already_set();  // frees on failure
    PyObject* out = obj_;
    obj_ = nullptr;
    return pybind11::reinterpret_steal<pybind11::bytes>(out);
  }

 private:
  Py_ssize_t size_;
  PyObject* obj_ = nullptr;
};

// Built as a tuple of its final size: nearly every I/O step has no errors,
// and the empty tuple is CPython's shared one (no list made, copied, freed).
inline pybind11::tuple ErrorTuples(const std::vector<OpenSslError>& errors) {
  pybind11::tuple out(errors.size());
  for (size_t i = 0; i < errors.size(); ++i) {
    const OpenSslError& e = errors[i];
    out[i] = pybind11::make_tuple(e.library, e.function, e.reason);
  }
  return out;
}

// (status, result, errno, errors) for the drop-in to map onto exceptions.
inline pybind11::tuple IoTuple(const TlsIo& io, pybind11::object result) {
  return pybind11::make_tuple(static_cast<int>(io.status), result, io.sys_errno,
                              ErrorTuples(io.errors));
}

// One I/O step without the GIL, under the connection's lock (its thread
// contract): two threads driving one connection take turns instead of
// racing inside OpenSSL. The lock is taken after the GIL is released, so a
// callback that needs the GIL back cannot deadlock against a thread that
// holds the GIL and waits for the lock (see ConnectionGuard in bind_tls.cc).
template <typename Fn>
TlsIo RunIo(TlsConnection& c, Fn&& fn) {
  TlsIo io;
  {
    pybind11::gil_scoped_release release;
    std::lock_guard<std::recursive_mutex> lock(c.mutex());
    io = fn();
  }
  Parked().RethrowIfAny();
  return io;
}

}  // namespace cryptoshim::py
