// X.509 v3 extensions (X509_EXTENSION), created from OpenSSL's textual
// configuration syntax (X509V3_EXT_nconf) or read from
// certificates and requests.
#pragma once

#include <string>
#include <string_view>

#include "cryptoshim/bytes.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

class Certificate;

class X509Extension {
 public:
  // Takes ownership.
  explicit X509Extension(SslUniquePtr<X509_EXTENSION> ext) : ext_(std::move(ext)) {}

  // X509V3_EXT_nconf with a context holding the optional subject/issuer
  // certificates (needed by subjectKeyIdentifier/authorityKeyIdentifier).
  // A critical extension is requested with OpenSSL's "critical," prefix.
  static StatusOr<X509Extension> Create(std::string_view type_name, bool critical,
                                        std::string_view value,
                                        const Certificate* subject = nullptr,
                                        const Certificate* issuer = nullptr,
                                        bool empty_config_db = false);
  // Copies an extension owned elsewhere.
  static StatusOr<X509Extension> Dup(const X509_EXTENSION* ext);
  // authorityKeyIdentifier carrying only keyIdentifier (RFC 5280 4.2.1.1).
  static StatusOr<X509Extension> AuthorityKeyIdentifier(BytesView key_id, bool critical);

  X509_EXTENSION* get0() const { return ext_.get(); }
  StatusOr<X509Extension> Copy() const { return Dup(ext_.get()); }

  int nid() const;
  bool critical() const;
  // OBJ_nid2sn of the extension type ("basicConstraints", "UNDEF" if unknown).
  std::string short_name() const;
  // The extension value's DER (the OCTET STRING contents).
  Bytes data() const;
  // Human-readable text: X509V3_EXT_print, except for
  // subjectAltName whose DNS/email/URI values are copied verbatim (NULs kept).
  StatusOr<std::string> ToText() const;
  // X509V3_EXT_print with X509V3_EXT_* flags and an indent, as-is (no
  // special cases); empty when OpenSSL cannot print the extension.
  std::string Print(unsigned long flags, int indent) const;
  Status SetCritical(bool critical);

 private:
  SslUniquePtr<X509_EXTENSION> ext_;
};

}  // namespace cryptoshim
