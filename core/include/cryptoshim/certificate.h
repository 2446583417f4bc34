// X.509 certificates. Owner: the x509 family (certificate*.cc, x509_name*.cc,
// x509_extension*.cc). Other primitives take `const Certificate&` and get0().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"
#include "cryptoshim/x509_extension.h"
#include "cryptoshim/x509_name.h"

namespace cryptoshim {

class Certificate {
 public:
  explicit Certificate(SslUniquePtr<X509> x509) : x509_(std::move(x509)) {}

  // Borrowed handle; valid while this Certificate lives.
  X509* get0() const { return x509_.get(); }
  // A new reference (the caller frees it).
  X509* get1() const {
    X509_up_ref(x509_.get());
    return x509_.get();
  }

  // An empty certificate (X509_new): v1, serial 0, empty names, no times.
  static StatusOr<Certificate> New();
  // Malformed input gives kParse with OpenSSL's reasons.
  static StatusOr<Certificate> Parse(BytesView data, Encoding encoding);
  // Another handle on the same X509 (a reference, not a copy).
  Certificate Share() const { return Certificate(SslUniquePtr<X509>(get1())); }

  StatusOr<Bytes> ToPem() const;
  StatusOr<Bytes> ToDer() const;
  // X509_print_ex with default flags.
  StatusOr<Bytes> ToText() const;

  long version() const;
  Status SetVersion(long version);

  // The serial as a signed hexadecimal string ("-1F", "0"), of any size.
  StatusOr<std::string> SerialHex() const;
  Status SetSerialHex(std::string_view hex);

  // Validity bounds as ASN.1 GeneralizedTime text "YYYYMMDDhhmmssZ", or
  // nullopt when the field is empty (a fresh certificate).
  std::optional<std::string> NotBefore() const;
  std::optional<std::string> NotAfter() const;
  // Accepts anything ASN1_TIME_set_string does (UTCTime or GeneralizedTime
  // text); anything else gives kInvalidArgument.
  Status SetNotBefore(std::string_view when);
  Status SetNotAfter(std::string_view when);
  // Sets the bound to now + `seconds`.
  Status AdjustNotBefore(long seconds);
  Status AdjustNotAfter(long seconds);
  // notAfter is before the current time.
  StatusOr<bool> HasExpired() const;

  // Live views onto the certificate's names (they keep the X509 alive).
  X509Name Subject() const;
  X509Name Issuer() const;
  Status SetSubject(const X509Name& name);
  Status SetIssuer(const X509Name& name);

  // The subject public key; kParse if it is absent or undecodable.
  StatusOr<Key> PublicKey() const;
  Status SetPublicKey(const Key& key);

  // Signs with `digest` (an OpenSSL digest name); Ed25519/Ed448 keys sign
  // without a digest and ignore it. Unknown digests give kUnsupported.
  Status Sign(const Key& key, std::string_view digest);
  // Long name of the signature algorithm; kInvalidArgument when OpenSSL does
  // not know its OID.
  StatusOr<std::string> SignatureAlgorithm() const;
  // Fingerprint of the DER encoding with `digest`; kUnsupported if unknown.
  StatusOr<Bytes> Fingerprint(std::string_view digest) const;
  // X509_subject_name_hash (SHA-1 based).
  unsigned long SubjectNameHash() const;

  int ExtensionCount() const;
  // A copy of the extension at `index`; kInvalidArgument when out of range.
  StatusOr<X509Extension> Extension(int index) const;
  Status AddExtension(const X509Extension& ext);

 private:
  SslUniquePtr<X509> x509_;
};

// Shared by certificates, requests and SPKIs: fetches a signing digest, with
// nullptr (no digest) for keys that sign without one (Ed25519/Ed448).
StatusOr<SslUniquePtr<EVP_MD>> FetchSigningDigest(const Key& key, std::string_view digest);

// ASN1_TIME as "YYYYMMDDhhmmssZ" GeneralizedTime text, or nullopt if empty.
std::optional<std::string> Asn1TimeToGeneralized(const ASN1_TIME* t);

}  // namespace cryptoshim
