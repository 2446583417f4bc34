// How the legacy instrumentation is configured (cryptoshim.policy and
// cryptoshim.configure set it through _core): the warning classes, the
// warning mode, the strict policy and our packages' directories. Shared by
// bind_telemetry.cc and the inline fast path of every legacy call
// (legacy_call.h). Touched only with the GIL held.
#pragma once

#include <Python.h>

#include <string>
#include <vector>

namespace cryptoshim::py {

// CRYPTOSHIM_WARNINGS / cryptoshim.configure(warnings=...): how our own
// warnings come out. kOff still counts; kError raises the warning class
// whatever the program's warning filters say.
enum class WarningMode { kDefault = 0, kOff = 1, kError = 2 };

struct Config {
  PyObject* legacy_warning = PyExc_DeprecationWarning;  // set by cryptoshim.policy
  PyObject* insecure_warning = PyExc_UserWarning;
  PyObject* insecure_error = PyExc_RuntimeError;
  std::vector<std::string> internal_prefixes;  // our packages' directories
  bool strict = false;
  WarningMode warning_mode = WarningMode::kDefault;
};

inline Config& GetConfig() {
  static auto* config = new Config();
  return *config;
}

}  // namespace cryptoshim::py
