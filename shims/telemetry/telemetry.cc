#include "cryptoshim/shims/telemetry.h"

#include "cryptoshim/shims/catalog.h"

namespace cryptoshim::shims {

TelemetryRegistry::TelemetryRegistry(size_t entries, size_t max_sites_per_entry)
    : slots_(new Slot[entries]), size_(entries), max_sites_(max_sites_per_entry) {}

TelemetryRegistry& TelemetryRegistry::Global() {
  // Leaked on purpose: atexit hooks that export telemetry may run after static
  // destructors would have torn a function-local static down.
  static auto* registry = new TelemetryRegistry(Catalog().size());
  return *registry;
}

void TelemetryRegistry::RecordCall(size_t index, std::string_view site) {
  if (index >= size_ || !enabled()) return;
  Slot& slot = slots_[index];
  slot.calls.fetch_add(1, std::memory_order_relaxed);
  if (site.empty()) return;
  std::lock_guard<std::mutex> lock(slot.mu);
  auto it = slot.sites.find(site);
  if (it != slot.sites.end()) {
    it->second.fetch_add(1, std::memory_order_relaxed);
  } else if (slot.sites.size() < max_sites_) {
    slot.sites.try_emplace(std::string(site), 1);
  } else {
    slot.dropped.fetch_add(1, std::memory_order_relaxed);
  }
}

std::atomic<uint64_t>* TelemetryRegistry::SiteCounter(size_t index, std::string_view site) {
  if (index >= size_) return nullptr;
  Slot& slot = slots_[index];
  std::lock_guard<std::mutex> lock(slot.mu);
  auto it = slot.sites.find(site);
  if (it != slot.sites.end()) return &it->second;
  if (slot.sites.size() >= max_sites_) return nullptr;
  return &slot.sites.try_emplace(std::string(site), 0).first->second;
}

std::vector<EntryCounts> TelemetryRegistry::Snapshot() const {
  std::vector<EntryCounts> out;
  for (size_t i = 0; i < size_; ++i) {
    const Slot& slot = slots_[i];
    uint64_t calls = slot.calls.load(std::memory_order_relaxed);
    if (calls == 0) continue;
    EntryCounts counts{i, calls, {}, slot.dropped.load(std::memory_order_relaxed)};
    std::lock_guard<std::mutex> lock(slot.mu);
    for (const auto& [site, n] : slot.sites) {
      uint64_t calls_here = n.load(std::memory_order_relaxed);
      if (calls_here) counts.sites.push_back({site, calls_here});
    }
    out.push_back(std::move(counts));
  }
  return out;
}

void TelemetryRegistry::Reset() {
  generation_.fetch_add(1, std::memory_order_acq_rel);
  for (size_t i = 0; i < size_; ++i) {
    Slot& slot = slots_[i];
    std::lock_guard<std::mutex> lock(slot.mu);
    slot.calls.store(0);
    slot.dropped.store(0);
    slot.sites.clear();
  }
}

}  // namespace cryptoshim::shims
