// Shared Wycheproof harness for the Catch2 tests: locates the vectors (the
// repo never copies them), walks testGroups[].tests[], applies the
// valid/invalid/acceptable rules, and keeps per-file counts.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "catch_compat.h"
#include "default_data_dir.h"
#include "wycheproof_acceptable.h"

namespace cryptoshim::testing {

// $CRYPTOSHIM_WYCHEPROOF_DIR, else $CRYPTOSHIM_SHARED_DATA/wycheproof/testvectors_v1,
// else the shared/ folder beside the checkout.
inline std::optional<std::filesystem::path> WycheproofDir() {
  std::filesystem::path dir;
  if (const char* env = std::getenv("CRYPTOSHIM_WYCHEPROOF_DIR")) {
    dir = env;
  } else if (const char* shared = std::getenv("CRYPTOSHIM_SHARED_DATA")) {
    dir = std::filesystem::path(shared) / "wycheproof" / "testvectors_v1";
  } else {
    dir = std::filesystem::path(DefaultDataDir()) / "wycheproof" / "testvectors_v1";
  }
  if (!std::filesystem::is_directory(dir)) return std::nullopt;
  return dir;
}

inline std::string Unhex(const std::string& hex) {
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

// What a primitive said about one vector.
enum class Outcome { kAccepted, kRejected, kUnsupported };

// An Outcome, plus why for kUnsupported (a skip is never a pass, and each
// skip is reported with its reason).
struct TestResult {
  TestResult(Outcome o) : outcome(o) {}  // NOLINT(google-explicit-constructor)
  static TestResult Skip(std::string why) {
    TestResult r(Outcome::kUnsupported);
    r.skip_reason = std::move(why);
    return r;
  }
  Outcome outcome;
  std::string skip_reason;
};

using TestFn = std::function<TestResult(const nlohmann::json& group, const nlohmann::json& test)>;

struct FileCounts {
  int passed = 0, failed = 0, skipped = 0;
  FileCounts& operator+=(const FileCounts& o) {
    passed += o.passed;
    failed += o.failed;
    skipped += o.skipped;
    return *this;
  }
};

// Whether the policy says an `acceptable` vector must be accepted; nullopt
// (a failure) when one of its flags has no decision, so every acceptable
// flag the vectors use is decided explicitly in wycheproof_acceptable.h.
inline std::optional<bool> AcceptableMustPass(const AcceptablePolicy& policy,
                                              const nlohmann::json& test, std::string* missing) {
  bool accept = true;
  for (const auto& flag : test["flags"]) {
    auto it = std::find_if(policy.begin(), policy.end(),
                           [&](const FlagDecision& d) { return flag == d.flag; });
    if (it == policy.end()) {
      *missing = flag.get<std::string>();
      return std::nullopt;
    }
    accept &= it->decision == Decision::kAccept;
  }
  return accept;
}

// Runs every vector of an already parsed file and prints its counts.
inline FileCounts RunWycheproofDocument(const std::string& file, const nlohmann::json& doc,
                                        const AcceptablePolicy& policy, const TestFn& run) {
  FileCounts counts;
  std::map<std::string, int> skip_reasons;
  int reported = 0;
  for (const auto& group : doc["testGroups"]) {
    for (const auto& test : group["tests"]) {
      TestResult r = run(group, test);
      std::string result = test["result"];
      if (r.outcome == Outcome::kUnsupported) {
        ++counts.skipped;
        ++skip_reasons[r.skip_reason.empty() ? "unsupported" : r.skip_reason];
        continue;
      }
      bool accepted = r.outcome == Outcome::kAccepted;
      std::string missing;
      std::optional<bool> must_accept = result == "valid" ? std::optional<bool>(true)
                                        : result == "invalid"
                                            ? std::optional<bool>(false)
                                            : AcceptableMustPass(policy, test, &missing);
      if (must_accept && *must_accept == accepted) {
        ++counts.passed;
        continue;
      }
      ++counts.failed;
      if (++reported <= 20) {  // enough to diagnose, without flooding the log
        UNSCOPED_INFO(file << " tcId " << test["tcId"] << " (" << result << ", " << test["flags"]
                           << ", " << test["comment"] << ") "
                           << (accepted ? "accepted" : "rejected")
                           << (missing.empty() ? "" : "; no policy for flag " + missing));
      }
    }
  }
  std::cout << "wycheproof " << file << ": " << counts.passed << " passed, " << counts.failed
            << " failed, " << counts.skipped << " skipped\n";
  for (const auto& [reason, n] : skip_reasons) {
    std::cout << "    skipped " << n << ": " << reason << "\n";
  }
  return counts;
}

// True when CRYPTOSHIM_REQUIRE_DATA=1 (CI): absent shared data is then a failure.
inline bool DataRequired() {
  const char* v = std::getenv("CRYPTOSHIM_REQUIRE_DATA");
  return v != nullptr && std::string(v) == "1";
}

inline FileCounts RunWycheproofFile(const std::string& file, const AcceptablePolicy& policy,
                                    const TestFn& run) {
  auto dir = WycheproofDir();
  if (!dir) {
    // CI sets CRYPTOSHIM_REQUIRE_DATA=1: missing vectors must fail, not pass.
    if (DataRequired())
      FAIL("Wycheproof vectors not found, and CRYPTOSHIM_REQUIRE_DATA=1: " << file);
    WARN("Wycheproof vectors not found (set CRYPTOSHIM_WYCHEPROOF_DIR); skipping " << file);
    return {};
  }
  std::ifstream in(*dir / file);
  REQUIRE(in.good());
  return RunWycheproofDocument(file, nlohmann::json::parse(in), policy, run);
}

// Makes the per-test function for one file; it may keep per-group state
// (parsed keys) and look at the file's top level (schema, algorithm).
using FileRunnerFactory = std::function<TestFn(const std::string& file, const nlohmann::json& doc)>;

// Runs every file of the vector directory whose name matches `pattern`, in
// name order, prints per-file and family counts, and fails the test case on
// any mismatch or when the directory holds no file of the family.
inline FileCounts RunWycheproofFamily(const std::string& family, const std::string& pattern,
                                      const AcceptablePolicy& policy,
                                      const FileRunnerFactory& factory) {
  FileCounts total;
  auto dir = WycheproofDir();
  if (!dir) {
    // CI sets CRYPTOSHIM_REQUIRE_DATA=1: missing vectors must fail, not pass.
    if (DataRequired())
      FAIL("Wycheproof vectors not found, and CRYPTOSHIM_REQUIRE_DATA=1: " << family);
    WARN("Wycheproof vectors not found (set CRYPTOSHIM_WYCHEPROOF_DIR); skipping " << family);
    return total;
  }
  std::regex re(pattern);
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(*dir)) {
    std::string name = entry.path().filename().string();
    if (std::regex_match(name, re)) files.push_back(name);
  }
  std::sort(files.begin(), files.end());
  INFO("family " << family << " (" << pattern << ")");
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    std::ifstream in(*dir / file);
    REQUIRE(in.good());
    nlohmann::json doc = nlohmann::json::parse(in);
    total += RunWycheproofDocument(file, doc, policy, factory(file, doc));
  }
  std::cout << "wycheproof family " << family << ": " << files.size() << " files, " << total.passed
            << " passed, " << total.failed << " failed, " << total.skipped << " skipped\n";
  CHECK(total.failed == 0);
  return total;
}

// Caches one value per test group (a parsed key), rebuilt when the group
// changes: groups are visited in order, so one slot is enough.
template <typename T>
class PerGroup {
 public:
  template <typename Make>
  T& Get(const nlohmann::json& group, Make make) {
    if (group_ != &group) {
      value_.emplace(make());
      group_ = &group;
    }
    return *value_;
  }

 private:
  const nlohmann::json* group_ = nullptr;
  std::optional<T> value_;
};

}  // namespace cryptoshim::testing
