// The C entry-point wrapper behind cryptoshim.legacy.entry_point.
#pragma once

#include <pybind11/pybind11.h>

#include <cstddef>

#include "call_sites.h"

namespace cryptoshim::py {

// Count, record the call site, warn and apply the policy for one call of
// catalog entry `index`, the caller being the current Python frame. 0, or -1
// with a Python exception set (CRYPTOSHIM_WARNINGS=error, strict policy).
// `memos` is the wrapper's memory of its last call sites (may be null).
int LegacyCallAtCaller(size_t index, CallSiteMemos* memos) noexcept;

// Whether the strict policy is on (_core.is_strict(), without the call).
bool StrictPolicy() noexcept;

// _core.LegacyFunction(index, function, errors, core_error).
void RegisterLegacyFunction(pybind11::module_& m);

}  // namespace cryptoshim::py
