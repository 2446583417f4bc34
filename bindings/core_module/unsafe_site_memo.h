// The call sites of unsafe operations (_core.unsafe_operation, and calls of
// unsafe entry points), each with the reason it last warned and what the
// warnings machinery did with it.
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
// code's) and instruction offset, and the catalog entry. At most kMaxSites
// are kept; past that, a new site is not remembered (it warns as before).
//
// Thread contract: only touched with the GIL held.
#pragma once

#include <Python.h>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "warning_verdict.h"

namespace cryptoshim::py {

struct UnsafeSite {
  std::string reason;  // the reason `verdict` was found for
  WarningVerdict verdict;
};

class UnsafeSiteMemo {
 public:
  // The site (code, lasti, index), made on first use; nullptr when full.
  UnsafeSite* For(PyCodeObject* code, int lasti, size_t index) {
    const Key key{reinterpret_cast<PyObject*>(code), lasti, index};
    auto it = sites_.find(key);
    if (it != sites_.end()) return it->second.get();
    if (sites_.size() >= kMaxSites) return nullptr;
    Py_INCREF(code);  // kept for the life of the process, as the site cache keeps its codes
    return sites_.emplace(key, std::make_unique<UnsafeSite>()).first->second.get();
  }

 private:
  static constexpr size_t kMaxSites = 4096;
  using Key = std::tuple<PyObject*, int, size_t>;
  std::map<Key, std::unique_ptr<UnsafeSite>> sites_;
};

}  // namespace cryptoshim::py
