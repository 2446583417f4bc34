#include "cryptoshim/certificate_host.h"

#include <openssl/x509v3.h>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {

int CheckHost(const Certificate& cert, const std::string& host, unsigned flags) {
  static_assert(kHostCheckNoPartialWildcards == X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  static_assert(kHostCheckNeverCheckSubject == X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
  if (host.find('\0') != std::string::npos) return -1;
  int ret = X509_check_host(cert.get0(), host.data(), host.size(), flags, nullptr);
  ClearErrorQueue();
  return ret < 0 ? -1 : ret;
}

int CheckIpAddress(const Certificate& cert, const std::string& ip) {
  int ret = X509_check_ip_asc(cert.get0(), ip.c_str(), 0);
  ClearErrorQueue();
  return ret < 0 ? -1 : ret;
}

StatusOr<std::vector<GeneralNameEntry>> SubjectAltNames(const Certificate& cert) {
  int crit = 0;
  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert.get0(), NID_subject_alt_name, &crit, nullptr));
  ClearErrorQueue();
  if (names == nullptr) {
    if (crit == -2)
      return Status(ErrorCode::kInvalidArgument,
                    "certificate has multiple subjectAltName extensions");
    if (crit >= 0) return Status(ErrorCode::kParse, "malformed subjectAltName extension");
    return std::vector<GeneralNameEntry>{};
  }
  SslUniquePtr<GENERAL_NAMES> owned(names);
  std::vector<GeneralNameEntry> out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* gen = sk_GENERAL_NAME_value(names, i);
    GeneralNameEntry entry;
    entry.type = gen->type;
    switch (gen->type) {
      case GEN_DNS:
      case GEN_URI:
      case GEN_EMAIL:
      case GEN_IPADD: {
        const ASN1_STRING* s = gen->d.ia5;
        entry.value.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                           static_cast<size_t>(ASN1_STRING_length(s)));
        break;
      }
      default: {
        unsigned char* der = nullptr;
        int len = i2d_GENERAL_NAME(const_cast<GENERAL_NAME*>(gen), &der);
        if (len < 0) return ErrorFromQueue(ErrorCode::kInternal, "i2d_GENERAL_NAME");
        entry.value.assign(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
        OPENSSL_free(der);
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace cryptoshim
