// Helpers the asymmetric Wycheproof tests share: loading a group's key once,
// mapping Wycheproof names to OpenSSL ones, and turning a core Status into an
// Outcome (kUnsupported becomes a skip with the core's reason).
#pragma once

#include <memory>
#include <string>

#include "cryptoshim/key.h"
#include "cryptoshim/key_serialization.h"
#include "wycheproof.h"

namespace cryptoshim::testing {

// OK -> accepted; kUnsupported -> skipped with the core's reason; any other
// error -> rejected.
inline TestResult FromStatus(const Status& status) {
  if (status.ok()) return Outcome::kAccepted;
  if (status.code() == ErrorCode::kUnsupported) return TestResult::Skip(status.message());
  return Outcome::kRejected;
}

// Accepted when `produced` is OK and equals `expected`.
inline TestResult Matches(const StatusOr<Bytes>& produced, const Bytes& expected) {
  if (!produced.ok()) return FromStatus(produced.status());
  return *produced == expected ? Outcome::kAccepted : Outcome::kRejected;
}

// Wycheproof curve names to OpenSSL group names (the SEC names OpenSSL calls
// by their X9.62 names; the others are the same).
inline std::string OpenSslCurveName(const std::string& wycheproof) {
  if (wycheproof == "secp256r1") return "prime256v1";
  if (wycheproof == "secp192r1") return "prime192v1";
  return wycheproof;
}

// A per-group key cache for file runners (std::function needs copyable
// callables, hence the shared_ptr).
using KeyCache = std::shared_ptr<PerGroup<StatusOr<Key>>>;
inline KeyCache NewKeyCache() { return std::make_shared<PerGroup<StatusOr<Key>>>(); }

inline StatusOr<Key> GroupPublicKeyDer(const nlohmann::json& g,
                                       const char* field = "publicKeyDer") {
  return LoadPublicKey(Unhex(g[field]), Encoding::kDer);
}

inline StatusOr<Key> GroupPrivateKeyPkcs8(const nlohmann::json& g) {
  return LoadPrivateKey(Unhex(g["privateKeyPkcs8"]), Encoding::kDer);
}

}  // namespace cryptoshim::testing
