// Per-entry-point call counters and call sites. Counting is one relaxed atomic
// increment; a site is only hashed when the caller supplies one. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cryptoshim::shims {

struct SiteCount {
  std::string site;  // "path/to/file.py:123"
  uint64_t calls;
};

struct EntryCounts {
  size_t index;  // into Catalog()
  uint64_t calls;
  std::vector<SiteCount> sites;
  uint64_t calls_at_dropped_sites;  // calls from sites beyond the per-entry cap
};

// Lets the site map be probed with a string_view, so a repeat site costs no
// allocation.
struct SiteHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class TelemetryRegistry {
 public:
  explicit TelemetryRegistry(size_t entries, size_t max_sites_per_entry = 32);

  // The process-wide registry sized to the catalog.
  static TelemetryRegistry& Global();

  void RecordCall(size_t index, std::string_view site);
  // The counter of one call site of entry `index`, made on first use, for
  // callers that cache it per call site (the binding's call-site cache): the
  // pointer stays valid until Reset(), which bumps generation(). nullptr when
  // the entry already holds max_sites() sites (calls there count as dropped).
  std::atomic<uint64_t>* SiteCounter(size_t index, std::string_view site);
  // One call at a site whose counter SiteCounter() gave (nullptr: dropped).
  void RecordAt(size_t index, std::atomic<uint64_t>* site) {
    if (index >= size_ || !enabled()) return;
    slots_[index].calls.fetch_add(1, std::memory_order_relaxed);
    (site ? *site : slots_[index].dropped).fetch_add(1, std::memory_order_relaxed);
  }
  // RecordAt for callers that never run concurrently with each other (the
  // Python bindings: every legacy call holds the GIL). A load and a store
  // instead of two locked read-modify-writes, which cost more than the rest
  // of a cheap legacy call; readers (Snapshot) still see whole values.
  void RecordAtSerialized(size_t index, std::atomic<uint64_t>* site) {
    if (index >= size_ || !enabled()) return;
    Bump(slots_[index].calls);
    Bump(site ? *site : slots_[index].dropped);
  }
  // The counters RecordAtSerialized bumps, for callers that cache them per
  // call site next to the site's counter (valid until Reset()).
  std::atomic<uint64_t>* CallsCounter(size_t index) { return &slots_[index].calls; }
  std::atomic<uint64_t>* DroppedCounter(size_t index) { return &slots_[index].dropped; }
  // One increment of a counter CallsCounter/SiteCounter/DroppedCounter gave,
  // by a caller that never runs concurrently with another (RecordAtSerialized).
  [[gnu::always_inline]] static void BumpSerialized(std::atomic<uint64_t>& counter) {
    Bump(counter);
  }
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  // Entries with at least one call, in catalog order.
  std::vector<EntryCounts> Snapshot() const;
  void Reset();

  void set_enabled(bool on) { enabled_.store(on, std::memory_order_relaxed); }
  bool enabled() const { return enabled_.load(std::memory_order_relaxed); }
  size_t max_sites() const { return max_sites_; }
  void set_max_sites(size_t n) { max_sites_ = n; }

 private:
  // Inlined even across the LTO partition (it was left a 4-instruction call).
  [[gnu::always_inline]] static void Bump(std::atomic<uint64_t>& counter) {
    counter.store(counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
  struct Slot {
    std::atomic<uint64_t> calls{0};
    std::atomic<uint64_t> dropped{0};
    mutable std::mutex mu;  // guards sites
    // Node-based: a counter's address is stable until the map is cleared.
    std::unordered_map<std::string, std::atomic<uint64_t>, SiteHash, std::equal_to<>> sites;
  };
  std::unique_ptr<Slot[]> slots_;
  size_t size_;
  size_t max_sites_;
  std::atomic<bool> enabled_{true};
  std::atomic<uint64_t> generation_{0};
};

}  // namespace cryptoshim::shims
