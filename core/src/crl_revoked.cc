// Revocation entries: serial, date and the CRLReason extension.
#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/objects.h>

#include "crl_time.h"
#include "cryptoshim/crl.h"
#include "cryptoshim/error_queue.h"

namespace cryptoshim {
namespace {

// Index of the CRLReason extension, or -1.
int ReasonIndex(const X509_REVOKED* revoked) {
  return X509_REVOKED_get_ext_by_NID(revoked, NID_crl_reason, -1);
}

}  // namespace

StatusOr<Revoked> Revoked::New() {
  SslUniquePtr<X509_REVOKED> revoked(X509_REVOKED_new());
  if (!revoked) return ErrorFromQueue(ErrorCode::kInternal, "X509_REVOKED_new");
  return Revoked(std::move(revoked));
}

StatusOr<Revoked> Revoked::Clone() const {
  SslUniquePtr<X509_REVOKED> copy(X509_REVOKED_dup(revoked_.get()));
  if (!copy) return ErrorFromQueue(ErrorCode::kInternal, "X509_REVOKED_dup");
  return Revoked(std::move(copy));
}

Status Revoked::SetSerialHex(std::string_view hex) {
  // BN_hex2bn needs a NUL-terminated string and stops at the first non-hex
  // character, which callers rely on ("31ppp" -> 0x31).
  std::string terminated(hex);
  BIGNUM* raw = nullptr;
  ClearErrorQueue();
  int used = BN_hex2bn(&raw, terminated.c_str());
  SslUniquePtr<BIGNUM> bn(raw);  // what BN_hex2bn allocated, on failure too
  if (used == 0) {
    ClearErrorQueue();
    return Status(ErrorCode::kInvalidArgument, "bad hex string");
  }
  SslUniquePtr<ASN1_STRING> serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!serial) return ErrorFromQueue(ErrorCode::kInternal, "BN_to_ASN1_INTEGER");
  if (X509_REVOKED_set_serialNumber(revoked_.get(), serial.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_REVOKED_set_serialNumber");
  }
  return Status::Ok();
}

StatusOr<std::string> Revoked::SerialHex() const {
  const ASN1_INTEGER* serial = X509_REVOKED_get0_serialNumber(revoked_.get());
  if (serial == nullptr) return Status(ErrorCode::kInternal, "revoked entry has no serial");
  SslUniquePtr<BIO> bio = NewMemBio();
  if (!bio || i2a_ASN1_INTEGER(bio.get(), serial) < 0) {
    return ErrorFromQueue(ErrorCode::kInternal, "i2a_ASN1_INTEGER");
  }
  return MemBioContents(bio.get());
}

Status Revoked::SetRevocationDate(std::string_view when) {
  CS_ASSIGN_OR_RETURN(SslUniquePtr<ASN1_STRING> time, internal::ParseAsn1Time(when));
  if (X509_REVOKED_set_revocationDate(revoked_.get(), time.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_REVOKED_set_revocationDate");
  }
  return Status::Ok();
}

StatusOr<std::optional<std::string>> Revoked::RevocationDate() const {
  return internal::GeneralizedTimeString(X509_REVOKED_get0_revocationDate(revoked_.get()));
}

Status Revoked::SetReason(std::optional<CrlReason> reason) {
  // Remove the current reason first so at most one CRLReason remains.
  int index = ReasonIndex(revoked_.get());
  if (index >= 0) {
    X509_EXTENSION_free(X509_REVOKED_delete_ext(revoked_.get(), index));
  }
  if (!reason.has_value()) return Status::Ok();
  SslUniquePtr<ASN1_STRING> code(ASN1_ENUMERATED_new());
  if (!code || ASN1_ENUMERATED_set(code.get(), static_cast<long>(*reason)) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "ASN1_ENUMERATED_set");
  }
  if (X509_REVOKED_add1_ext_i2d(revoked_.get(), NID_crl_reason, code.get(), 0, 0) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_REVOKED_add1_ext_i2d");
  }
  return Status::Ok();
}

StatusOr<std::optional<std::string>> Revoked::ReasonText() const {
  int index = ReasonIndex(revoked_.get());
  if (index < 0) return std::optional<std::string>();
  X509_EXTENSION* ext = X509_REVOKED_get_ext(revoked_.get(), index);
  SslUniquePtr<BIO> bio = NewMemBio();
  if (!bio) return ErrorFromQueue(ErrorCode::kInternal, "BIO_new");
  if (X509V3_EXT_print(bio.get(), ext, 0, 0) != 1) {
    // An undecodable value: show the raw octets.
    ClearErrorQueue();
    if (ASN1_STRING_print(bio.get(), X509_EXTENSION_get_data(ext)) != 1) {
      return ErrorFromQueue(ErrorCode::kInternal, "ASN1_STRING_print");
    }
  }
  return std::optional<std::string>(MemBioContents(bio.get()));
}

}  // namespace cryptoshim
