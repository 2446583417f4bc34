#include "cryptoshim/certificate_lint.h"

#include <openssl/x509v3.h>

#include "webpki_extensions.h"
#include "webpki_names.h"

namespace cryptoshim {

namespace {

std::string AsString(const ASN1_STRING* s) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<size_t>(ASN1_STRING_length(s)));
}

std::vector<uint8_t> AsBytes(const ASN1_STRING* s) {
  const unsigned char* p = ASN1_STRING_get0_data(s);
  return std::vector<uint8_t>(p, p + ASN1_STRING_length(s));
}

}  // namespace

std::optional<std::string> LintCommonName(const Certificate& cert) {
  X509* x = cert.get0();
  X509_NAME* subject = X509_get_subject_name(x);
  int loc = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (loc < 0) return std::nullopt;
  if (X509_NAME_get_index_by_NID(subject, NID_commonName, loc) >= 0) {
    return "subject has more than one commonName";
  }
  std::string cn = AsString(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, loc)));
  auto san = webpki::GetSubjectAltName(x);
  if (!san.value) return "subject commonName without a subjectAltName to copy";
  for (int i = 0; i < sk_GENERAL_NAME_num(san.value.get()); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(san.value.get(), i);
    if (gn->type == GEN_DNS && AsString(gn->d.dNSName) == cn) return std::nullopt;
    if (gn->type == GEN_IPADD && webpki::IpAddressText(AsBytes(gn->d.iPAddress)) == cn) {
      return std::nullopt;
    }
  }
  return "subject commonName is not a copy of a subjectAltName entry";
}

}  // namespace cryptoshim
