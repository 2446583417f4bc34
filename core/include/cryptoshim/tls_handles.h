// RAII deleters for the libssl handles the TLS layer owns (SSL_CTX, SSL,
// SSL_SESSION). Kept apart from ssl_unique_ptr.h, which covers libcrypto.
#pragma once

#include <openssl/ssl.h>

#include "cryptoshim/ssl_unique_ptr.h"

namespace cryptoshim {

template <>
struct SslDeleter<SSL_CTX> {
  void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
};
template <>
struct SslDeleter<SSL> {
  void operator()(SSL* p) const { SSL_free(p); }
};
template <>
struct SslDeleter<SSL_SESSION> {
  void operator()(SSL_SESSION* p) const { SSL_SESSION_free(p); }
};

}  // namespace cryptoshim
