#include "name_constraints_check.h"

#include <openssl/x509v3.h>

#include "webpki_extensions.h"
#include "webpki_names.h"
#include "webpki_profile.h"

namespace cryptoshim::webpki {

namespace {

enum class Outcome { kSkipped, kMatch, kNoMatch, kError };

struct Evaluation {
  Outcome outcome = Outcome::kSkipped;
  std::string error;
};

// sk_*_num of a null stack is -1.
size_t Count(int n) { return n > 0 ? static_cast<size_t>(n) : 0; }

std::string AsString(const ASN1_STRING* s) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<size_t>(ASN1_STRING_length(s)));
}

std::vector<uint8_t> AsBytes(const ASN1_STRING* s) {
  const unsigned char* p = ASN1_STRING_get0_data(s);
  return std::vector<uint8_t>(p, p + ASN1_STRING_length(s));
}

Evaluation FromMatch(ConstraintMatch m, const char* form) {
  switch (m) {
    case ConstraintMatch::kMatch:
      return {Outcome::kMatch, {}};
    case ConstraintMatch::kNoMatch:
      return {Outcome::kNoMatch, {}};
    case ConstraintMatch::kMalformedConstraint:
      return {Outcome::kError, std::string("malformed ") + form + " name constraint"};
    case ConstraintMatch::kMalformedName:
      return {Outcome::kError,
              std::string("malformed ") + form + " subjectAltName under a constraint"};
  }
  return {Outcome::kError, "unreachable"};
}

Evaluation Evaluate(bool permitted, const GENERAL_NAME* constraint, const GENERAL_NAME* san) {
  if (constraint->type != san->type) return {Outcome::kSkipped, {}};
  switch (constraint->type) {
    case GEN_DNS: {
      std::string c = AsString(constraint->d.dNSName);
      std::string n = AsString(san->d.dNSName);
      return FromMatch(permitted ? DnsConstraintPermits(c, n) : DnsConstraintExcludes(c, n), "DNS");
    }
    case GEN_IPADD:
      return FromMatch(
          IpConstraintMatches(AsBytes(constraint->d.iPAddress), AsBytes(san->d.iPAddress)), "IP");
    case GEN_EMAIL:
      return FromMatch(
          EmailConstraintMatches(AsString(constraint->d.rfc822Name), AsString(san->d.rfc822Name)),
          "email");
    case GEN_DIRNAME:
      // OpenSSL's own check handles directoryName (and the subject DN).
      return {Outcome::kSkipped, {}};
    default:
      // otherName, URI, x400Address, ediPartyName, registeredID: a constraint
      // we cannot evaluate must not be silently ignored.
      return {Outcome::kError, "unsupported name constraint form"};
  }
}

std::optional<std::string> CheckOneName(const NAME_CONSTRAINTS* nc, const GENERAL_NAME* san,
                                        size_t* budget) {
  bool permit = true;
  for (int i = 0; i < sk_GENERAL_SUBTREE_num(nc->permittedSubtrees); ++i) {
    if (*budget == 0) return "name constraint budget exhausted";
    --*budget;
    Evaluation e = Evaluate(true, sk_GENERAL_SUBTREE_value(nc->permittedSubtrees, i)->base, san);
    if (e.outcome == Outcome::kError) return e.error;
    if (e.outcome == Outcome::kSkipped) continue;
    permit = e.outcome == Outcome::kMatch;
    if (permit) break;
  }
  if (!permit) return "no permitted name constraint matches a subjectAltName";
  for (int i = 0; i < sk_GENERAL_SUBTREE_num(nc->excludedSubtrees); ++i) {
    if (*budget == 0) return "name constraint budget exhausted";
    --*budget;
    Evaluation e = Evaluate(false, sk_GENERAL_SUBTREE_value(nc->excludedSubtrees, i)->base, san);
    if (e.outcome == Outcome::kError) return e.error;
    if (e.outcome == Outcome::kMatch) return "an excluded name constraint matches a subjectAltName";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> CheckNameConstraints(const std::vector<X509*>& path, size_t* budget) {
  for (size_t i = 1; i < path.size(); ++i) {
    auto nc = GetExtension<NAME_CONSTRAINTS>(path[i], NID_name_constraints, FreeNameConstraints);
    if (nc.malformed()) return "nameConstraints is malformed";
    if (!nc.present()) continue;
    for (size_t j = 0; j < i; ++j) {
      if (j > 0 && IsSelfIssued(path[j])) continue;
      auto san = GetSubjectAltName(path[j]);
      if (san.malformed()) return "subjectAltName is malformed";
      if (!san.value) continue;
      // Charge the whole pairing up front, as OpenSSL's NAME_CONSTRAINTS_check
      // does: a pathological product fails at once instead of after a
      // million comparisons.
      size_t pairs = Count(sk_GENERAL_NAME_num(san.value.get())) *
                     (Count(sk_GENERAL_SUBTREE_num(nc.value->permittedSubtrees)) +
                      Count(sk_GENERAL_SUBTREE_num(nc.value->excludedSubtrees)));
      if (pairs > *budget) return "name constraint budget exhausted";
      for (int k = 0; k < sk_GENERAL_NAME_num(san.value.get()); ++k) {
        if (auto problem =
                CheckOneName(nc.value.get(), sk_GENERAL_NAME_value(san.value.get(), k), budget)) {
          return *problem + " (constraint from " + DescribeCertificate(path[i]) + ")";
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace cryptoshim::webpki
