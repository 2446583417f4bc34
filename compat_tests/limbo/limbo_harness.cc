// x509-limbo harness for cryptoshim's WebPKI verifier (C2SP/x509-limbo,
// harness/README.md): reads a suite (path argument, or stdin), writes
// {version, harness, results: [{id, actual_result, context}]} to stdout, and
// exits non-zero only on internal errors.
//
// Cases tagged "denial-of-service" run in a forked child under a time limit
// and are reported as HANG when it runs out. Cases needing a feature this
// verifier does not implement are SKIPPED with the reason in `context`.
//
// Two per-case choices, both visible in `context`:
// - the RFC 5280 side of a conflicting pair (`conflicts_with` a webpki::
//   case) runs under LeafProfile::kRfc5280, the WebPKI side under the
//   default kWebPki;
// - webpki::cn::* cases test CABF 7.1.4.3, an issuance rule, so after a
//   path verifies the harness runs the separate lint (certificate_lint.h)
//   on the leaf; the verifier itself never judges the CN.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cryptoshim/certificate.h"
#include "cryptoshim/certificate_lint.h"
#include "cryptoshim/crl.h"
#include "cryptoshim/verifier.h"

namespace {

using json = nlohmann::json;
using cryptoshim::Certificate;
using cryptoshim::Crl;
using cryptoshim::PeerName;
using cryptoshim::PeerNameKind;
using cryptoshim::ValidationKind;

constexpr int kDenialOfServiceSeconds = 5;

// Features whose cases are skipped, and why. Everything else in the suite's
// feature list is implemented by the verifier.
const std::map<std::string, std::string>& UnsupportedFeatures() {
  static const std::map<std::string, std::string> kUnsupported = {
      {"rfc5280-incompatible-with-webpki",
       "the verifier implements the WebPKI profile, not bare RFC 5280"},
      {"pedantic-rfc5280",
       "trust anchors are configuration, not path members: an anchor without AKI is accepted "
       "(cve::cve-2024-0567 needs exactly that)"},
  };
  return kUnsupported;
}

// The RFC 5280 side of a CABF conflict that the suite does not annotate with
// conflicts_with: the leaf is a CA certificate, which RFC 5280 4.2.1.9
// permits and CABF 7.1.2.7.8 forbids (pyca's harness pairs the same two).
const std::map<std::string, std::string>& UnannotatedConflicts() {
  static const std::map<std::string, std::string> kConflicts = {
      {"pathlen::validation-ignores-pathlen-in-leaf", "webpki::ca-as-leaf"},
  };
  return kConflicts;
}

// The webpki:: case this case conflicts with, if it is the RFC 5280 side.
std::optional<std::string> WebPkiConflict(const json& tc);

// Cases whose expected result is the CABF 7.1.4.3 issuance lint.
bool TestsCommonNameLint(const std::string& id) { return id.rfind("webpki::cn::", 0) == 0; }

struct Outcome {
  std::string result;  // SUCCESS, FAILURE, SKIPPED, HANG
  std::string context;
};

// Old suites write null for empty lists.
std::vector<json> ListField(const json& tc, const char* key) {
  if (!tc.contains(key) || tc.at(key).is_null()) return {};
  return tc.at(key).get<std::vector<json>>();
}

cryptoshim::StatusOr<Certificate> ParsePem(const std::string& pem) {
  return Certificate::Parse(std::string_view(pem), cryptoshim::Encoding::kPem);
}

// RFC 3339 to epoch seconds, flooring fractions (limbo's
// rfc5280::validity::*-fractional cases expect the floor).
std::optional<int64_t> ParseRfc3339(const std::string& text) {
  struct tm tm = {};
  int consumed = 0;
  if (sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
             &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  size_t pos = static_cast<size_t>(consumed);
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
  }
  int64_t offset = 0;
  std::string zone = text.substr(pos);
  if (zone != "Z" && zone != "z") {
    int hours = 0, minutes = 0;
    char sign = 0;
    if (sscanf(zone.c_str(), "%c%2d:%2d", &sign, &hours, &minutes) != 3 ||
        (sign != '+' && sign != '-')) {
      return std::nullopt;
    }
    offset = (sign == '+' ? 1 : -1) * (hours * 3600 + minutes * 60);
  }
  return static_cast<int64_t>(timegm(&tm)) - offset;
}

std::optional<PeerName> ToPeerName(const json& j) {
  std::string kind = j.at("kind").get<std::string>();
  std::string value = j.at("value").get<std::string>();
  if (kind == "DNS") return PeerName{PeerNameKind::kDns, value};
  if (kind == "IP") return PeerName{PeerNameKind::kIp, value};
  if (kind == "RFC822") return PeerName{PeerNameKind::kEmail, value};
  return std::nullopt;
}

bool SamePeerName(const PeerName& want, const PeerName& have) {
  if (want.kind != have.kind) return false;
  if (want.kind == PeerNameKind::kIp) return want.value == have.value;
  std::string a = want.value, b = have.value;
  if (want.kind == PeerNameKind::kEmail) {
    // Local parts are case-sensitive; only the domains fold.
    size_t at_a = a.find('@'), at_b = b.find('@');
    if (at_a == std::string::npos || at_b == std::string::npos) return false;
    if (a.substr(0, at_a) != b.substr(0, at_b)) return false;
    a = a.substr(at_a);
    b = b.substr(at_b);
  }
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (tolower(static_cast<unsigned char>(a[i])) != tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::optional<unsigned> KeyUsageBit(const std::string& name) {
  static const std::map<std::string, unsigned> kBits = {
      {"digitalSignature", 0x80}, {"contentCommitment", 0x40}, {"keyEncipherment", 0x20},
      {"dataEncipherment", 0x10}, {"keyAgreement", 0x08},      {"keyCertSign", 0x04},
      {"cRLSign", 0x02}};
  auto it = kBits.find(name);
  if (it == kBits.end()) return std::nullopt;
  return it->second;
}

// Builds the options and runs the verifier; never throws for bad input.
Outcome RunCase(const json& tc) {
  cryptoshim::VerifierOptions options;
  std::string kind = tc.at("validation_kind").get<std::string>();
  options.kind = kind == "CLIENT" ? ValidationKind::kClient : ValidationKind::kServer;
  std::optional<std::string> conflict = WebPkiConflict(tc);
  if (conflict) options.leaf_profile = cryptoshim::LeafProfile::kRfc5280;
  std::string profile =
      conflict ? " (RFC 5280 leaf profile: the RFC 5280 side of " + *conflict + ")" : "";

  if (!ListField(tc, "signature_algorithms").empty()) {
    return {"SKIPPED", "per-case signature algorithm lists are not configurable"};
  }
  for (const json& eku : ListField(tc, "extended_key_usage")) {
    std::string want = options.kind == ValidationKind::kServer ? "serverAuth" : "clientAuth";
    if (eku.get<std::string>() != want)
      return {"SKIPPED", "EKU " + eku.get<std::string>() + " is not a policy EKU"};
  }
  for (const json& ku : ListField(tc, "key_usage")) {
    std::optional<unsigned> bit = KeyUsageBit(ku.get<std::string>());
    if (!bit) return {"SKIPPED", "unknown key usage " + ku.get<std::string>()};
    options.required_key_usage |= *bit;
  }

  for (const json& pem : ListField(tc, "trusted_certs")) {
    auto cert = ParsePem(pem.get<std::string>());
    if (!cert.ok()) return {"FAILURE", "trust anchor does not parse: " + cert.status().ToString()};
    options.trust_anchors.push_back(std::move(*cert));
  }
  std::vector<Certificate> intermediates;
  for (const json& pem : ListField(tc, "untrusted_intermediates")) {
    auto cert = ParsePem(pem.get<std::string>());
    if (!cert.ok()) return {"FAILURE", "intermediate does not parse: " + cert.status().ToString()};
    intermediates.push_back(std::move(*cert));
  }
  for (const json& pem : ListField(tc, "crls")) {
    std::string text = pem.get<std::string>();
    auto crl = Crl::Parse(std::string_view(text), cryptoshim::Encoding::kPem);
    if (!crl.ok()) return {"FAILURE", "CRL does not parse: " + crl.status().ToString()};
    options.crls.push_back(std::move(*crl));
  }
  auto leaf = ParsePem(tc.at("peer_certificate").get<std::string>());
  if (!leaf.ok())
    return {"FAILURE", "peer certificate does not parse: " + leaf.status().ToString()};

  if (tc.contains("validation_time") && !tc.at("validation_time").is_null()) {
    std::optional<int64_t> when = ParseRfc3339(tc.at("validation_time").get<std::string>());
    if (!when) throw std::runtime_error("bad validation_time in " + tc.at("id").get<std::string>());
    options.validation_time = when;
  }
  if (tc.contains("max_chain_depth") && !tc.at("max_chain_depth").is_null()) {
    options.max_chain_depth = tc.at("max_chain_depth").get<int>();
  }
  if (options.kind == ValidationKind::kServer) {
    if (tc.contains("expected_peer_name") && !tc.at("expected_peer_name").is_null()) {
      options.peer_name = ToPeerName(tc.at("expected_peer_name"));
      if (!options.peer_name) return {"SKIPPED", "unsupported peer name kind"};
    } else {
      // The case only tests the path; no name to match.
      options.check_peer_name = false;
    }
  }

  auto verifier = cryptoshim::Verifier::New(std::move(options));
  if (!verifier.ok())
    return {"FAILURE", "verifier refused the options: " + verifier.status().ToString()};
  auto verified = verifier->Verify(*leaf, intermediates);
  if (!verified.ok()) return {"FAILURE", verified.status().ToString() + profile};
  if (TestsCommonNameLint(tc.at("id").get<std::string>())) {
    if (auto why = cryptoshim::LintCommonName(*leaf)) {
      return {"FAILURE", "path verified; CABF 7.1.4.3 lint: " + *why};
    }
  }
  if (verifier->options().kind == ValidationKind::kClient) {
    for (const json& j : ListField(tc, "expected_peer_names")) {
      std::optional<PeerName> want = ToPeerName(j);
      bool found = false;
      for (const PeerName& have : verified->subject_names)
        found = found || (want && SamePeerName(*want, have));
      if (!found)
        return {"FAILURE", "client certificate lacks the name " + j.at("value").get<std::string>()};
    }
  }
  return {"SUCCESS", "verified a path of " + std::to_string(verified->chain.size()) +
                         " certificates" + profile};
}

std::optional<std::string> WebPkiConflict(const json& tc) {
  std::string id = tc.at("id").get<std::string>();
  if (id.rfind("webpki::", 0) == 0) return std::nullopt;
  for (const json& other : ListField(tc, "conflicts_with")) {
    if (other.get<std::string>().rfind("webpki::", 0) == 0) return other.get<std::string>();
  }
  auto it = UnannotatedConflicts().find(id);
  if (it != UnannotatedConflicts().end()) return it->second;
  return std::nullopt;
}

// Runs `tc` in a child process; HANG when it outlives the limit.
Outcome RunWithTimeLimit(const json& tc) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(fds[0]);
    Outcome o;
    try {
      o = RunCase(tc);
    } catch (const std::exception& e) {
      o = {"FAILURE", std::string("exception: ") + e.what()};
    }
    std::string line = json{{"result", o.result}, {"context", o.context}}.dump();
    ssize_t ignored = write(fds[1], line.data(), line.size());
    (void)ignored;
    _exit(0);
  }
  close(fds[1]);
  std::string data;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kDenialOfServiceSeconds);
  bool hung = false;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      hung = true;
      break;
    }
    struct pollfd p = {fds[0], POLLIN, 0};
    int r = poll(&p, 1, static_cast<int>(left.count()));
    if (r == 0) {
      hung = true;
      break;
    }
    if (r < 0) continue;
    char buf[4096];
    ssize_t n = read(fds[0], buf, sizeof(buf));
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  if (hung) kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  if (hung) return {"HANG", "no result within " + std::to_string(kDenialOfServiceSeconds) + " s"};
  if (!WIFEXITED(status) || data.empty())
    throw std::runtime_error("case child crashed: " + tc.at("id").get<std::string>());
  json r = json::parse(data);
  return {r.at("result").get<std::string>(), r.at("context").get<std::string>()};
}

Outcome Evaluate(const json& tc) {
  for (const json& f : ListField(tc, "features")) {
    auto it = UnsupportedFeatures().find(f.get<std::string>());
    if (it != UnsupportedFeatures().end())
      return {"SKIPPED", "feature " + it->first + ": " + it->second};
  }
  bool dos = false;
  for (const json& f : ListField(tc, "features"))
    dos = dos || f.get<std::string>() == "denial-of-service";
  return dos ? RunWithTimeLimit(tc) : RunCase(tc);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    json suite;
    if (argc > 1) {
      std::ifstream in(argv[1]);
      if (!in) {
        std::cerr << "cannot open " << argv[1] << "\n";
        return 2;
      }
      suite = json::parse(in);
    } else {
      suite = json::parse(std::cin);
    }
    json results = json::array();
    for (const json& tc : ListField(suite, "testcases")) {
      Outcome o = Evaluate(tc);
      results.push_back({{"id", tc.at("id")}, {"actual_result", o.result}, {"context", o.context}});
    }
    json out = {{"version", 1},
                {"harness", std::string("cryptoshim-") + CRYPTOSHIM_VERSION},
                {"results", results}};
    std::cout << out.dump(1) << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "limbo_harness: " << e.what() << "\n";
    return 2;
  }
}
