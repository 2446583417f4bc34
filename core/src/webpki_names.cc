#include "webpki_names.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace cryptoshim::webpki {

namespace {

bool IsLdh(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// The name without its leftmost label, or nullopt for a single label.
std::optional<std::string_view> Parent(std::string_view name) {
  size_t dot = name.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  return name.substr(dot + 1);
}

}  // namespace

bool IsValidDnsName(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    std::string_view label =
        name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    if (!std::all_of(label.begin(), label.end(), IsLdh)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool DnsEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

bool DnsWithin(std::string_view name, std::string_view zone) {
  if (DnsEqual(name, zone)) return true;
  if (name.size() <= zone.size() + 1) return false;
  // A label boundary must precede the zone: "fooexample.com" is not within
  // "example.com".
  return name[name.size() - zone.size() - 1] == '.' &&
         DnsEqual(name.substr(name.size() - zone.size()), zone);
}

std::optional<DnsPattern> DnsPattern::Parse(std::string_view text) {
  DnsPattern pattern;
  if (text.substr(0, 2) == "*.") {
    pattern.wildcard = true;
    text.remove_prefix(2);
  }
  if (!IsValidDnsName(text)) return std::nullopt;
  pattern.base = std::string(text);
  return pattern;
}

bool DnsPattern::Matches(std::string_view name) const {
  if (!wildcard) return DnsEqual(base, name);
  std::optional<std::string_view> parent = Parent(name);
  return parent && DnsEqual(*parent, base);
}

ConstraintMatch DnsConstraintPermits(std::string_view constraint, std::string_view san) {
  if (!IsValidDnsName(constraint)) return ConstraintMatch::kMalformedConstraint;
  std::optional<DnsPattern> pattern = DnsPattern::Parse(san);
  if (!pattern) return ConstraintMatch::kMalformedName;
  // "*.example.com" expands to every single-label child of example.com, all of
  // which lie within the constraint exactly when example.com does.
  return DnsWithin(pattern->base, constraint) ? ConstraintMatch::kMatch : ConstraintMatch::kNoMatch;
}

ConstraintMatch DnsConstraintExcludes(std::string_view constraint, std::string_view san) {
  if (!IsValidDnsName(constraint)) return ConstraintMatch::kMalformedConstraint;
  std::optional<DnsPattern> pattern = DnsPattern::Parse(san);
  if (!pattern) return ConstraintMatch::kMalformedName;
  if (DnsWithin(pattern->base, constraint)) return ConstraintMatch::kMatch;
  // A wildcard also overlaps an excluded zone one label below its base:
  // "*.example.com" can expand to the excluded "bad.example.com".
  if (pattern->wildcard) {
    std::optional<std::string_view> parent = Parent(constraint);
    if (parent && DnsEqual(*parent, pattern->base)) return ConstraintMatch::kMatch;
  }
  return ConstraintMatch::kNoMatch;
}

ConstraintMatch IpConstraintMatches(const std::vector<uint8_t>& constraint,
                                    const std::vector<uint8_t>& address) {
  if (constraint.size() != 8 && constraint.size() != 32) {
    return ConstraintMatch::kMalformedConstraint;
  }
  size_t width = constraint.size() / 2;
  // The mask must be a prefix: ones, then zeros.
  bool seen_zero = false;
  for (size_t i = width; i < constraint.size(); ++i) {
    for (int bit = 7; bit >= 0; --bit) {
      bool one = (constraint[i] >> bit) & 1;
      if (one && seen_zero) return ConstraintMatch::kMalformedConstraint;
      if (!one) seen_zero = true;
    }
  }
  if (address.size() != 4 && address.size() != 16) return ConstraintMatch::kMalformedName;
  if (address.size() != width) return ConstraintMatch::kNoMatch;
  for (size_t i = 0; i < width; ++i) {
    uint8_t mask = constraint[width + i];
    if ((address[i] & mask) != (constraint[i] & mask)) return ConstraintMatch::kNoMatch;
  }
  return ConstraintMatch::kMatch;
}

bool IsValidMailbox(std::string_view mailbox) {
  size_t at = mailbox.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  std::string_view local = mailbox.substr(0, at);
  for (char c : local) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
  }
  return IsValidDnsName(mailbox.substr(at + 1));
}

bool MailboxEqual(std::string_view a, std::string_view b) {
  size_t at_a = a.find('@');
  size_t at_b = b.find('@');
  if (at_a == std::string_view::npos || at_b == std::string_view::npos) return false;
  return a.substr(0, at_a) == b.substr(0, at_b) && DnsEqual(a.substr(at_a + 1), b.substr(at_b + 1));
}

ConstraintMatch EmailConstraintMatches(std::string_view constraint, std::string_view mailbox) {
  if (!IsValidMailbox(mailbox)) return ConstraintMatch::kMalformedName;
  std::string_view host = mailbox.substr(mailbox.find('@') + 1);
  if (constraint.find('@') != std::string_view::npos) {
    // A literal mailbox: "*@example.com" matches only the mailbox "*".
    if (!IsValidMailbox(constraint)) return ConstraintMatch::kMalformedConstraint;
    return MailboxEqual(constraint, mailbox) ? ConstraintMatch::kMatch : ConstraintMatch::kNoMatch;
  }
  if (!constraint.empty() && constraint.front() == '.') {
    std::string_view zone = constraint.substr(1);
    if (!IsValidDnsName(zone)) return ConstraintMatch::kMalformedConstraint;
    return (DnsWithin(host, zone) && !DnsEqual(host, zone)) ? ConstraintMatch::kMatch
                                                            : ConstraintMatch::kNoMatch;
  }
  if (!IsValidDnsName(constraint)) return ConstraintMatch::kMalformedConstraint;
  return DnsEqual(host, constraint) ? ConstraintMatch::kMatch : ConstraintMatch::kNoMatch;
}

std::optional<std::vector<uint8_t>> ParseIpAddress(std::string_view text) {
  std::string copy(text);
  unsigned char buf[16];
  if (inet_pton(AF_INET, copy.c_str(), buf) == 1) return std::vector<uint8_t>(buf, buf + 4);
  if (inet_pton(AF_INET6, copy.c_str(), buf) == 1) return std::vector<uint8_t>(buf, buf + 16);
  return std::nullopt;
}

std::string IpAddressText(const std::vector<uint8_t>& address) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (address.size() == 4) {
    if (inet_ntop(AF_INET, address.data(), buf, sizeof(buf)) == nullptr) return {};
  } else if (address.size() == 16) {
    if (inet_ntop(AF_INET6, address.data(), buf, sizeof(buf)) == nullptr) return {};
  } else {
    return {};
  }
  return buf;
}

}  // namespace cryptoshim::webpki
