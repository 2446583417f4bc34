#include <pybind11/stl.h>

#include <string>

#include "cryptoshim/error_queue.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

PyObject* g_error_type = nullptr;

const char* CodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "ok";
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kParse:
      return "parse";
    case ErrorCode::kBadPassword:
      return "bad_password";
    case ErrorCode::kVerifyFailed:
      return "verify_failed";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kPolicy:
      return "policy";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace

void ThrowStatus(const Status& status) {
  ::py::list errors;
  for (const auto& e : status.openssl_errors()) {
    errors.append(::py::make_tuple(e.library, e.function, e.reason));
  }
  ::py::object exc = ::py::reinterpret_borrow<::py::object>(g_error_type)(status.message());
  exc.attr("code") = CodeName(status.code());
  exc.attr("errors") = errors;
  PyErr_SetObject(g_error_type, exc.ptr());
  throw ::py::error_already_set();
}

PyObject* RaiseStatus(const Status& status) {
  try {
    ThrowStatus(status);
  } catch (::py::error_already_set& e) {
    e.restore();
  }
  return nullptr;
}

void RegisterErrors(::py::module_& m) {
  static ::py::exception<std::exception> error(m, "Error");
  g_error_type = error.ptr();
  m.def("drain_error_queue", [] {
    ::py::list out;
    for (const auto& e : DrainErrorQueue())
      out.append(::py::make_tuple(e.library, e.function, e.reason));
    return out;
  });
  m.attr("Error").attr("__doc__") =
      "A core failure: .code names the ErrorCode, .errors is OpenSSL's queue.";
}

}  // namespace cryptoshim::py
