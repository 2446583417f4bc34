// A TLS session (SSL_SESSION) that can be handed to a new connection for
// resumption. Immutable from the outside; shared by reference count.
#pragma once

#include "cryptoshim/tls_handles.h"

namespace cryptoshim {

class TlsSession {
 public:
  // Takes ownership of one reference.
  explicit TlsSession(SslUniquePtr<SSL_SESSION> session) : session_(std::move(session)) {}
  SSL_SESSION* get0() const { return session_.get(); }

 private:
  SslUniquePtr<SSL_SESSION> session_;
};

}  // namespace cryptoshim
