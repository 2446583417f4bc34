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

}  // namespace cryptoshim
