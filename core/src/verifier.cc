#include "cryptoshim/verifier.h"

#include <openssl/x509v3.h>

#include <algorithm>
#include <ctime>

#include "cryptoshim/error_queue.h"
#include "name_constraints_check.h"
#include "verifier_openssl.h"
#include "webpki_peer_name.h"
#include "webpki_profile.h"

namespace cryptoshim {

namespace {

using webpki::Problem;

// Bounds on work per verification, as in Go, rustls-webpki and pyca:
// pathological inputs fail instead of hanging.
constexpr int kSignatureBudget = 128;
constexpr size_t kNameConstraintBudget = size_t{1} << 20;

// Depth-first path building with backtracking: a candidate issuer that fails
// the profile or OpenSSL's confirmation does not end the search.
class PathBuilder {
 public:
  PathBuilder(const VerifierOptions& options, int64_t now,
              const std::vector<Certificate>& intermediates)
      : options_(options), now_(now), intermediates_(intermediates) {}

  // The first acceptable path, or the reason none was found.
  StatusOr<std::vector<X509*>> Build(X509* leaf) {
    if (Problem p = webpki::CheckCommon(leaf, now_, IsAnchor(leaf), options_))
      return Fail(leaf, *p);
    if (Problem p = webpki::CheckEndEntity(leaf, options_)) return Fail(leaf, *p);
    path_.push_back(leaf);
    CS_ASSIGN_OR_RETURN(bool found, Extend(0));
    if (found) return path_;
    return Status(ErrorCode::kVerifyFailed,
                  last_error_.empty() ? "no path to a trust anchor" : last_error_);
  }

 private:
  Status Fail(X509* cert, const std::string& why) {
    return Status(ErrorCode::kVerifyFailed, webpki::DescribeCertificate(cert) + ": " + why);
  }

  void Record(X509* cert, const std::string& why) {
    last_error_ = webpki::DescribeCertificate(cert) + ": " + why;
  }

  bool IsAnchor(X509* cert) const {
    for (const Certificate& a : options_.trust_anchors) {
      if (X509_cmp(a.get0(), cert) == 0) return true;
    }
    return false;
  }

  bool InPath(X509* cert) const {
    return std::any_of(path_.begin(), path_.end(), [&](X509* c) { return X509_cmp(c, cert) == 0; });
  }

  // Anchors before untrusted certificates; within each, an AKI/SKI match
  // first and a mismatch last (Go's findPotentialParents ordering).
  std::vector<X509*> Candidates(X509* child) const {
    std::vector<X509*> out;
    X509_NAME* want = X509_get_issuer_name(child);
    for (const Certificate& a : options_.trust_anchors) {
      if (X509_NAME_cmp(X509_get_subject_name(a.get0()), want) == 0) out.push_back(a.get0());
    }
    for (const Certificate& c : intermediates_) {
      if (X509_NAME_cmp(X509_get_subject_name(c.get0()), want) == 0 && !IsAnchor(c.get0())) {
        out.push_back(c.get0());
      }
    }
    const ASN1_OCTET_STRING* aki = X509_get0_authority_key_id(child);
    auto rank = [&](X509* cand) {
      const ASN1_OCTET_STRING* ski = X509_get0_subject_key_id(cand);
      if (aki == nullptr || ski == nullptr) return 1;
      return ASN1_OCTET_STRING_cmp(aki, ski) == 0 ? 0 : 2;
    };
    std::stable_sort(out.begin(), out.end(), [&](X509* a, X509* b) { return rank(a) < rank(b); });
    return out;
  }

  // `depth` counts the non-self-issued intermediates already in the path.
  StatusOr<bool> Extend(int depth) {
    X509* working = path_.back();
    if (path_.size() > 1 && IsAnchor(working)) return Complete();
    if (depth > options_.max_chain_depth) {
      Record(working, "path exceeds the maximum chain depth");
      return false;
    }
    for (X509* issuer : Candidates(working)) {
      if (InPath(issuer)) continue;  // cycles never terminate in an anchor
      if (--signature_budget_ < 0) {
        return Status(ErrorCode::kVerifyFailed, "path building budget exhausted");
      }
      Problem p = webpki::CheckCommon(issuer, now_, IsAnchor(issuer), options_);
      if (!p) p = webpki::CheckCa(issuer, IsAnchor(issuer), depth, options_);
      if (!p) p = webpki::CheckIssuedBy(working, issuer);
      ClearErrorQueue();
      if (p) {
        Record(issuer, *p);
        continue;
      }
      path_.push_back(issuer);
      int next = IsAnchor(issuer) || webpki::IsSelfIssued(issuer) ? depth : depth + 1;
      CS_ASSIGN_OR_RETURN(bool found, Extend(next));
      if (found) return true;
      path_.pop_back();
    }
    if (last_error_.empty())
      Record(working, "no issuer found among the trust anchors and intermediates");
    return false;
  }

  // The whole path is now known: name constraints, then OpenSSL. (The subject
  // CN is not judged: CABF 7.1.4.3 is an issuance rule, certificate_lint.h.)
  StatusOr<bool> Complete() {
    if (Problem p = webpki::CheckNameConstraints(path_, &name_constraint_budget_)) {
      Record(path_.front(), *p);
      return false;
    }
    CS_ASSIGN_OR_RETURN(Problem p, webpki::ConfirmWithOpenSsl(path_, options_, now_));
    if (p) {
      Record(path_.front(), *p);
      return false;
    }
    return true;
  }

  const VerifierOptions& options_;
  int64_t now_;
  const std::vector<Certificate>& intermediates_;
  std::vector<X509*> path_;
  std::string last_error_;
  int signature_budget_ = kSignatureBudget;
  size_t name_constraint_budget_ = kNameConstraintBudget;
};

}  // namespace

StatusOr<Verifier> Verifier::New(VerifierOptions options) {
  if (options.trust_anchors.empty()) {
    return Status(ErrorCode::kInvalidArgument, "at least one trust anchor is required");
  }
  if (options.max_chain_depth < 0 || options.max_chain_depth > 255) {
    return Status(ErrorCode::kInvalidArgument, "max_chain_depth must be between 0 and 255");
  }
  if (options.minimum_rsa_bits < 2048) {
    return Status(ErrorCode::kInvalidArgument, "minimum_rsa_bits below 2048 is not permitted");
  }
  if (options.required_key_usage & ~0xffu) {
    return Status(ErrorCode::kInvalidArgument, "unknown key usage bits");
  }
  if (options.kind == ValidationKind::kServer && options.check_peer_name) {
    if (!options.peer_name) {
      return Status(ErrorCode::kInvalidArgument, "server verification needs a peer name");
    }
    if (auto why = webpki::ValidatePeerName(*options.peer_name)) {
      return Status(ErrorCode::kInvalidArgument, *why);
    }
  }
  return Verifier(std::move(options));
}

StatusOr<VerifiedChain> Verifier::Verify(const Certificate& leaf,
                                         const std::vector<Certificate>& intermediates) const {
  int64_t now = options_.validation_time ? *options_.validation_time
                                         : static_cast<int64_t>(std::time(nullptr));
  PathBuilder builder(options_, now, intermediates);
  StatusOr<std::vector<X509*>> path = builder.Build(leaf.get0());
  ClearErrorQueue();
  if (!path.ok()) return path.status();
  VerifiedChain result;
  for (X509* cert : *path) {
    X509_up_ref(cert);
    result.chain.emplace_back(SslUniquePtr<X509>(cert));
  }
  if (options_.kind == ValidationKind::kClient) {
    result.subject_names = webpki::SubjectAltNames(leaf.get0());
  }
  return result;
}

}  // namespace cryptoshim
