// X509_CRL: parse, serialize, entries, validity window and signing.
#include "cryptoshim/crl.h"

#include <openssl/pem.h>

#include "crl_time.h"
#include "cryptoshim/digest.h"
#include "cryptoshim/error_queue.h"

namespace cryptoshim {

StatusOr<Crl> Crl::New() {
  SslUniquePtr<X509_CRL> crl(X509_CRL_new());
  if (!crl) return ErrorFromQueue(ErrorCode::kInternal, "X509_CRL_new");
  return Crl(std::move(crl));
}

StatusOr<Crl> Crl::Parse(BytesView data, Encoding encoding) {
  ClearErrorQueue();
  SslUniquePtr<BIO> bio = ReadOnlyMemBio(data);
  if (!bio) return ErrorFromQueue(ErrorCode::kInternal, "BIO_new_mem_buf");
  SslUniquePtr<X509_CRL> crl(encoding == Encoding::kPem
                                 ? PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr)
                                 : d2i_X509_CRL_bio(bio.get(), nullptr));
  if (!crl) return ErrorFromQueue(ErrorCode::kParse, "could not parse the CRL");
  return Crl(std::move(crl));
}

StatusOr<Bytes> Crl::Serialize(CrlFormat format) const {
  ClearErrorQueue();
  SslUniquePtr<BIO> bio = NewMemBio();
  if (!bio) return ErrorFromQueue(ErrorCode::kInternal, "BIO_new");
  int ok = 0;
  switch (format) {
    case CrlFormat::kPem:
      ok = PEM_write_bio_X509_CRL(bio.get(), crl_.get());
      break;
    case CrlFormat::kDer:
      ok = i2d_X509_CRL_bio(bio.get(), crl_.get());
      break;
    case CrlFormat::kText:
      ok = X509_CRL_print(bio.get(), crl_.get());
      break;
  }
  if (ok != 1) return ErrorFromQueue(ErrorCode::kInternal, "could not serialize the CRL");
  return MemBioContents(bio.get());
}

StatusOr<std::vector<Revoked>> Crl::RevokedEntries() const {
  std::vector<Revoked> out;
  STACK_OF(X509_REVOKED)* stack = X509_CRL_get_REVOKED(crl_.get());
  for (int i = 0; i < sk_X509_REVOKED_num(stack); ++i) {
    SslUniquePtr<X509_REVOKED> copy(X509_REVOKED_dup(sk_X509_REVOKED_value(stack, i)));
    if (!copy) return ErrorFromQueue(ErrorCode::kInternal, "X509_REVOKED_dup");
    out.emplace_back(std::move(copy));
  }
  return out;
}

Status Crl::AddRevoked(const Revoked& revoked) {
  SslUniquePtr<X509_REVOKED> copy(X509_REVOKED_dup(revoked.get0()));
  if (!copy) return ErrorFromQueue(ErrorCode::kInternal, "X509_REVOKED_dup");
  if (X509_CRL_add0_revoked(crl_.get(), copy.get()) == 0) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_CRL_add0_revoked");
  }
  copy.release();  // add0: the CRL owns it now.
  return Status::Ok();
}

StatusOr<SslUniquePtr<X509_NAME>> Crl::Issuer() const {
  SslUniquePtr<X509_NAME> name(X509_NAME_dup(X509_CRL_get_issuer(crl_.get())));
  if (!name) return ErrorFromQueue(ErrorCode::kInternal, "X509_NAME_dup");
  return name;
}

Status Crl::SetIssuer(const X509_NAME* name) {
  if (X509_CRL_set_issuer_name(crl_.get(), name) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_CRL_set_issuer_name");
  }
  return Status::Ok();
}

Status Crl::SetVersion(long version) {
  if (X509_CRL_set_version(crl_.get(), version) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_CRL_set_version");
  }
  return Status::Ok();
}

Status Crl::SetLastUpdate(std::string_view when) {
  CS_ASSIGN_OR_RETURN(SslUniquePtr<ASN1_STRING> time, internal::ParseAsn1Time(when));
  if (X509_CRL_set1_lastUpdate(crl_.get(), time.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_CRL_set1_lastUpdate");
  }
  return Status::Ok();
}

Status Crl::SetNextUpdate(std::string_view when) {
  CS_ASSIGN_OR_RETURN(SslUniquePtr<ASN1_STRING> time, internal::ParseAsn1Time(when));
  if (X509_CRL_set1_nextUpdate(crl_.get(), time.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_CRL_set1_nextUpdate");
  }
  return Status::Ok();
}

namespace {

StatusOr<SslUniquePtr<ASN1_STRING>> TimeFromNow(long offset_seconds) {
  SslUniquePtr<ASN1_STRING> time(ASN1_TIME_new());
  if (!time || X509_gmtime_adj(time.get(), offset_seconds) == nullptr) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_gmtime_adj");
  }
  return time;
}

}  // namespace

Status Crl::SetLastUpdateFromNow(long offset_seconds) {
  CS_ASSIGN_OR_RETURN(SslUniquePtr<ASN1_STRING> time, TimeFromNow(offset_seconds));
  if (X509_CRL_set1_lastUpdate(crl_.get(), time.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_CRL_set1_lastUpdate");
  }
  return Status::Ok();
}

Status Crl::SetNextUpdateFromNow(long offset_seconds) {
  CS_ASSIGN_OR_RETURN(SslUniquePtr<ASN1_STRING> time, TimeFromNow(offset_seconds));
  if (X509_CRL_set1_nextUpdate(crl_.get(), time.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_CRL_set1_nextUpdate");
  }
  return Status::Ok();
}

Status Crl::Sign(const Certificate& issuer_cert, const Key& issuer_key,
                 std::string_view digest_name, bool sort_entries) {
  CS_ASSIGN_OR_RETURN(SslUniquePtr<EVP_MD> md, FetchDigest(digest_name));
  ClearErrorQueue();
  CS_RETURN_IF_ERROR(SetIssuer(X509_get_subject_name(issuer_cert.get0())));
  if (sort_entries && X509_CRL_sort(crl_.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_CRL_sort");
  }
  // X509_CRL_sign returns the signature length; 0 is failure.
  if (X509_CRL_sign(crl_.get(), issuer_key.get0(), md.get()) <= 0) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_CRL_sign");
  }
  return Status::Ok();
}

}  // namespace cryptoshim
