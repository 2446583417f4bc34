// Certificate revocation lists (X509_CRL) and their entries (X509_REVOKED).
// Entries are values: Crl::AddRevoked and Crl::RevokedEntries copy, so
// mutating a Revoked never changes a CRL behind the caller's back.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cryptoshim/bytes.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/key.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

// Output formats of Crl::Serialize (kText is X509_CRL_print's dump).
enum class CrlFormat { kPem, kDer, kText };

// The CRLReason codes (RFC 5280 5.3.1) as ASN1_ENUMERATED values.
enum class CrlReason : int {
  kUnspecified = 0,
  kKeyCompromise = 1,
  kCaCompromise = 2,
  kAffiliationChanged = 3,
  kSuperseded = 4,
  kCessationOfOperation = 5,
  kCertificateHold = 6,
  kRemoveFromCrl = 8,
  kPrivilegeWithdrawn = 9,
  kAaCompromise = 10,
};

// One revocation entry.
class Revoked {
 public:
  explicit Revoked(SslUniquePtr<X509_REVOKED> revoked) : revoked_(std::move(revoked)) {}
  static StatusOr<Revoked> New();

  X509_REVOKED* get0() const { return revoked_.get(); }
  StatusOr<Revoked> Clone() const;

  // Parses the leading hexadecimal digits of `hex` (BN_hex2bn semantics:
  // "31ppp" sets 0x31). kInvalidArgument when no digit leads.
  Status SetSerialHex(std::string_view hex);
  // Upper-case hex with an even number of digits ("010B"), as i2a_ASN1_INTEGER.
  StatusOr<std::string> SerialHex() const;

  // `when` is an ASN.1 TIME string (YYYYMMDDhhmmssZ or UTCTime); kInvalidArgument
  // when it does not parse.
  Status SetRevocationDate(std::string_view when);
  // GeneralizedTime string, or nullopt when unset.
  StatusOr<std::optional<std::string>> RevocationDate() const;

  // Replaces the CRLReason extension; nullopt removes it.
  Status SetReason(std::optional<CrlReason> reason);
  // The extension as X509V3_EXT_print renders it ("Superseded"), or nullopt.
  StatusOr<std::optional<std::string>> ReasonText() const;

 private:
  SslUniquePtr<X509_REVOKED> revoked_;
};

class Crl {
 public:
  explicit Crl(SslUniquePtr<X509_CRL> crl) : crl_(std::move(crl)) {}
  static StatusOr<Crl> New();
  // kParse with the OpenSSL reasons on malformed input.
  static StatusOr<Crl> Parse(BytesView data, Encoding encoding);

  X509_CRL* get0() const { return crl_.get(); }

  StatusOr<Bytes> Serialize(CrlFormat format) const;

  // Copies of the entries, in CRL order.
  StatusOr<std::vector<Revoked>> RevokedEntries() const;
  // Adds a copy of `revoked`.
  Status AddRevoked(const Revoked& revoked);

  // A copy of the issuer name.
  StatusOr<SslUniquePtr<X509_NAME>> Issuer() const;
  Status SetIssuer(const X509_NAME* name);

  Status SetVersion(long version);
  // ASN.1 TIME strings; kInvalidArgument when they do not parse.
  Status SetLastUpdate(std::string_view when);
  Status SetNextUpdate(std::string_view when);
  // Now plus `offset_seconds`, as X509_gmtime_adj computes it.
  Status SetLastUpdateFromNow(long offset_seconds);
  Status SetNextUpdateFromNow(long offset_seconds);

  // Sets the issuer to `issuer_cert`'s subject, optionally sorts the entries
  // (X509_CRL_sort), and signs with `issuer_key` over `digest_name`.
  // kUnsupported for an unknown digest.
  Status Sign(const Certificate& issuer_cert, const Key& issuer_key, std::string_view digest_name,
              bool sort_entries);

 private:
  SslUniquePtr<X509_CRL> crl_;
};

}  // namespace cryptoshim
