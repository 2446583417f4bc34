#include "cryptoshim/certificate.h"

#include <openssl/objects.h>
#include <openssl/pem.h>

#include <memory>

#include "cryptoshim/digest.h"
#include "cryptoshim/error_queue.h"

namespace cryptoshim {

StatusOr<SslUniquePtr<EVP_MD>> FetchSigningDigest(const Key& key, std::string_view digest) {
  // Names are resolved with EVP_get_digestbyname (it knows aliases such as
  // "RSA-SHA256" that provider fetches do not), then the
  // provider implementation is fetched by its canonical name.
  ClearErrorQueue();
  const EVP_MD* legacy = EVP_get_digestbyname(std::string(digest).c_str());
  if (legacy == nullptr) {
    return Status(ErrorCode::kUnsupported, "no such digest method: " + std::string(digest));
  }
  int type = EVP_PKEY_get_id(key.get0());
  if (type == EVP_PKEY_ED25519 || type == EVP_PKEY_ED448) {
    // Pure EdDSA signs the message itself; passing a digest would fail.
    return SslUniquePtr<EVP_MD>(nullptr);
  }
  return FetchDigest(EVP_MD_get0_name(legacy));
}

std::optional<std::string> Asn1TimeToGeneralized(const ASN1_TIME* t) {
  if (t == nullptr || ASN1_STRING_length(t) == 0) return std::nullopt;
  if (ASN1_STRING_type(t) == V_ASN1_GENERALIZEDTIME) {
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(t)),
                       static_cast<size_t>(ASN1_STRING_length(t)));
  }
  SslUniquePtr<ASN1_STRING> gt(ASN1_TIME_to_generalizedtime(const_cast<ASN1_TIME*>(t), nullptr));
  if (!gt) {
    ClearErrorQueue();
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(gt.get())),
                     static_cast<size_t>(ASN1_STRING_length(gt.get())));
}

StatusOr<Certificate> Certificate::New() {
  SslUniquePtr<X509> x(X509_new());
  if (!x) return ErrorFromQueue(ErrorCode::kInternal, "X509_new failed");
  return Certificate(std::move(x));
}

StatusOr<Certificate> Certificate::Parse(BytesView data, Encoding encoding) {
  ClearErrorQueue();
  auto bio = ReadOnlyMemBio(data);
  SslUniquePtr<X509> x(encoding == Encoding::kPem
                           ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)
                           : d2i_X509_bio(bio.get(), nullptr));
  if (!x) return ErrorFromQueue(ErrorCode::kParse, "malformed certificate");
  return Certificate(std::move(x));
}

StatusOr<Bytes> Certificate::ToPem() const {
  auto bio = NewMemBio();
  if (!bio || PEM_write_bio_X509(bio.get(), get0()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "PEM_write_bio_X509 failed");
  }
  return MemBioContents(bio.get());
}

StatusOr<Bytes> Certificate::ToDer() const {
  auto bio = NewMemBio();
  if (!bio || i2d_X509_bio(bio.get(), get0()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "i2d_X509_bio failed");
  }
  return MemBioContents(bio.get());
}

StatusOr<Bytes> Certificate::ToText() const {
  auto bio = NewMemBio();
  if (!bio || X509_print_ex(bio.get(), get0(), 0, 0) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_print_ex failed");
  }
  return MemBioContents(bio.get());
}

long Certificate::version() const { return X509_get_version(get0()); }

Status Certificate::SetVersion(long version) {
  ClearErrorQueue();
  if (X509_set_version(get0(), version) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "X509_set_version failed");
  }
  return Status::Ok();
}

StatusOr<std::string> Certificate::SerialHex() const {
  SslUniquePtr<BIGNUM> bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(get0()), nullptr));
  if (!bn) return ErrorFromQueue(ErrorCode::kInternal, "ASN1_INTEGER_to_BN failed");
  char* hex = BN_bn2hex(bn.get());
  if (hex == nullptr) return ErrorFromQueue(ErrorCode::kInternal, "BN_bn2hex failed");
  std::string out(hex);
  OPENSSL_free(hex);
  return out;
}

Status Certificate::SetSerialHex(std::string_view hex) {
  ClearErrorQueue();
  BIGNUM* raw = nullptr;
  std::string text(hex);
  int used = BN_hex2bn(&raw, text.c_str());
  SslUniquePtr<BIGNUM> bn(raw);  // what BN_hex2bn allocated, on failure too
  if (used != static_cast<int>(text.size())) {
    return Status(ErrorCode::kInvalidArgument, "serial is not a hexadecimal integer");
  }
  SslUniquePtr<ASN1_STRING> serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!serial || X509_set_serialNumber(get0(), serial.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "cannot set serial number");
  }
  return Status::Ok();
}

std::optional<std::string> Certificate::NotBefore() const {
  return Asn1TimeToGeneralized(X509_get0_notBefore(get0()));
}

std::optional<std::string> Certificate::NotAfter() const {
  return Asn1TimeToGeneralized(X509_get0_notAfter(get0()));
}

namespace {

Status SetTime(ASN1_TIME* t, std::string_view when) {
  ClearErrorQueue();
  if (t == nullptr) return Status(ErrorCode::kInternal, "certificate has no time field");
  if (ASN1_TIME_set_string(t, std::string(when).c_str()) != 1) {
    ClearErrorQueue();
    return Status(ErrorCode::kInvalidArgument, "Invalid string");
  }
  return Status::Ok();
}

Status AdjustTime(ASN1_TIME* t, long seconds) {
  ClearErrorQueue();
  if (t == nullptr || X509_gmtime_adj(t, seconds) == nullptr) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "cannot adjust time");
  }
  return Status::Ok();
}

}  // namespace

Status Certificate::SetNotBefore(std::string_view when) {
  return SetTime(X509_getm_notBefore(get0()), when);
}
Status Certificate::SetNotAfter(std::string_view when) {
  return SetTime(X509_getm_notAfter(get0()), when);
}
Status Certificate::AdjustNotBefore(long seconds) {
  return AdjustTime(X509_getm_notBefore(get0()), seconds);
}
Status Certificate::AdjustNotAfter(long seconds) {
  return AdjustTime(X509_getm_notAfter(get0()), seconds);
}

StatusOr<bool> Certificate::HasExpired() const {
  const ASN1_TIME* t = X509_get0_notAfter(get0());
  if (t == nullptr || ASN1_STRING_length(t) == 0) {
    return Status(ErrorCode::kInvalidArgument, "Unable to determine notAfter");
  }
  int cmp = X509_cmp_current_time(t);
  if (cmp == 0) return ErrorFromQueue(ErrorCode::kParse, "malformed notAfter");
  return cmp < 0;
}

namespace {

std::shared_ptr<X509> SharedRef(const Certificate& cert) {
  return std::shared_ptr<X509>(cert.get1(), [](X509* x) { X509_free(x); });
}

}  // namespace

X509Name Certificate::Subject() const {
  auto owner = SharedRef(*this);
  return X509Name::View([owner] { return X509_get_subject_name(owner.get()); });
}

X509Name Certificate::Issuer() const {
  auto owner = SharedRef(*this);
  return X509Name::View([owner] { return X509_get_issuer_name(owner.get()); });
}

Status Certificate::SetSubject(const X509Name& name) {
  ClearErrorQueue();
  if (X509_set_subject_name(get0(), name.get0()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_set_subject_name failed");
  }
  return Status::Ok();
}

Status Certificate::SetIssuer(const X509Name& name) {
  ClearErrorQueue();
  if (X509_set_issuer_name(get0(), name.get0()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_set_issuer_name failed");
  }
  return Status::Ok();
}

StatusOr<Key> Certificate::PublicKey() const {
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY> pkey(X509_get_pubkey(get0()));
  if (!pkey) return ErrorFromQueue(ErrorCode::kParse, "certificate has no usable public key");
  return Key(std::move(pkey), /*has_private=*/false);
}

Status Certificate::SetPublicKey(const Key& key) {
  ClearErrorQueue();
  if (X509_set_pubkey(get0(), key.get0()) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "X509_set_pubkey failed");
  }
  return Status::Ok();
}

Status Certificate::Sign(const Key& key, std::string_view digest) {
  CS_ASSIGN_OR_RETURN(auto md, FetchSigningDigest(key, digest));
  ClearErrorQueue();
  if (X509_sign(get0(), key.get0(), md.get()) <= 0) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "X509_sign failed");
  }
  return Status::Ok();
}

StatusOr<std::string> Certificate::SignatureAlgorithm() const {
  const ASN1_OBJECT* obj = nullptr;
  X509_ALGOR_get0(&obj, nullptr, nullptr, X509_get0_tbs_sigalg(get0()));
  int nid = obj ? OBJ_obj2nid(obj) : NID_undef;
  if (nid == NID_undef) return Status(ErrorCode::kInvalidArgument, "Undefined signature algorithm");
  return std::string(OBJ_nid2ln(nid));
}

StatusOr<Bytes> Certificate::Fingerprint(std::string_view digest) const {
  ClearErrorQueue();
  const EVP_MD* legacy = EVP_get_digestbyname(std::string(digest).c_str());
  if (legacy == nullptr) {
    return Status(ErrorCode::kUnsupported, "no such digest method: " + std::string(digest));
  }
  CS_ASSIGN_OR_RETURN(auto md, FetchDigest(EVP_MD_get0_name(legacy)));
  unsigned char buf[EVP_MAX_MD_SIZE];
  unsigned int len = sizeof(buf);
  if (X509_digest(get0(), md.get(), buf, &len) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_digest failed");
  }
  return Bytes(reinterpret_cast<char*>(buf), len);
}

unsigned long Certificate::SubjectNameHash() const { return X509_subject_name_hash(get0()); }

int Certificate::ExtensionCount() const { return X509_get_ext_count(get0()); }

StatusOr<X509Extension> Certificate::Extension(int index) const {
  X509_EXTENSION* ext = X509_get_ext(get0(), index);
  if (ext == nullptr) {
    ClearErrorQueue();
    return Status(ErrorCode::kInvalidArgument, "extension index out of bounds");
  }
  return X509Extension::Dup(ext);
}

Status Certificate::AddExtension(const X509Extension& ext) {
  ClearErrorQueue();
  if (X509_add_ext(get0(), ext.get0(), -1) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_add_ext failed");
  }
  return Status::Ok();
}

}  // namespace cryptoshim
