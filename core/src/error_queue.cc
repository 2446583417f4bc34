#include "cryptoshim/error_queue.h"

#include <openssl/err.h>

#include <string>

namespace cryptoshim {
namespace {

std::string OrEmpty(const char* s) { return s ? std::string(s) : std::string(); }

}  // namespace

std::vector<OpenSslError> DrainErrorQueue() {
  std::vector<OpenSslError> out;
  const char* func = nullptr;
  while (unsigned long code = ERR_get_error_all(nullptr, nullptr, &func, nullptr, nullptr)) {
    // OpenSSL 3 no longer records function codes: the function is "".
    out.push_back(OpenSslError{code, OrEmpty(ERR_lib_error_string(code)), "",
                               OrEmpty(ERR_reason_error_string(code))});
  }
  return out;
}

Status ErrorFromQueue(ErrorCode code, std::string_view context) {
  return Status(code, std::string(context), DrainErrorQueue());
}

void ClearErrorQueue() { ERR_clear_error(); }

}  // namespace cryptoshim
