#include "register.h"
#include "status_conversion.h"

namespace py = pybind11;

namespace cryptoshim::py {

void RegisterPkcs(::py::module_& m) { (void)m; }

}  // namespace cryptoshim::py
