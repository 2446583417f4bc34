#include "cryptoshim/crl_checks.h"

#include <openssl/x509.h>

#include <memory>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {
namespace {

std::shared_ptr<X509_CRL> Owner(const Crl& crl) {
  X509_CRL_up_ref(crl.get0());
  return std::shared_ptr<X509_CRL>(crl.get0(), [](X509_CRL* c) { X509_CRL_free(c); });
}

}  // namespace

int VerifyCrlSignature(const Crl& crl, const Key& key) {
  ClearErrorQueue();
  int rc = X509_CRL_verify(crl.get0(), key.get0());
  ClearErrorQueue();
  return rc < 0 ? -1 : rc;
}

Asn1Time CrlLastUpdate(const Crl& crl) {
  auto owner = Owner(crl);
  return Asn1Time::View(
      [owner] { return const_cast<ASN1_TIME*>(X509_CRL_get0_lastUpdate(owner.get())); });
}

Asn1Time CrlNextUpdate(const Crl& crl) {
  auto owner = Owner(crl);
  return Asn1Time::View(
      [owner] { return const_cast<ASN1_TIME*>(X509_CRL_get0_nextUpdate(owner.get())); });
}

Status SetCrlIssuer(const Crl& crl, const X509Name& name) {
  if (crl.get0() == nullptr || name.get0() == nullptr) {
    return Status(ErrorCode::kInvalidArgument, "CRL or name is absent");
  }
  ClearErrorQueue();
  if (X509_CRL_set_issuer_name(crl.get0(), name.get0()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "cannot set the CRL issuer");
  }
  return Status::Ok();
}

}  // namespace cryptoshim
