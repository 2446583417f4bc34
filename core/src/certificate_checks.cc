#include "cryptoshim/certificate_checks.h"

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "cryptoshim/error_queue.h"
#include "cryptoshim/x509_extension.h"

namespace cryptoshim {
namespace {

std::shared_ptr<X509> Owner(const Certificate& cert) {
  return std::shared_ptr<X509>(cert.get1(), [](X509* x) { X509_free(x); });
}

Status SetTime(const Certificate& cert, const Asn1Time& when, bool not_before) {
  const ASN1_TIME* t = when.get0();
  if (t == nullptr) return Status(ErrorCode::kInvalidArgument, "time is absent");
  // An empty time (ASN1_TIME_new without set) would encode an invalid certificate.
  if (ASN1_TIME_check(t) != 1) {
    ClearErrorQueue();
    return Status(ErrorCode::kInvalidArgument, "invalid time value");
  }
  ClearErrorQueue();
  int ok = not_before ? X509_set1_notBefore(cert.get0(), t) : X509_set1_notAfter(cert.get0(), t);
  if (ok != 1) return ErrorFromQueue(ErrorCode::kInternal, "cannot set validity time");
  return Status::Ok();
}

}  // namespace

int VerifyCertificateSignature(const Certificate& cert, const Key& key) {
  ClearErrorQueue();
  int rc = X509_verify(cert.get0(), key.get0());
  ClearErrorQueue();
  return rc < 0 ? -1 : rc;
}

int CheckCa(const Certificate& cert) { return X509_check_ca(cert.get0()); }

StatusOr<int> CheckPurpose(const Certificate& cert, int purpose, bool as_ca) {
  if (purpose != -1 && X509_PURPOSE_get_by_id(purpose) < 0) {
    ClearErrorQueue();
    return Status(ErrorCode::kInvalidArgument, "unknown purpose id");
  }
  ClearErrorQueue();
  int rc = X509_check_purpose(cert.get0(), purpose, as_ca ? 1 : 0);
  ClearErrorQueue();
  if (rc < 0) return Status(ErrorCode::kInvalidArgument, "cannot check purpose");
  return rc;
}

Asn1Time NotBeforeTime(const Certificate& cert) {
  auto owner = Owner(cert);
  return Asn1Time::View([owner] { return X509_getm_notBefore(owner.get()); });
}

Asn1Time NotAfterTime(const Certificate& cert) {
  auto owner = Owner(cert);
  return Asn1Time::View([owner] { return X509_getm_notAfter(owner.get()); });
}

Status SetNotBeforeTime(const Certificate& cert, const Asn1Time& when) {
  return SetTime(cert, when, true);
}

Status SetNotAfterTime(const Certificate& cert, const Asn1Time& when) {
  return SetTime(cert, when, false);
}

Status AddSubjectKeyIdentifier(const Certificate& cert) {
  if (X509_get0_pubkey(cert.get0()) == nullptr) {
    return Status(ErrorCode::kInvalidArgument, "certificate has no public key");
  }
  CS_ASSIGN_OR_RETURN(X509Extension ext,
                      X509Extension::Create("subjectKeyIdentifier", false, "hash", &cert));
  ClearErrorQueue();
  if (X509_add_ext(cert.get0(), ext.get0(), -1) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_add_ext failed");
  }
  return Status::Ok();
}

}  // namespace cryptoshim
