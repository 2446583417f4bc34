// Trust stores (X509_STORE) and chain verification (X509_STORE_CTX).
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "cryptoshim/certificate.h"
#include "cryptoshim/crl.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

class Store {
 public:
  static StatusOr<Store> New();
  // Wraps an existing store (for example SSL_CTX_get_cert_store after
  // X509_STORE_up_ref). Flags and time already on it stay in its own param.
  explicit Store(SslUniquePtr<X509_STORE> store) : store_(std::move(store)) {}

  X509_STORE* get0() const { return store_.get(); }

  // Adds a trusted certificate. Adding one already present succeeds.
  Status AddCertificate(const Certificate& cert);
  Status AddCrl(const Crl& crl);
  // ORs X509_V_FLAG_* bits into the verification flags.
  Status SetFlags(unsigned long flags);
  // Verifies as of `when` instead of the current time.
  Status SetTime(std::time_t when);
  // PEM file and/or hashed directory; at least one must be given.
  Status LoadLocations(const std::optional<std::string>& file,
                       const std::optional<std::string>& dir);

  unsigned long flags() const { return flags_; }
  const std::optional<std::time_t>& time() const { return time_; }

 private:
  SslUniquePtr<X509_STORE> store_;
  // Mirrors of what was set on the store's parameters, re-applied to each
  // verification context's own X509_VERIFY_PARAM after X509_STORE_CTX_init.
  unsigned long flags_ = 0;
  std::optional<std::time_t> time_;
};

// Why a chain did not verify, as X509_STORE_CTX reports it.
struct VerifyFailure {
  int error = 0;  // X509_V_ERR_*
  int depth = 0;
  std::string message;                     // X509_verify_cert_error_string
  std::optional<Certificate> certificate;  // the certificate being checked
};

struct VerifyResult {
  std::optional<VerifyFailure> failure;  // unset on success
  std::vector<Certificate> chain;        // leaf first; on failure, as far as it was built
};

// Verifies `leaf` against `store` using `untrusted` as intermediates. Only
// X509_verify_cert() == 1 counts as success. A context-level failure is a
// VerifyResult with `failure` set; a Status error means OpenSSL itself failed.
// `crls` are used for this verification only (X509_STORE_CTX_set0_crls), in
// addition to any the store holds; checked when the store's flags ask for it.
StatusOr<VerifyResult> VerifyCertificate(const Store& store, const Certificate& leaf,
                                         const std::vector<const Certificate*>& untrusted,
                                         const std::vector<const Crl*>& crls = {});

}  // namespace cryptoshim
