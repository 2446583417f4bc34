// Shared Wycheproof harness for the Catch2 tests: locates the vectors (the
// repo never copies them), walks testGroups[].tests[], applies the
// valid/invalid/acceptable rules, and keeps per-file counts.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "catch_compat.h"

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
    dir = std::filesystem::path(CRYPTOSHIM_DEFAULT_DATA_DIR) / "wycheproof" / "testvectors_v1";
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

struct FileCounts {
  int passed = 0, failed = 0, skipped = 0;
};

// `acceptable_ok` lists the flags for which an `acceptable` vector may be
// accepted; any other acceptable vector must be rejected. Each entry in the
// allow-lists passed by the tests carries its reason in a comment.
inline FileCounts RunWycheproofFile(
    const std::string& file, const std::set<std::string>& acceptable_ok,
    const std::function<Outcome(const nlohmann::json& group, const nlohmann::json& test)>& run) {
  FileCounts counts;
  auto dir = WycheproofDir();
  if (!dir) {
    WARN("Wycheproof vectors not found (set CRYPTOSHIM_WYCHEPROOF_DIR); skipping " << file);
    return counts;
  }
  std::ifstream in(*dir / file);
  REQUIRE(in.good());
  nlohmann::json doc = nlohmann::json::parse(in);
  for (const auto& group : doc["testGroups"]) {
    for (const auto& test : group["tests"]) {
      Outcome outcome = run(group, test);
      std::string result = test["result"];
      if (outcome == Outcome::kUnsupported) {
        ++counts.skipped;
        continue;
      }
      bool accepted = outcome == Outcome::kAccepted;
      bool ok;
      if (result == "valid") {
        ok = accepted;
      } else if (result == "invalid") {
        ok = !accepted;
      } else {
        bool allowed = false;
        for (const auto& flag : test["flags"]) allowed |= acceptable_ok.count(flag) > 0;
        ok = allowed || !accepted;
      }
      if (ok) {
        ++counts.passed;
      } else {
        ++counts.failed;
        UNSCOPED_INFO(file << " tcId " << test["tcId"] << " (" << result << ", "
                           << test["comment"] << ") "
                           << (accepted ? "accepted" : "rejected"));
      }
    }
  }
  std::cout << "wycheproof " << file << ": " << counts.passed << " passed, " << counts.failed
            << " failed, " << counts.skipped << " skipped\n";
  return counts;
}

}  // namespace cryptoshim::testing
