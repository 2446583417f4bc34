// Legacy entry-point instrumentation: counting, call-site capture, warnings
// and the safety policy. The counters live in shims/ (no Python); this file
// only knows how to find the caller's frame and how to warn or raise there.
#include <Python.h>
#include <frameobject.h>
#include <pybind11/stl.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "call_sites.h"
#include "caller_frame.h"
#include "cryptoshim/shims/catalog.h"
#include "cryptoshim/shims/telemetry.h"
#include "legacy_call.h"
#include "legacy_config.h"
#include "legacy_function.h"
#include "plain_functions.h"
#include "register.h"
#include "unsafe_site_memo.h"
#include "warning_filters.h"

namespace py = pybind11;

namespace cryptoshim::py {
namespace {

using shims::Catalog;

PyObject* Ref(PyObject* o) {
  Py_INCREF(o);
  return o;
}
using shims::Safety;
using shims::TelemetryRegistry;

WarningMode ToWarningMode(int mode) {
  if (mode < 0 || mode > 2) throw ::py::value_error("warning mode must be 0, 1 or 2");
  return static_cast<WarningMode>(mode);
}

// Messages are built once per entry, on first use.
std::vector<std::string>& Messages() {
  static auto* messages = new std::vector<std::string>(Catalog().size());
  return *messages;
}

const std::string& MessageFor(size_t index) {
  std::string& msg = Messages()[index];
  if (msg.empty()) {
    const auto& e = Catalog()[index];
    msg = std::string(e.module) + "." + std::string(e.qualname) + " is a legacy API";
    if (!e.removed_in.empty()) {
      msg += " (removed upstream in " + std::string(e.removed_in) + ")";
    } else if (!e.deprecated_in.empty()) {
      msg += " (deprecated upstream in " + std::string(e.deprecated_in) + ")";
    }
    msg += "; use " + std::string(e.replacement) + " [cryptoshim:" + std::string(e.id) + "]";
  }
  return msg;
}

// Whether a code object belongs to cryptoshim or a drop-in package. Cached
// per code object; the cache holds a reference so an address is never reused
// by a different code object while it is cached.
bool IsInternal(PyCodeObject* code) {
  static auto* cache = new std::unordered_map<PyCodeObject*, bool>();
  auto it = cache->find(code);
  if (it != cache->end()) return it->second;
  if (cache->size() > 8192) {
    for (auto& [c, _] : *cache) Py_DECREF(c);
    cache->clear();
  }
  Py_ssize_t len = 0;
  const char* filename = PyUnicode_AsUTF8AndSize(code->co_filename, &len);
  bool internal = false;
  if (filename != nullptr) {
    std::string_view name(filename, static_cast<size_t>(len));
    for (const auto& prefix : GetConfig().internal_prefixes) {
      if (name.substr(0, prefix.size()) == prefix) {
        internal = true;
        break;
      }
    }
  } else {
    PyErr_Clear();
  }
  Py_INCREF(code);
  cache->emplace(code, internal);
  return internal;
}

struct CallSite {
  bool nested = false;  // called from inside our own packages: not counted
  int stacklevel = 1;   // warnings stacklevel that points at the caller
  std::string site;     // "file:line" of the caller (when asked for)
};

enum class SiteText { kMake, kSkip };

// Frame 0 is the shim's wrapper. The caller is the first frame above it that
// is not ours; if the wrapper's direct caller is ours, the call is internal.
// The "file:line" text costs a scan of the caller's line table: made only
// for callers that record it (kMake). `caller_frame`, when given, receives a
// new reference to the caller's frame (nullptr when there is none).
CallSite FindCaller(bool stop_if_nested, SiteText text = SiteText::kMake,
                    PyFrameObject** caller_frame = nullptr) {
  if (caller_frame != nullptr) *caller_frame = nullptr;
  CallSite result;
  PyFrameObject* frame = PyEval_GetFrame();  // borrowed
  if (frame == nullptr) return result;
  Py_INCREF(frame);
  int level = 1;
  bool first = true;
  while (frame != nullptr) {
    PyCodeObject* code = PyFrame_GetCode(frame);
    bool internal = IsInternal(code);
    if (!first && !internal) {
      if (text == SiteText::kMake) {
        Py_ssize_t len = 0;
        const char* filename = PyUnicode_AsUTF8AndSize(code->co_filename, &len);
        result.site =
            std::string(filename ? filename : "?", filename ? static_cast<size_t>(len) : 1);
        result.site += ":" + std::to_string(PyFrame_GetLineNumber(frame));
      }
      result.stacklevel = level;
      Py_DECREF(code);
      if (caller_frame != nullptr) {
        *caller_frame = frame;  // the reference passes to the caller
      } else {
        Py_DECREF(frame);
      }
      return result;
    }
    if (stop_if_nested && !first && level == 2 && internal) result.nested = true;
    Py_DECREF(code);
    PyFrameObject* back = PyFrame_GetBack(frame);
    Py_DECREF(frame);
    frame = back;
    first = false;
    ++level;
    if (result.nested) {
      Py_XDECREF(frame);
      return result;
    }
  }
  return result;
}

void Warn(PyObject* category, const std::string& message, int stacklevel) {
  switch (GetConfig().warning_mode) {
    case WarningMode::kOff:
      return;
    case WarningMode::kError:
      PyErr_SetString(category, message.c_str());
      throw ::py::error_already_set();
    case WarningMode::kDefault:
      break;
  }
  if (Filters().IgnoredEverywhere(category)) return;
  if (PyErr_WarnEx(category, message.c_str(), stacklevel) < 0) {
    throw ::py::error_already_set();
  }
}

void CheckIndex(size_t index) {
  if (index >= Catalog().size()) throw ::py::index_error("no such catalog entry");
}

// Whether an unsafe operation would pass without a word: compat, and the
// insecure warning off or ignored by every filter.
bool InsecureWarningDropped() {
  const Config& config = GetConfig();
  if (config.strict) return false;
  return config.warning_mode == WarningMode::kOff ||
         (config.warning_mode == WarningMode::kDefault &&
          Filters().IgnoredEverywhere(config.insecure_warning));
}

// The InsecureLegacyWarning text for `reason` at catalog entry `index`.
std::string UnsafeMessage(size_t index, const std::string& reason) {
  const auto& e = Catalog()[index];
  return std::string(e.module) + "." + std::string(e.qualname) + ": " + reason +
         " is insecure; use " + std::string(e.replacement) + " [cryptoshim:" + std::string(e.id) +
         "]";
}

// Applies the safety policy to an unsafe operation: a loud warning in compat
// mode, an exception in strict mode.
void UnsafeOperation(size_t index, const std::string& reason, int stacklevel) {
  if (InsecureWarningDropped()) return;  // not worth a message
  std::string msg = UnsafeMessage(index, reason);
  if (GetConfig().strict) {
    PyErr_SetString(GetConfig().insecure_error,
                    (msg + " (refused: CRYPTOSHIM_POLICY=strict)").c_str());
    throw ::py::error_already_set();
  }
  Warn(GetConfig().insecure_warning, msg, stacklevel);
}

UnsafeSiteMemo& UnsafeSites() {
  static auto* memo = new UnsafeSiteMemo();  // never freed: holds code objects past finalization
  return *memo;
}

// UnsafeOperation at the caller `frame` (running `code` at `lasti` with
// `globals`, `stacklevel` frames up; nullptr: no Python caller). In compat
// mode under the default warning mode the warning is skipped when the
// site's verdict says the warnings machinery would drop it, else warned and
// the verdict remembered (unsafe_site_memo.h); strict, the other modes and
// a call without a frame take UnsafeOperation as it is.
void UnsafeOperationAtSite(size_t index, const std::string& reason, PyCodeObject* code, int lasti,
                           PyObject* globals, PyFrameObject* frame, int stacklevel) {
  const Config& config = GetConfig();
  if (config.strict || config.warning_mode != WarningMode::kDefault || frame == nullptr) {
    UnsafeOperation(index, reason, stacklevel);
    return;
  }
  UnsafeSite* site = UnsafeSites().For(code, lasti, index, reason);
  FilterCache& filters = Filters();
  if (site != nullptr && site->verdict.Drops(globals, filters.generation())) return;
  const std::string msg = UnsafeMessage(index, reason);
  ::py::str text(msg);
  const int lineno = PyFrame_GetLineNumber(frame);
  if (site != nullptr && filters.list() != nullptr &&
      site->verdict.Ignores(filters.list(), filters.generation(), globals, text.ptr(),
                            config.insecure_warning, lineno)) {
    return;
  }
  Warn(config.insecure_warning, msg, stacklevel);
  if (site != nullptr) {
    site->verdict.RecordShown(globals, text.ptr(), config.insecure_warning, lineno,
                              filters.generation());
  }
}

// _core.unsafe_operation: UnsafeOperation at the first caller outside our
// packages. Under the default mode a repeat at a site with the same reason
// asks the site's verdict first, and skips PyErr_WarnEx when the warnings
// machinery would drop the warning (unsafe_site_memo.h).
void UnsafeOperationAtCaller(size_t index, const std::string& reason) {
  CheckIndex(index);
  if (InsecureWarningDropped()) return;  // nothing to say, nothing to refuse
  PyFrameObject* raw = nullptr;
  CallSite caller = FindCaller(/*stop_if_nested=*/false, SiteText::kSkip, &raw);
  ::py::object frame = ::py::reinterpret_steal<::py::object>(reinterpret_cast<PyObject*>(raw));
  if (raw == nullptr) {
    UnsafeOperation(index, reason, caller.stacklevel);
    return;
  }
  ::py::object code =
      ::py::reinterpret_steal<::py::object>(reinterpret_cast<PyObject*>(PyFrame_GetCode(raw)));
  ::py::object globals = ::py::reinterpret_steal<::py::object>(PyFrame_GetGlobals(raw));
  UnsafeOperationAtSite(index, reason, reinterpret_cast<PyCodeObject*>(code.ptr()),
                        PyFrame_GetLasti(raw), globals.ptr(), raw, caller.stacklevel);
}

void LegacyCall(size_t index) {
  CheckIndex(index);
  const bool unsafe = Catalog()[index].safety == Safety::kUnsafe;
  // Fast path: nothing to count, nothing to show, nothing to refuse, so the
  // caller's frame is not needed.
  const WarningMode mode = GetConfig().warning_mode;
  if (!unsafe && !TelemetryRegistry::Global().enabled() &&
      (mode == WarningMode::kOff || (mode == WarningMode::kDefault &&
                                     Filters().IgnoredEverywhere(GetConfig().legacy_warning)))) {
    return;
  }
  CallSite caller = FindCaller(/*stop_if_nested=*/true);
  if (caller.nested) return;
  TelemetryRegistry::Global().RecordCall(index, caller.site);
  Warn(GetConfig().legacy_warning, MessageFor(index), caller.stacklevel);
  const auto& e = Catalog()[index];
  if (e.safety == Safety::kUnsafe) {
    UnsafeOperation(index, "this entry point", caller.stacklevel);
  }
}

// "file:line" of a call site, made once per site (SiteCache).
std::string SiteString(PyCodeObject* code, PyFrameObject* frame) {
  if (frame == nullptr) PyErr_Clear();  // PyEval_GetFrame could not allocate
  Py_ssize_t len = 0;
  const char* filename = PyUnicode_AsUTF8AndSize(code->co_filename, &len);
  if (filename == nullptr) PyErr_Clear();
  std::string site(filename ? filename : "?", filename ? static_cast<size_t>(len) : 1);
  return site + ":" + std::to_string(frame ? PyFrame_GetLineNumber(frame) : 0);
}

}  // namespace

namespace {

// The call site's entry, from the wrapper's memo when it was called from the
// same place last time (no hash probe), else from the cache.
SiteInfo& SiteFor(const Caller& caller, size_t index, CallSiteMemo* memo) {
  SiteCache& cache = *legacy_call_hot.sites;
  if (memo != nullptr && memo->code == caller.code && memo->lasti == caller.lasti &&
      memo->epoch == cache.epoch()) {
    return *memo->site;
  }
  bool fresh = false;
  SiteInfo& site = cache.Lookup(caller.code, caller.lasti, index, &fresh);
  if (fresh) site.internal = IsInternal(caller.code);
  if (memo != nullptr) {
    *memo = CallSiteMemo{};
    memo->code = caller.code;
    memo->lasti = caller.lasti;
    memo->internal = site.internal;
    memo->epoch = cache.epoch();
    memo->site = &site;
    if (legacy_call_hot.catalog[index].safety == Safety::kUnsafe) {
      // The insecure warning's site, whose verdict the fast path asks; with
      // none (the unsafe-site memo is full), epoch 0 never matches: always
      // the slow path.
      memo->unsafe = UnsafeSites().For(caller.code, caller.lasti, index, kUnsafeEntryPointReason);
      if (memo->unsafe == nullptr) memo->epoch = 0;
    }
  }
  return site;
}

// The legacy warning for a call from Python. Dropped when the site's
// verdict says the warnings machinery would drop it (WarningVerdict: the
// filters ignore it for the caller's module, or it was shown here and the
// registry suppresses repeats); else warned, and what that leaves in the
// registry is remembered for the next call from the site.
void ShowLegacyWarning(size_t index, const Caller& caller, SiteInfo* site) {
  const Config& config = *legacy_call_hot.config;
  const std::string& message = MessageFor(index);
  if (site == nullptr || config.warning_mode != WarningMode::kDefault) {
    Warn(config.legacy_warning, message, 1);
    return;
  }
  const FilterCache& filters = *legacy_call_hot.filters;
  WarningVerdict& verdict = site->verdict;
  if (verdict.Drops(caller.globals, filters.generation())) return;
  PyFrameObject* frame = PyEval_GetFrame();  // borrowed: the frame PyErr_WarnEx reads
  if (frame == nullptr) {
    PyErr_Clear();
    Warn(config.legacy_warning, message, 1);
    return;
  }
  const int lineno = PyFrame_GetLineNumber(frame);
  ::py::str text(message);
  if (verdict.Ignores(filters.list(), filters.generation(), caller.globals, text.ptr(),
                      config.legacy_warning, lineno)) {
    return;
  }
  Warn(config.legacy_warning, message, 1);
  verdict.RecordShown(caller.globals, text.ptr(), config.legacy_warning, lineno,
                      filters.generation());
}

// The insecure warning of a call of an unsafe entry point (the wrapper
// adds no frame: the caller is the current frame), through the caller's
// site verdict under the default warning mode, as _core.unsafe_operation.
void UnsafeEntryPoint(size_t index, const Caller& caller) {
  static const std::string kReason(kUnsafeEntryPointReason);
  if (InsecureWarningDropped()) return;  // nothing to say, nothing to refuse
  PyFrameObject* frame = caller.code == nullptr ? nullptr : PyEval_GetFrame();  // borrowed
  if (caller.code != nullptr && frame == nullptr) PyErr_Clear();
  UnsafeOperationAtSite(index, kReason, caller.code, caller.lasti, caller.globals, frame, 1);
}

}  // namespace

// LegacyCallAtCaller's general case: any mode, first calls at a site, a
// reset registry, unsafe entries, a warning to show. The warning decision is
// taken first: when the filters ignore our category (the cached verdict,
// FilterCache) no message is fetched and nothing is called.
LegacyCallHot legacy_call_hot;

namespace {
// How many calls took LegacyCallSlow (_core.legacy_call_slow_paths): a
// repeat call from one site must not, or every call pays the slow path's
// microsecond while behaving the same.
uint64_t legacy_call_slow_paths = 0;
}  // namespace

[[gnu::noinline]] int LegacyCallSlow(size_t index, CallSiteMemo* memo) noexcept {
  ++legacy_call_slow_paths;  // under the GIL
  try {
    const bool unsafe = legacy_call_hot.catalog[index].safety == Safety::kUnsafe;
    TelemetryRegistry& registry = *legacy_call_hot.registry;
    const Config& config = *legacy_call_hot.config;
    const bool counting = registry.enabled();
    const WarningMode mode = config.warning_mode;
    const bool quiet = mode == WarningMode::kOff ||
                       (mode == WarningMode::kDefault &&
                        legacy_call_hot.filters->IgnoredEverywhere(config.legacy_warning));
    if (!unsafe && !counting && quiet) return 0;
    const Caller caller = CurrentCaller();  // nullptr code: called from C only
    SiteInfo* at = nullptr;
    if (caller.code != nullptr) {
      SiteInfo& site = SiteFor(caller, index, memo);
      at = &site;
      if (site.internal) return 0;
      if (counting) {
        const uint64_t generation = registry.generation();
        if (site.generation != generation) {
          // Once per site: the line number needs the frame object.
          site.counter = registry.SiteCounter(index, SiteString(caller.code, PyEval_GetFrame()));
          site.generation = generation;
        }
        registry.RecordAtSerialized(index, site.counter);  // under the GIL
        if (memo != nullptr && memo->site == &site) {      // the fast path's counters
          memo->generation = generation;
          memo->calls = registry.CallsCounter(index);
          memo->site_calls = site.counter ? site.counter : registry.DroppedCounter(index);
        }
      }
    } else {
      registry.RecordCall(index, "");
    }
    if (!quiet) ShowLegacyWarning(index, caller, at);
    if (unsafe) UnsafeEntryPoint(index, caller);
    return 0;
  } catch (::py::error_already_set& e) {
    e.restore();
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  }
  return -1;
}

bool StrictPolicy() noexcept { return GetConfig().strict; }

namespace {

// A plain function (plain_functions.h): every client handshake asks.
PyObject* IsStrict(PyObject*, PyObject*) { return PyBool_FromLong(StrictPolicy()); }

PyMethodDef kPolicyFunctions[] = {
    {"is_strict", IsStrict, METH_NOARGS,
     "is_strict() -> bool\n\nWhether the strict policy (CRYPTOSHIM_POLICY=strict) is on."},
};

::py::dict EntryDict(size_t i) {
  const auto& e = Catalog()[i];
  ::py::dict d;
  d["index"] = i;
  d["id"] = std::string(e.id);
  d["module"] = std::string(e.module);
  d["name"] = std::string(e.qualname);
  d["kind"] = std::string(shims::KindName(e.kind));
  d["deprecated"] = std::string(e.deprecated_in);
  d["removed"] = std::string(e.removed_in);
  d["safety"] = std::string(shims::SafetyName(e.safety));
  d["replacement"] = std::string(e.replacement);
  d["unsafe_when"] = std::string(e.unsafe_when);
  d["shimmed"] = e.shimmed;
  return d;
}

}  // namespace

void RegisterTelemetry(::py::module_& m) {
  legacy_call_hot = LegacyCallHot{Catalog().data(), &TelemetryRegistry::Global(), &GetConfig(),
                                  &Filters(), &Sites()};
  m.def(
      "catalog",
      [] {
        ::py::list out;
        for (size_t i = 0; i < Catalog().size(); ++i) out.append(EntryDict(i));
        return out;
      },
      "Every catalog record, as compiled into this build.");
  m.def("api_index", [](std::string_view id) {
    auto index = shims::FindCatalogIndex(id);
    if (!index) throw ::py::key_error("no catalog record for legacy API " + std::string(id));
    return *index;
  });
  RegisterLegacyFunction(m);
  m.def("legacy_call", &LegacyCall, ::py::arg("index"),
        "Count, record the call site, warn, and apply the policy for one call.");
  m.def("unsafe_operation", &UnsafeOperationAtCaller, ::py::arg("index"), ::py::arg("reason"));
  m.def(
      "legacy_call_slow_paths", [] { return legacy_call_slow_paths; },
      "How many legacy calls so far left the C wrapper's fast path (first calls at a site, "
      "warnings shown, a reset registry, unsafe entries).");
  m.def("configure",
        [](::py::object legacy_warning, ::py::object insecure_warning, ::py::object insecure_error,
           std::vector<std::string> prefixes, bool strict, int warning_mode) {
          Config& c = GetConfig();
          // The classes are module-level objects of cryptoshim.exceptions;
          // hold our own reference regardless.
          c.legacy_warning = legacy_warning.inc_ref().ptr();
          c.insecure_warning = insecure_warning.inc_ref().ptr();
          c.insecure_error = insecure_error.inc_ref().ptr();
          c.internal_prefixes = std::move(prefixes);
          c.strict = strict;
          c.warning_mode = ToWarningMode(warning_mode);
        });
  m.def(
      "set_warning_mode", [](int mode) { GetConfig().warning_mode = ToWarningMode(mode); },
      "0 default (warnings.warn), 1 off (count only), 2 error (raise the warning class).");
  m.def("warning_mode", [] { return static_cast<int>(GetConfig().warning_mode); });
  m.def("add_internal_prefix",
        [](const std::string& prefix) { GetConfig().internal_prefixes.push_back(prefix); });
  m.def("set_strict", [](bool strict) { GetConfig().strict = strict; });
  AddFunctions(m, kPolicyFunctions);
  m.def("set_telemetry_enabled", [](bool on) { TelemetryRegistry::Global().set_enabled(on); });
  m.def("telemetry_enabled", [] { return TelemetryRegistry::Global().enabled(); });
  m.def("set_max_sites", [](size_t n) { TelemetryRegistry::Global().set_max_sites(n); });
  m.def("telemetry_snapshot", [] {
    ::py::list out;
    std::vector<shims::EntryCounts> snapshot;
    {
      ::py::gil_scoped_release release;
      snapshot = TelemetryRegistry::Global().Snapshot();
    }
    for (const auto& c : snapshot) {
      ::py::dict sites;
      for (const auto& s : c.sites) sites[::py::str(s.site)] = s.calls;
      ::py::dict d;
      d["id"] = std::string(Catalog()[c.index].id);
      d["calls"] = c.calls;
      d["sites"] = sites;
      d["calls_at_dropped_sites"] = c.calls_at_dropped_sites;
      out.append(d);
    }
    return out;
  });
  m.def("telemetry_reset", [] { TelemetryRegistry::Global().Reset(); });
}

}  // namespace cryptoshim::py
