#include "cryptoshim/random.h"
#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {

void RegisterRandom(::py::module_& m) {
  m.def("random_bytes", [](size_t n) { return ::py::bytes(ValueOrThrow(RandomBytes(n))); });
  m.def("random_add", [](::py::bytes data, double entropy) {
    std::string_view view = data;
    AddRandomSeed(view, entropy);
  });
  m.def("random_status", &RandomStatus);
}

}  // namespace cryptoshim::py
