// PKCS#7 / CMS containers: parsing, encoding, the content type and the
// certificates carried by a signed (or signed-and-enveloped) bag. Signing,
// encryption and S/MIME are in smime.h.
#pragma once

#include <string>
#include <vector>

#include "cryptoshim/bytes.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/key.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

class Pkcs7 {
 public:
  explicit Pkcs7(SslUniquePtr<PKCS7> p7) : p7_(std::move(p7)) {}
  // kParse with OpenSSL's reasons on malformed input.
  static StatusOr<Pkcs7> Parse(BytesView data, Encoding encoding);
  // PKCS7_new: an empty container without a content type.
  static StatusOr<Pkcs7> New();

  PKCS7* get0() const { return p7_.get(); }

  // NID of the outer content type (NID_pkcs7_signed, ...).
  int type_nid() const;
  // Its short name ("pkcs7-signedData").
  std::string type_name() const;
  bool is_signed() const;
  bool is_enveloped() const;
  bool is_signed_and_enveloped() const;
  bool is_data() const;

  // PEM ("-----BEGIN PKCS7-----") and DER encodings.
  StatusOr<Bytes> ToPem() const;
  StatusOr<Bytes> ToDer() const;

  // New references to the certificates of a signed bag; empty for other types.
  StatusOr<std::vector<Certificate>> Certificates() const;
  // PKCS7_add_certificate: appends a reference to a signed bag's certificates.
  Status AddCertificate(const Certificate& cert) const;

 private:
  SslUniquePtr<PKCS7> p7_;
};

}  // namespace cryptoshim
