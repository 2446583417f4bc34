// X.509 certificates. Owner: the x509 family (certificate*.cc, name*.cc,
// extension*.cc). Other primitives take `const Certificate&` and get0().
#pragma once

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

class Certificate {
 public:
  explicit Certificate(SslUniquePtr<X509> x509) : x509_(std::move(x509)) {}

  // Borrowed handle; valid while this Certificate lives.
  X509* get0() const { return x509_.get(); }
  // A new reference (the caller frees it).
  X509* get1() const {
    X509_up_ref(x509_.get());
    return x509_.get();
  }

 private:
  SslUniquePtr<X509> x509_;
};

}  // namespace cryptoshim
