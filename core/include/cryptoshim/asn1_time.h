// An ASN.1 Time (UTCTime or GeneralizedTime), owned or viewed in place.
//
// Views re-resolve their ASN1_TIME on every access: X509_set1_notBefore and
// friends replace the field's pointer, so a cached raw pointer could dangle.
// The resolver's captures keep the owning object alive.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

class Asn1Time {
 public:
  using Resolver = std::function<ASN1_TIME*()>;

  // An empty time. `utc_only` restricts it to UTCTime (years 1950-2049).
  static StatusOr<Asn1Time> New(bool utc_only);
  static Asn1Time View(Resolver resolve);

  // Null for a view whose owner has no such field (e.g. a CRL without nextUpdate).
  ASN1_TIME* get0() const;
  bool utc_only() const { return utc_only_; }

  // Text in UTCTime ("YYMMDDHHMMSSZ") or, unless utc_only, GeneralizedTime form.
  Status SetString(std::string_view text);
  Status SetUnixTime(std::int64_t seconds);
  // ASN1_TIME_print's rendering ("Aug  7 05:30:11 1999 GMT"); OpenSSL's own
  // "Bad time value" for an empty or malformed time.
  std::string Print() const;
  // Seconds since the epoch; an error for an empty or malformed time.
  StatusOr<std::int64_t> ToUnixTime() const;

 private:
  Asn1Time() = default;
  std::shared_ptr<ASN1_TIME> owned_;
  Resolver resolve_;
  bool utc_only_ = false;
};

}  // namespace cryptoshim
