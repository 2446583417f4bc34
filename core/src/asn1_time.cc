#include "cryptoshim/asn1_time.h"

#include <openssl/asn1.h>

#include <climits>
#include <cstdint>

#include "cryptoshim/bytes.h"
#include "cryptoshim/error_queue.h"

namespace cryptoshim {

StatusOr<Asn1Time> Asn1Time::New(bool utc_only) {
  Asn1Time t;
  ASN1_TIME* raw = utc_only ? ASN1_UTCTIME_new() : ASN1_TIME_new();
  if (raw == nullptr) return ErrorFromQueue(ErrorCode::kInternal, "ASN1_TIME_new failed");
  t.owned_.reset(raw, [](ASN1_TIME* p) { ASN1_TIME_free(p); });
  t.utc_only_ = utc_only;
  return t;
}

Asn1Time Asn1Time::View(Resolver resolve) {
  Asn1Time t;
  t.resolve_ = std::move(resolve);
  return t;
}

ASN1_TIME* Asn1Time::get0() const { return resolve_ ? resolve_() : owned_.get(); }

Status Asn1Time::SetString(std::string_view text) {
  ASN1_TIME* t = get0();
  if (t == nullptr) return Status(ErrorCode::kInvalidArgument, "time field is absent");
  ClearErrorQueue();
  const std::string s(text);
  // The *_set_string functions check the syntax before storing the text.
  int ok = utc_only_ ? ASN1_UTCTIME_set_string(t, s.c_str()) : ASN1_TIME_set_string(t, s.c_str());
  if (ok != 1) return ErrorFromQueue(ErrorCode::kInvalidArgument, "invalid time string");
  return Status::Ok();
}

Status Asn1Time::SetUnixTime(std::int64_t seconds) {
  ASN1_TIME* t = get0();
  if (t == nullptr) return Status(ErrorCode::kInvalidArgument, "time field is absent");
  ClearErrorQueue();
  // ASN1_TIME_adj picks UTCTime or GeneralizedTime by year (RFC 5280 4.1.2.5).
  // It is given the time as an offset from the epoch because that path checks
  // the year fits GeneralizedTime's four digits; ASN1_TIME_set would store
  // year 10000 as a time nothing can read back.
  ASN1_TIME* r = nullptr;
  if (utc_only_) {
    r = ASN1_UTCTIME_set(t, static_cast<time_t>(seconds));
  } else {
    constexpr std::int64_t kSecondsPerDay = 86400;
    const std::int64_t days = seconds / kSecondsPerDay;
    if (days >= INT_MIN && days <= INT_MAX) {
      r = ASN1_TIME_adj(t, 0, static_cast<int>(days), static_cast<long>(seconds % kSecondsPerDay));
    }
  }
  if (r == nullptr) return ErrorFromQueue(ErrorCode::kInvalidArgument, "time out of range");
  return Status::Ok();
}

std::string Asn1Time::Print() const {
  ASN1_TIME* t = get0();
  auto bio = NewMemBio();
  if (!bio) return "Bad time value";
  if (t == nullptr) return "Bad time value";
  // ASN1_TIME_print writes "Bad time value" itself when it returns 0.
  ASN1_TIME_print(bio.get(), t);
  ClearErrorQueue();
  return MemBioContents(bio.get());
}

StatusOr<std::int64_t> Asn1Time::ToUnixTime() const {
  ASN1_TIME* t = get0();
  struct tm tm {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) {
    ClearErrorQueue();
    return Status(ErrorCode::kInvalidArgument, "invalid time value");
  }
  int days = 0;
  int secs = 0;
  // Difference from the epoch, computed by OpenSSL without timegm's locale.
  SslUniquePtr<ASN1_STRING> epoch(ASN1_TIME_set(nullptr, 0));
  if (!epoch || ASN1_TIME_diff(&days, &secs, epoch.get(), t) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "ASN1_TIME_diff failed");
  }
  return static_cast<std::int64_t>(days) * 86400 + secs;
}

}  // namespace cryptoshim
