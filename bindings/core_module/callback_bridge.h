// The bridge between Python callables and the core's std::function
// callbacks, shared by the TLS and key bindings. A callback runs inside an
// OpenSSL call, so it must never let a C++ exception unwind OpenSSL's C
// frames: the Python exception is parked instead and re-raised by the
// binding once the OpenSSL call has returned.
#pragma once

#include <pybind11/pybind11.h>

#include <exception>
#include <memory>
#include <optional>
#include <utility>

namespace py = pybind11;

namespace cryptoshim::py {

// The first Python exception raised by a callback during the current
// OpenSSL call on this thread.
struct ParkedError {
  std::optional<::py::error_already_set> error;
  void Park(::py::error_already_set& e) {
    if (!error) error = std::move(e);
  }
  void RethrowIfAny() {
    if (error) {
      ::py::error_already_set e = std::move(*error);
      error.reset();
      throw e;
    }
  }
};

// The slot of the current thread: a callback runs on the thread that made
// the OpenSSL call.
inline ParkedError& Parked() {
  thread_local ParkedError parked;
  return parked;
}

// A Python object whose copies and destruction are safe without the GIL:
// OpenSSL-side code copies the callbacks (std::function) while the GIL is
// released, and copying a captured py::object would touch its refcount.
inline std::shared_ptr<::py::object> GilSafe(::py::object obj) {
  return std::shared_ptr<::py::object>(new ::py::object(std::move(obj)), [](::py::object* p) {
    ::py::gil_scoped_acquire gil;
    delete p;
  });
}

// A weak reference to a Python callable, callable from core callbacks. The
// drop-in keeps every callable it registers alive on its Context/Connection
// objects; holding them strongly here as well would hide reference cycles
// (callback -> Context -> core context -> callback) from Python's GC.
class WeakCallable {
 public:
  explicit WeakCallable(const ::py::object& fn) : ref_(GilSafe(::py::weakref(fn))) {}
  template <typename... Args>
  ::py::object operator()(Args&&... args) const {
    ::py::object target = (*ref_)();
    if (target.is_none()) {
      PyErr_SetString(PyExc_RuntimeError, "TLS callback called after its owner was freed");
      throw ::py::error_already_set();
    }
    return target(std::forward<Args>(args)...);
  }

 private:
  std::shared_ptr<::py::object> ref_;
};

// Runs `fn` under the GIL; a Python exception yields `fallback`.
template <typename R, typename Fn>
R Guarded(R fallback, Fn&& fn) {
  ::py::gil_scoped_acquire gil;
  try {
    return fn();
  } catch (::py::error_already_set& e) {
    Parked().Park(e);
  } catch (const std::exception& e) {
    // A C++ exception from a conversion: report it as a Python one.
    PyErr_SetString(PyExc_RuntimeError, e.what());
    ::py::error_already_set err;
    Parked().Park(err);
  }
  return fallback;
}

}  // namespace cryptoshim::py
