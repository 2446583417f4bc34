// The per-call-site cache behind the C entry-point wrapper (legacy_function):
// a call site is the calling code object and instruction offset, so a repeat
// call costs one hash probe and no string. The "file:line" string and the
// registry's counter are made once per site, on first sight.
#pragma once

#include <Python.h>

#include <atomic>
#include <cstdint>
#include <unordered_map>

#include "unsafe_site_memo.h"
#include "warning_verdict.h"

namespace cryptoshim::py {

struct SiteKey {
  PyCodeObject* code;
  int lasti;  // byte offset of the CALL instruction in code
  size_t index;
  bool operator==(const SiteKey& o) const {
    return code == o.code && lasti == o.lasti && index == o.index;
  }
};

struct SiteKeyHash {
  size_t operator()(const SiteKey& k) const {
    size_t h = reinterpret_cast<uintptr_t>(k.code) >> 4;
    h ^= (static_cast<size_t>(k.lasti) << 20) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h ^ (k.index * 0x100000001b3ULL);
  }
};

struct SiteInfo {
  bool internal = false;                     // the caller is cryptoshim or a drop-in: not counted
  uint64_t generation = ~uint64_t{0};        // registry generation `counter` belongs to
  std::atomic<uint64_t>* counter = nullptr;  // nullptr: dropped (site cap reached)
  WarningVerdict verdict;                    // what the warnings machinery does with its warning
};

// What one LegacyFunction remembers of its last call site: a repeat call from
// the same place skips even the hash probe. `code` is not owned: the cache
// holds it for as long as `epoch` matches. The counters are the site's own,
// resolved once (valid while the registry's generation is `generation`), so
// a repeat call bumps them without going through the registry's slots. An
// unsafe entry's memo also points at its insecure warning's site, whose
// verdict the fast path asks (epoch 0, never matching, when there is none).
struct CallSiteMemo {
  PyCodeObject* code = nullptr;
  int lasti = -1;
  bool internal = false;  // the site's SiteInfo::internal
  uint64_t epoch = 0;
  SiteInfo* site = nullptr;
  uint64_t generation = ~uint64_t{0};
  std::atomic<uint64_t>* calls = nullptr;       // the entry's call count
  std::atomic<uint64_t>* site_calls = nullptr;  // the site's, or the entry's dropped count
  UnsafeSite* unsafe = nullptr;                 // unsafe entries: the insecure warning's site
};

// A LegacyFunction's memos of two call sites, so that a method called from
// two places in turn (server.write(...), then client.write(...)) stays on
// the fast path. Find() is the way remembering the site, or nullptr; on a
// miss the slow path fills Replaced(): the two take turns at being
// replaced, and a hit writes nothing (the common case, one site, is one
// compare).
struct CallSiteMemos {
  CallSiteMemo ways[2];
  uint8_t replaced_next = 0;

  CallSiteMemo* Find(PyCodeObject* code, int lasti) {
    if (ways[0].code == code && ways[0].lasti == lasti) return &ways[0];
    if (ways[1].code == code && ways[1].lasti == lasti) return &ways[1];
    return nullptr;
  }
  CallSiteMemo* Replaced() {
    CallSiteMemo* replaced = &ways[replaced_next];
    replaced_next ^= 1;
    return replaced;
  }
};

// Only touched with the GIL held. Holds a reference to every code object it
// keys on, so an address is never reused by another code object while cached.
class SiteCache {
 public:
  // The entry for the frame's call site; `fresh` is true when just made.
  SiteInfo& Lookup(PyCodeObject* code, int lasti, size_t index, bool* fresh);
  // Bumped when the cache is emptied: SiteInfo pointers from before are gone.
  uint64_t epoch() const { return epoch_; }

 private:
  uint64_t epoch_ = 1;
  static constexpr size_t kMaxSites = 1 << 16;
  std::unordered_map<SiteKey, SiteInfo, SiteKeyHash> sites_;
};

SiteCache& Sites();

}  // namespace cryptoshim::py
