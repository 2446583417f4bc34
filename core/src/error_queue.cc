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

// Peek first: ERR_clear_error walks all 16 slots of the thread's queue (32
// CRYPTO_free calls, ~1,000 instructions) even when it holds no error, and the
// TLS paths clear before and after every SSL_read/SSL_write, a retried
// non-blocking read included. An empty queue (what SSL_get_error needs) is
// exactly ERR_peek_error() == 0.
void ClearErrorQueue() {
  if (ERR_peek_error() != 0) {
    ERR_clear_error();
  }
}

}  // namespace cryptoshim
