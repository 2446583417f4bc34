#include "cryptoshim/pkcs7.h"

#include <openssl/objects.h>
#include <openssl/pem.h>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {

StatusOr<Pkcs7> Pkcs7::Parse(BytesView data, Encoding encoding) {
  ClearErrorQueue();
  SslUniquePtr<BIO> bio = ReadOnlyMemBio(data);
  if (!bio) return ErrorFromQueue(ErrorCode::kInternal, "BIO_new_mem_buf");
  SslUniquePtr<PKCS7> p7(encoding == Encoding::kPem
                             ? PEM_read_bio_PKCS7(bio.get(), nullptr, nullptr, nullptr)
                             : d2i_PKCS7_bio(bio.get(), nullptr));
  if (!p7) return ErrorFromQueue(ErrorCode::kParse, "could not parse the PKCS#7 data");
  return Pkcs7(std::move(p7));
}

StatusOr<Bytes> Pkcs7::ToPem() const {
  ClearErrorQueue();
  SslUniquePtr<BIO> out = NewMemBio();
  if (!out || PEM_write_bio_PKCS7(out.get(), p7_.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "PEM_write_bio_PKCS7");
  }
  return MemBioContents(out.get());
}

StatusOr<Bytes> Pkcs7::ToDer() const {
  ClearErrorQueue();
  SslUniquePtr<BIO> out = NewMemBio();
  if (!out || i2d_PKCS7_bio(out.get(), p7_.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "i2d_PKCS7_bio");
  }
  return MemBioContents(out.get());
}

int Pkcs7::type_nid() const { return OBJ_obj2nid(p7_->type); }

std::string Pkcs7::type_name() const {
  const char* sn = OBJ_nid2sn(type_nid());
  return sn != nullptr ? std::string(sn) : std::string();
}

bool Pkcs7::is_signed() const { return type_nid() == NID_pkcs7_signed; }
bool Pkcs7::is_enveloped() const { return type_nid() == NID_pkcs7_enveloped; }
bool Pkcs7::is_signed_and_enveloped() const { return type_nid() == NID_pkcs7_signedAndEnveloped; }
bool Pkcs7::is_data() const { return type_nid() == NID_pkcs7_data; }

StatusOr<std::vector<Certificate>> Pkcs7::Certificates() const {
  std::vector<Certificate> out;
  STACK_OF(X509)* certs = nullptr;
  // A detached or empty bag has no content; d.ptr is null then.
  if (is_signed() && p7_->d.sign != nullptr) {
    certs = p7_->d.sign->cert;
  } else if (is_signed_and_enveloped() && p7_->d.signed_and_enveloped != nullptr) {
    certs = p7_->d.signed_and_enveloped->cert;
  }
  for (int i = 0; i < sk_X509_num(certs); ++i) {
    X509* cert = sk_X509_value(certs, i);
    if (X509_up_ref(cert) != 1) return ErrorFromQueue(ErrorCode::kInternal, "X509_up_ref");
    out.emplace_back(SslUniquePtr<X509>(cert));
  }
  return out;
}

StatusOr<Pkcs7> Pkcs7::New() {
  SslUniquePtr<PKCS7> p7(PKCS7_new());
  if (!p7) return Status(ErrorCode::kInternal, "PKCS7_new failed");
  return Pkcs7(std::move(p7));
}

Status Pkcs7::AddCertificate(const Certificate& cert) const {
  ClearErrorQueue();
  if (p7_ == nullptr || cert.get0() == nullptr) {
    return Status(ErrorCode::kInvalidArgument, "PKCS7 or certificate is absent");
  }
  if (PKCS7_add_certificate(p7_.get(), cert.get0()) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "cannot add the certificate");
  }
  return Status::Ok();
}

}  // namespace cryptoshim
