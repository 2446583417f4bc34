// The per-call instrumentation of a legacy entry point (count, call site,
// warning, policy), as the C wrapper (legacy_function.cc) runs it. The
// common case is inline here, so that it shares the wrapper's frame: as a
// call of its own into bind_telemetry.cc it cost 110 instructions, a fifth
// of them saving and restoring registers around the frame lookup (callgrind,
// m2.bn_to_hex(m2.dec_to_bn(...)), whose two legacy calls then cost more
// than SWIG's own work). Everything else is LegacyCallSlow's.
//
// Thread contract: called with the GIL held, like everything it reads.
#pragma once

#include <Python.h>

#include <cstddef>

#include "call_sites.h"
#include "caller_frame.h"
#include "cryptoshim/shims/catalog.h"
#include "cryptoshim/shims/telemetry.h"
#include "legacy_config.h"
#include "unsafe_site_memo.h"
#include "warning_filters.h"

namespace cryptoshim::py {

// What every wrapped call reads, resolved once in RegisterTelemetry (module
// init, before any LegacyFunction exists) instead of through the accessors'
// function-local statics and the shims library's PLT on each call.
struct LegacyCallHot {
  const shims::CatalogEntry* catalog = nullptr;
  shims::TelemetryRegistry* registry = nullptr;
  Config* config = nullptr;
  FilterCache* filters = nullptr;
  SiteCache* sites = nullptr;
};
extern LegacyCallHot legacy_call_hot;

// LegacyCallAtCaller's general case (bind_telemetry.cc): any mode, first
// calls at a site, a reset registry, unsafe entries, a warning to show.
// `memo` is the one to fill for the caller's site (may be null).
int LegacyCallSlow(size_t index, CallSiteMemo* memo) noexcept;

// Count, record the call site, warn and apply the policy for one call of
// catalog entry `index`, the caller being the current Python frame. 0, or -1
// with a Python exception set (CRYPTOSHIM_WARNINGS=error, strict policy).
// `memos` is the wrapper's memory of its last call sites (may be null).
//
// No wrapper frame: the caller is the current Python frame, keyed by code
// object and instruction offset. The common case - a safe entry, warnings
// ignored, off, or dropped at this site (WarningVerdict), called again from
// one of the two places the wrapper's memos remember, its counter current -
// is a few loads and two counter bumps (no try block, no strings);
// everything else goes to LegacyCallSlow, which decides the same way.
//
// An unsafe entry stays on it while its insecure warning would come to
// nothing too (UnsafeEntryDropped): compat, and the warning dropped at the
// site; strict refuses every call, in the slow path.
//
// The memo carries what the fast path needs (the counters are cached in it,
// and an unsafe entry's warning site), so a repeat call reads no catalog record,
// no registry slot and, unless warnings are shown, no SiteInfo: the memo,
// the warning state, the registry's flag and generation, and two counter
// bumps.
[[gnu::always_inline]] inline int LegacyCallAtCaller(size_t index, CallSiteMemos* memos) noexcept {
  const LegacyCallHot& hot = legacy_call_hot;
  const Config& config = *hot.config;
  const WarningMode mode = config.warning_mode;
  const FilterCache& filters = *hot.filters;
  const Caller caller = CurrentCaller();
  CallSiteMemo* memo = memos == nullptr ? nullptr : memos->Find(caller.code, caller.lasti);
  // shown: warnings reach warnings.warn, which the site's WarningVerdict
  // may answer for.
  const bool* ignored = filters.FreshAnswer(config.legacy_warning);
  const bool shown = mode == WarningMode::kDefault && !(ignored != nullptr && *ignored);
  if (memo == nullptr || mode == WarningMode::kError || (shown && ignored == nullptr) ||
      memo->epoch != hot.sites->epoch() || caller.code == nullptr) [[unlikely]] {
    if (memo == nullptr && memos != nullptr) memo = memos->Replaced();
    return LegacyCallSlow(index, memo);
  }
  if (memo->internal) return 0;
  if (shown && !memo->site->verdict.Drops(caller.globals, filters.generation())) [[unlikely]] {
    return LegacyCallSlow(index, memo);
  }
  if (memo->unsafe != nullptr &&
      !UnsafeEntryDropped(*memo->unsafe, config.strict, mode == WarningMode::kOff,
                          config.insecure_warning, filters, caller.globals)) [[unlikely]] {
    return LegacyCallSlow(index, memo);
  }
  const shims::TelemetryRegistry& registry = *hot.registry;
  if (!registry.enabled()) return 0;
  if (memo->generation != registry.generation()) [[unlikely]] {
    return LegacyCallSlow(index, memo);
  }
  shims::TelemetryRegistry::BumpSerialized(*memo->calls);  // under the GIL
  shims::TelemetryRegistry::BumpSerialized(*memo->site_calls);
  return 0;
}

}  // namespace cryptoshim::py
