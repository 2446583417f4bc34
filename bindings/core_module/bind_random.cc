#include "cryptoshim/random.h"
#include "plain_functions.h"
#include "random_object.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

// random_bytes(n) as a plain C function writing into the bytes object it
// returns: M2Crypto's Rand.rand_bytes is called per nonce or token, where
// pybind11's dispatcher and a zero-filled std::string copied into the bytes
// cost more than RAND_bytes. A non-negative integer, as pybind11's size_t
// caster took.
PyObject* RandomBytesFunction(PyObject*, PyObject* arg) {
  if (PyFloat_Check(arg)) {
    PyErr_SetString(PyExc_TypeError, "random_bytes() argument must be an integer, not float");
    return nullptr;
  }
  const Py_ssize_t n = PyLong_Check(arg) ? PyLong_AsSsize_t(arg) : PyNumber_AsSsize_t(arg, nullptr);
  if (n == -1 && PyErr_Occurred()) return nullptr;
  if (n < 0) {
    PyErr_SetString(PyExc_TypeError, "random_bytes() argument must not be negative");
    return nullptr;
  }
  if (n > INT_MAX)
    return RaiseStatus(Status(ErrorCode::kInvalidArgument, "too many random bytes requested"));
  return NewRandomBytes(n);
}

PyMethodDef kFunctions[] = {{"random_bytes", RandomBytesFunction, METH_O,
                             "random_bytes(n: int) -> bytes\n\nn bytes from the CSPRNG."}};

}  // namespace

void RegisterRandom(::py::module_& m) {
  AddFunctions(m, kFunctions);
  m.def("random_add", [](::py::bytes data, double entropy) {
    std::string_view view = data;
    AddRandomSeed(view, entropy);
  });
  m.def("random_status", &RandomStatus);
}

}  // namespace cryptoshim::py
