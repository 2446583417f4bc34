#include "tls_peer_verdicts.h"

#include <algorithm>
#include <limits>
#include <mutex>

#include "webpki_profile.h"

namespace cryptoshim::peer_verdicts {

namespace {

// A handful of servers per client context; the oldest entry goes first.
constexpr size_t kEntries = 8;

struct Entry {
  explicit Entry(Certificate presented_leaf) : leaf(std::move(presented_leaf)) {}
  Certificate leaf;
  std::vector<Certificate> untrusted;
  std::vector<Certificate> anchors;
  std::optional<PeerName> peer_name;
  // The times (inclusive) at which every certificate above is exactly as
  // valid or invalid as at the time the verdict was reached.
  int64_t from = std::numeric_limits<int64_t>::min();
  int64_t until = std::numeric_limits<int64_t>::max();
  std::optional<std::string> verdict;
};

struct Verdicts {
  std::mutex mu;
  std::vector<Entry> entries;
  size_t next = 0;  // the slot the next entry replaces once full
};

void FreeVerdicts(void*, void* ptr, CRYPTO_EX_DATA*, int, long, void*) {
  delete static_cast<Verdicts*>(ptr);
}

int Index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, FreeVerdicts);
  return index;
}

// The context's verdicts, made on first use when `create`.
Verdicts* VerdictsOf(SSL_CTX* ctx, bool create) {
  auto* verdicts = static_cast<Verdicts*>(SSL_CTX_get_ex_data(ctx, Index()));
  if (verdicts != nullptr || !create) return verdicts;
  static std::mutex creating;
  std::lock_guard<std::mutex> lock(creating);
  verdicts = static_cast<Verdicts*>(SSL_CTX_get_ex_data(ctx, Index()));
  if (verdicts == nullptr) {
    verdicts = new Verdicts;
    if (SSL_CTX_set_ex_data(ctx, Index(), verdicts) != 1) {
      delete verdicts;
      return nullptr;
    }
  }
  return verdicts;
}

bool SameName(const std::optional<PeerName>& a, const std::optional<PeerName>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->kind == b->kind && a->value == b->value);
}

bool Matches(const Entry& e, const Inputs& in) {
  if (in.time < e.from || in.time > e.until) return false;
  if (!SameName(e.peer_name, *in.peer_name)) return false;
  const std::vector<Certificate>& anchors = *in.anchors;
  if (anchors.size() != e.anchors.size()) return false;
  for (size_t i = 0; i < anchors.size(); ++i) {
    if (anchors[i].get0() != e.anchors[i].get0()) return false;
  }
  int n = in.untrusted == nullptr ? 0 : sk_X509_num(in.untrusted);
  if (static_cast<size_t>(n) != e.untrusted.size()) return false;
  if (X509_cmp(in.leaf, e.leaf.get0()) != 0) return false;
  for (int i = 0; i < n; ++i) {
    if (X509_cmp(sk_X509_value(in.untrusted, i), e.untrusted[i].get0()) != 0) return false;
  }
  return true;
}

// Narrows [from, until] to the times around `t` at which `cert` is exactly as
// valid or invalid as at `t` (the bounds are inclusive, as the profile's).
void Narrow(X509* cert, int64_t t, int64_t& from, int64_t& until) {
  if (std::optional<int64_t> start = webpki::Asn1TimeToEpoch(X509_get0_notBefore(cert))) {
    if (t < *start) {
      until = std::min(until, *start - 1);
    } else {
      from = std::max(from, *start);
    }
  }
  if (std::optional<int64_t> end = webpki::Asn1TimeToEpoch(X509_get0_notAfter(cert))) {
    if (t > *end) {
      from = std::max(from, *end + 1);
    } else {
      until = std::min(until, *end);
    }
  }
}

Certificate Hold(X509* cert) {
  X509_up_ref(cert);
  return Certificate(SslUniquePtr<X509>(cert));
}

}  // namespace

std::optional<std::optional<std::string>> Find(SSL_CTX* ctx, const Inputs& inputs) {
  Verdicts* verdicts = VerdictsOf(ctx, false);
  if (verdicts == nullptr) return std::nullopt;
  std::lock_guard<std::mutex> lock(verdicts->mu);
  for (const Entry& e : verdicts->entries) {
    if (Matches(e, inputs)) return e.verdict;
  }
  return std::nullopt;
}

void Remember(SSL_CTX* ctx, const Inputs& inputs, const std::optional<std::string>& verdict) {
  Verdicts* verdicts = VerdictsOf(ctx, true);
  if (verdicts == nullptr) return;  // only a lost shortcut
  Entry e(Hold(inputs.leaf));
  Narrow(inputs.leaf, inputs.time, e.from, e.until);
  for (int i = 0; inputs.untrusted != nullptr && i < sk_X509_num(inputs.untrusted); ++i) {
    e.untrusted.push_back(Hold(sk_X509_value(inputs.untrusted, i)));
    Narrow(e.untrusted.back().get0(), inputs.time, e.from, e.until);
  }
  for (const Certificate& anchor : *inputs.anchors) {
    e.anchors.push_back(anchor.Share());
    Narrow(anchor.get0(), inputs.time, e.from, e.until);
  }
  e.peer_name = *inputs.peer_name;
  e.verdict = verdict;
  std::lock_guard<std::mutex> lock(verdicts->mu);
  if (verdicts->entries.size() < kEntries) {
    verdicts->entries.push_back(std::move(e));
    return;
  }
  verdicts->entries[verdicts->next] = std::move(e);
  verdicts->next = (verdicts->next + 1) % kEntries;
}

}  // namespace cryptoshim::peer_verdicts
