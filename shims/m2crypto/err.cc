#include "cryptoshim/shims/m2crypto/err.h"

#include <openssl/err.h>

namespace cryptoshim::m2crypto {

std::string PopErrorMessage() {
  const char* data = nullptr;
  int flags = 0;
  unsigned long code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags);
  if (code == 0) return "";
  std::string msg;
  if (const char* reason = ERR_reason_error_string(code)) {
    msg = reason;
  } else {
    msg = "error:" + std::to_string(code);
  }
  if (data != nullptr && (flags & ERR_TXT_STRING) && *data != '\0') {
    msg += " (" + std::string(data) + ")";
  }
  ERR_clear_error();
  return msg;
}

std::string ErrorMessage(const Status& status) {
  for (const OpenSslError& e : status.openssl_errors()) {
    if (!e.reason.empty()) return e.reason;
  }
  return status.message();
}

}  // namespace cryptoshim::m2crypto
