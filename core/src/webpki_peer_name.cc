#include "webpki_peer_name.h"

#include <openssl/x509v3.h>

#include "public_suffix.h"
#include "webpki_extensions.h"
#include "webpki_names.h"

namespace cryptoshim::webpki {

namespace {

std::string AsString(const ASN1_STRING* s) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<size_t>(ASN1_STRING_length(s)));
}

std::vector<uint8_t> AsBytes(const ASN1_STRING* s) {
  const unsigned char* p = ASN1_STRING_get0_data(s);
  return std::vector<uint8_t>(p, p + ASN1_STRING_length(s));
}

bool GeneralNameMatches(const GENERAL_NAME* gn, const PeerName& name) {
  switch (name.kind) {
    case PeerNameKind::kDns: {
      if (gn->type != GEN_DNS) return false;
      std::optional<DnsPattern> pattern = DnsPattern::Parse(AsString(gn->d.dNSName));
      // CABF 3.2.2.6: a wildcard directly over a public suffix ("*.com",
      // "*.co.uk", "*.s3.amazonaws.com") names no one's domain; it never
      // matches, as in Chrome.
      if (pattern && pattern->wildcard && IsPublicSuffix(pattern->base)) return false;
      return pattern && pattern->Matches(name.value);
    }
    case PeerNameKind::kIp: {
      if (gn->type != GEN_IPADD) return false;
      std::optional<std::vector<uint8_t>> ip = ParseIpAddress(name.value);
      return ip && *ip == AsBytes(gn->d.iPAddress);
    }
    case PeerNameKind::kEmail:
      return gn->type == GEN_EMAIL && MailboxEqual(AsString(gn->d.rfc822Name), name.value);
  }
  return false;
}

// The base of a SAN wildcard over a public suffix that would otherwise have
// matched `name`, for the refusal message.
std::optional<std::string> PublicSuffixWildcard(const GENERAL_NAMES* san, const PeerName& name) {
  if (name.kind != PeerNameKind::kDns) return std::nullopt;
  for (int i = 0; i < sk_GENERAL_NAME_num(san); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(san, i);
    if (gn->type != GEN_DNS) continue;
    std::optional<DnsPattern> pattern = DnsPattern::Parse(AsString(gn->d.dNSName));
    if (pattern && pattern->wildcard && pattern->Matches(name.value)) return pattern->base;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ValidatePeerName(const PeerName& name) {
  switch (name.kind) {
    case PeerNameKind::kDns:
      if (!IsValidDnsName(name.value)) return "not a valid DNS name: " + name.value;
      return std::nullopt;
    case PeerNameKind::kIp:
      if (!ParseIpAddress(name.value)) return "not an IP address: " + name.value;
      return std::nullopt;
    case PeerNameKind::kEmail:
      if (!IsValidMailbox(name.value)) return "not a valid mailbox: " + name.value;
      return std::nullopt;
  }
  return "unknown peer name kind";
}

bool SanMatches(X509* leaf, const PeerName& name) {
  auto san = GetSubjectAltName(leaf);
  if (!san.value) return false;
  for (int i = 0; i < sk_GENERAL_NAME_num(san.value.get()); ++i) {
    if (GeneralNameMatches(sk_GENERAL_NAME_value(san.value.get(), i), name)) return true;
  }
  return false;
}

std::vector<PeerName> SubjectAltNames(X509* leaf) {
  std::vector<PeerName> out;
  auto san = GetSubjectAltName(leaf);
  if (!san.value) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(san.value.get()); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(san.value.get(), i);
    if (gn->type == GEN_DNS) out.push_back({PeerNameKind::kDns, AsString(gn->d.dNSName)});
    if (gn->type == GEN_EMAIL) out.push_back({PeerNameKind::kEmail, AsString(gn->d.rfc822Name)});
    if (gn->type == GEN_IPADD) {
      std::string text = IpAddressText(AsBytes(gn->d.iPAddress));
      if (!text.empty()) out.push_back({PeerNameKind::kIp, text});
    }
  }
  return out;
}

std::optional<std::string> CheckEndEntityNames(X509* leaf, const VerifierOptions& options) {
  auto san = GetSubjectAltName(leaf);
  if (san.malformed()) return "subjectAltName is malformed";
  // CABF 7.1.2.7.12: the SAN is mandatory.
  if (!san.present()) return "end-entity lacks subjectAltName";
  if (options.kind == ValidationKind::kClient) return std::nullopt;

  // RFC 5280 4.2.1.6: critical exactly when the subject is empty.
  bool empty_subject = X509_NAME_entry_count(X509_get_subject_name(leaf)) == 0;
  if (empty_subject && !san.critical) {
    return "subjectAltName must be critical when the subject is empty";
  }
  if (!empty_subject && san.critical) {
    return "subjectAltName must not be critical when the subject is non-empty";
  }
  if (options.check_peer_name && options.peer_name && !SanMatches(leaf, *options.peer_name)) {
    std::string why = "no subjectAltName matches the peer name " + options.peer_name->value;
    if (auto suffix = PublicSuffixWildcard(san.value.get(), *options.peer_name)) {
      why += " (the wildcard *." + *suffix + " is over a public suffix and matches nothing)";
    }
    return why;
  }
  return std::nullopt;
}

}  // namespace cryptoshim::webpki
