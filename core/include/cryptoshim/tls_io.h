// The typed outcome of one TLS I/O step (handshake, read, write, shutdown,
// BIO transfer). Non-blocking progress (want-read/want-write) and a clean
// close are outcomes, not errors; the caller maps them onto its own API.
#pragma once

#include <vector>

#include "cryptoshim/status.h"

namespace cryptoshim {

enum class TlsIoStatus {
  kOk,              // `result` holds the byte count (or SSL_shutdown's 0/1)
  kWantRead,        // feed more input (socket readable / bio_write) and retry
  kWantWrite,       // drain output (socket writable / bio_read) and retry
  kWantX509Lookup,  // a certificate callback asked to be called again
  kZeroReturn,      // the peer sent close_notify
  kSyscall,         // transport failure: `sys_errno` (0 = EOF without close_notify)
  kUnexpectedEof,   // OpenSSL 3's SSL_R_UNEXPECTED_EOF_WHILE_READING
  kSslError,        // protocol or library failure: `errors` is the queue
};

struct TlsIo {
  TlsIoStatus status = TlsIoStatus::kOk;
  int result = 0;                    // the raw return value of the OpenSSL call
  int sys_errno = 0;                 // errno captured right after the call (kSyscall)
  std::vector<OpenSslError> errors;  // drained error queue (kSyscall, kSslError)
};

}  // namespace cryptoshim
