#include "cryptoshim/shims/telemetry.h"

#include <atomic>
#include <thread>
#include <vector>

#include "catch_compat.h"
#include "cryptoshim/shims/catalog.h"

namespace cryptoshim::shims {
namespace {

TEST_CASE("the generated catalog has unique ids that round-trip", "[catalog]") {
  REQUIRE(Catalog().size() > 100);
  for (size_t i = 0; i < Catalog().size(); ++i) {
    auto found = FindCatalogIndex(Catalog()[i].id);
    REQUIRE(found.has_value());
    CHECK(*found == i);
  }
  CHECK_FALSE(FindCatalogIndex("no.such.api").has_value());
}

TEST_CASE("counts add up exactly across threads and sites are capped", "[telemetry]") {
  TelemetryRegistry registry(4, /*max_sites_per_entry=*/3);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&registry, t] {
      for (int i = 0; i < 10000; ++i) {
        registry.RecordCall(1, "app.py:" + std::to_string(t));
      }
    });
  }
  for (auto& th : threads) th.join();
  auto snap = registry.Snapshot();
  REQUIRE(snap.size() == 1);
  CHECK(snap[0].index == 1);
  CHECK(snap[0].calls == 80000);
  CHECK(snap[0].sites.size() == 3);
  uint64_t at_sites = snap[0].calls_at_dropped_sites;
  for (const auto& s : snap[0].sites) at_sites += s.calls;
  CHECK(at_sites == 80000);
}

TEST_CASE("a disabled registry counts nothing", "[telemetry]") {
  TelemetryRegistry registry(2);
  registry.set_enabled(false);
  registry.RecordCall(0, "x.py:1");
  CHECK(registry.Snapshot().empty());
}

TEST_CASE("cached site counters count like RecordCall until Reset", "[telemetry]") {
  TelemetryRegistry registry(2, /*max_sites_per_entry=*/2);
  std::atomic<uint64_t>* a = registry.SiteCounter(0, "a.py:1");
  REQUIRE(a != nullptr);
  CHECK(registry.SiteCounter(0, "a.py:1") == a);  // one counter per site
  REQUIRE(registry.SiteCounter(0, "b.py:2") != nullptr);
  CHECK(registry.SiteCounter(0, "c.py:3") == nullptr);  // over the cap
  for (int i = 0; i < 5; ++i) registry.RecordAt(0, a);
  registry.RecordAt(0, nullptr);
  registry.RecordCall(0, "a.py:1");
  auto snap = registry.Snapshot();
  REQUIRE(snap.size() == 1);
  CHECK(snap[0].calls == 7);
  REQUIRE(snap[0].sites.size() == 1);  // b.py:2 has no calls yet: not reported
  CHECK(snap[0].sites[0].site == "a.py:1");
  CHECK(snap[0].sites[0].calls == 6);
  CHECK(snap[0].calls_at_dropped_sites == 1);
  const uint64_t before = registry.generation();
  registry.Reset();
  CHECK(registry.generation() != before);  // cached counters must be fetched again
  CHECK(registry.Snapshot().empty());
}

TEST_CASE("serialized recording counts like RecordAt", "[telemetry]") {
  TelemetryRegistry registry(1, /*max_sites_per_entry=*/1);
  std::atomic<uint64_t>* a = registry.SiteCounter(0, "a.py:1");
  REQUIRE(a != nullptr);
  for (int i = 0; i < 3; ++i) registry.RecordAtSerialized(0, a);
  registry.RecordAtSerialized(0, nullptr);
  registry.RecordAt(0, a);
  registry.set_enabled(false);
  registry.RecordAtSerialized(0, a);  // off: not counted
  auto snap = registry.Snapshot();
  REQUIRE(snap.size() == 1);
  CHECK(snap[0].calls == 5);
  REQUIRE(snap[0].sites.size() == 1);
  CHECK(snap[0].sites[0].calls == 4);
  CHECK(snap[0].calls_at_dropped_sites == 1);
}

}  // namespace
}  // namespace cryptoshim::shims
