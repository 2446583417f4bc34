// The call sites of unsafe operations (_core.unsafe_operation, and calls of
// unsafe entry points), each with what the warnings machinery did with its
// warning.
//
// An unsafe operation repeated at one site with the same reason (an MD5
// digest in a loop, every full handshake against a server whose chain
// fails the WebPKI profile) warns each time, and the module's
// __warningregistry__ drops all but the first under the default filters;
// PyErr_WarnEx still costs 5,000 to 10,000 instructions to find that out.
// The site's WarningVerdict (warning_verdict.h) remembers the drop, as it
// does for legacy-call warnings, so a repeat skips PyErr_WarnEx while the
// filters, the caller's globals and its registry entry are unchanged.
//
// A site is the calling code object (held, so its address is never another
// code's) and instruction offset, the catalog entry and the reason: one
// caller line may warn two reasons for one entry, as `RC4.RC4(key)` does
// (the entry point itself, then the cipher), and the module's registry
// keeps each text apart, so one verdict per site and entry would be thrown
// away twice a call. At most kMaxSites are kept; past that, a new site is
// not remembered (it warns as before). Sites are never dropped, so a
// pointer to one stays valid (the legacy-call memos keep one, call_sites.h).
//
// Thread contract: only touched with the GIL held.
#pragma once

#include <Python.h>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>

#include "warning_verdict.h"

namespace cryptoshim::py {

// The reason a call of an unsafe entry point warns with.
inline constexpr std::string_view kUnsafeEntryPointReason = "this entry point";

struct UnsafeSite {
  WarningVerdict verdict;
};

// Whether an unsafe entry point's insecure warning comes to nothing at
// `site` now, without asking the warnings module: compat (strict refuses
// every call), and the warning off, ignored by every filter, or dropped by
// the site's verdict (the caller checked the warning mode is not "error").
// What LegacyCallSlow's UnsafeEntryPoint would find, so the fast path may
// skip it.
template <typename Filters>
bool UnsafeEntryDropped(const UnsafeSite& site, bool strict, bool warnings_off,
                        PyObject* insecure_warning, const Filters& filters, PyObject* globals) {
  if (strict) return false;
  if (warnings_off) return true;
  const bool* ignored = filters.FreshAnswer(insecure_warning);
  if (ignored != nullptr && *ignored) return true;
  return site.verdict.Drops(globals, filters.generation());
}

class UnsafeSiteMemo {
 public:
  // The site (code, lasti, index, reason), made on first use; nullptr when
  // full.
  UnsafeSite* For(PyCodeObject* code, int lasti, size_t index, std::string_view reason) {
    const auto found = sites_.find(View{reinterpret_cast<PyObject*>(code), lasti, index, reason});
    if (found != sites_.end()) return found->second.get();
    if (sites_.size() >= kMaxSites) return nullptr;
    Py_INCREF(code);  // kept for the life of the process, as the site cache keeps its codes
    const Key key{reinterpret_cast<PyObject*>(code), lasti, index, std::string(reason)};
    return sites_.emplace(key, std::make_unique<UnsafeSite>()).first->second.get();
  }

 private:
  static constexpr size_t kMaxSites = 4096;
  using Key = std::tuple<PyObject*, int, size_t, std::string>;
  using View = std::tuple<PyObject*, int, size_t, std::string_view>;
  // Compares keys and views alike as views, so a lookup makes no string.
  // (std::less<> would compare tuple<..., string> with tuple<..., string_view>
  // directly, which libstdc++ allows under GCC but not under Clang.)
  struct KeyLess {
    using is_transparent = void;
    static View AsView(const Key& key) {
      return {std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key)};
    }
    static const View& AsView(const View& view) { return view; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return AsView(a) < AsView(b);
    }
  };
  std::map<Key, std::unique_ptr<UnsafeSite>, KeyLess> sites_;
};

}  // namespace cryptoshim::py
