// The C entry-point wrapper behind cryptoshim.legacy.entry_point.
#pragma once

#include <pybind11/pybind11.h>

#include <cstddef>

namespace cryptoshim::py {

// Whether the strict policy is on (_core.is_strict(), without the call).
bool StrictPolicy() noexcept;

// _core.LegacyFunction(index, function, errors, core_error).
void RegisterLegacyFunction(pybind11::module_& m);

}  // namespace cryptoshim::py
