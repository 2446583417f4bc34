// Name syntax and matching for the WebPKI verifier: DNS names and wildcard
// patterns (CABF 7.1.2.7.12, RFC 6125 6.4.3 without partial wildcards), DNS,
// IP and RFC 822 name constraints (RFC 5280 4.2.1.10). Internal to the core.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cryptoshim::webpki {

// A preferred-syntax host name (RFC 1034 3.5 with leading digits allowed):
// 1..253 octets, labels of 1..63 letters, digits and inner hyphens. No
// underscores, no trailing dot, no wildcard, ASCII only.
bool IsValidDnsName(std::string_view name);

// Case-insensitive ASCII equality.
bool DnsEqual(std::string_view a, std::string_view b);

// `name` equals `zone` or is a subdomain of it (label-aware, case-insensitive).
bool DnsWithin(std::string_view name, std::string_view zone);

// A SAN dNSName: either an exact name or "*." + name (the wildcard covers
// exactly one label). Anything else (embedded or partial wildcards, "*",
// invalid names) has no pattern.
struct DnsPattern {
  bool wildcard = false;
  std::string base;  // the name after "*." for wildcards

  static std::optional<DnsPattern> Parse(std::string_view text);
  bool Matches(std::string_view name) const;
};

// The result of testing one constraint against one name.
enum class ConstraintMatch { kMatch, kNoMatch, kMalformedConstraint, kMalformedName };

// dNSName constraints are valid DNS names (no leading period, no wildcard).
// Permitted subtrees must contain every name a wildcard expands to; excluded
// subtrees match when they overlap it at all.
ConstraintMatch DnsConstraintPermits(std::string_view constraint, std::string_view san);
ConstraintMatch DnsConstraintExcludes(std::string_view constraint, std::string_view san);

// iPAddress constraints: 8 or 32 octets, address then a contiguous mask.
ConstraintMatch IpConstraintMatches(const std::vector<uint8_t>& constraint,
                                    const std::vector<uint8_t>& address);

// rfc822Name constraints: a full mailbox (exact match), a host ("example.com",
// mailboxes at exactly that host) or a zone (".example.com", hosts below it).
ConstraintMatch EmailConstraintMatches(std::string_view constraint, std::string_view mailbox);

// "local@domain" with a non-empty local part free of '@' and controls, and a
// valid DNS domain.
bool IsValidMailbox(std::string_view mailbox);

// Mailboxes compare with an exact local part and a case-insensitive domain.
bool MailboxEqual(std::string_view a, std::string_view b);

// Text to octets (4 or 16) with inet_pton, or nullopt.
std::optional<std::vector<uint8_t>> ParseIpAddress(std::string_view text);

// Canonical text: dotted decimal, or RFC 5952 for IPv6 (inet_ntop). Empty for
// octet strings that are not 4 or 16 long.
std::string IpAddressText(const std::vector<uint8_t>& address);

}  // namespace cryptoshim::webpki
