// PKCS#10 certificate signing requests (X509_REQ).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"
#include "cryptoshim/x509_extension.h"
#include "cryptoshim/x509_name.h"

namespace cryptoshim {

class CertificateRequest {
 public:
  // Takes ownership. Shared internally because OpenSSL 3.0 has no
  // X509_REQ_up_ref and subject views must keep the request alive.
  explicit CertificateRequest(SslUniquePtr<X509_REQ> req)
      : req_(req.release(), [](X509_REQ* r) { X509_REQ_free(r); }) {}

  // An empty request at version 0 (the only version PKCS#10 defines).
  static StatusOr<CertificateRequest> New();
  static StatusOr<CertificateRequest> Parse(BytesView data, Encoding encoding);

  X509_REQ* get0() const { return req_.get(); }

  StatusOr<Bytes> ToPem() const;
  StatusOr<Bytes> ToDer() const;
  StatusOr<Bytes> ToText() const;

  long version() const;
  // OpenSSL 3 accepts only version 0; others fail with OpenSSL's reason.
  Status SetVersion(long version);

  // A live view onto the request's subject (keeps the request alive).
  X509Name Subject() const;
  Status SetSubject(const X509Name& name);

  StatusOr<Key> PublicKey() const;
  Status SetPublicKey(const Key& key);

  // Adds one extensionRequest attribute holding `exts`.
  Status AddExtensions(const std::vector<const X509Extension*>& exts);
  // Copies of the requested extensions (empty if there are none).
  StatusOr<std::vector<X509Extension>> Extensions() const;

  Status Sign(const Key& key, std::string_view digest);
  // OK if the signature verifies with `key`; kVerifyFailed (with OpenSSL's
  // reasons) otherwise.
  Status Verify(const Key& key) const;

 private:
  std::shared_ptr<X509_REQ> req_;
};

}  // namespace cryptoshim
