#include "cryptoshim/x509_extension.h"

#include <openssl/conf.h>
#include <openssl/objects.h>

#include <cstring>
#include <memory>

#include "cryptoshim/certificate.h"
#include "cryptoshim/error_queue.h"

namespace cryptoshim {

StatusOr<X509Extension> X509Extension::Create(std::string_view type_name, bool critical,
                                              std::string_view value, const Certificate* subject,
                                              const Certificate* issuer, bool empty_config_db) {
  // Extensions using r2i conversion (subjectKeyIdentifier, ...) read the
  // context, so it must be initialised even when no certificates are given.
  X509V3_CTX ctx;
  std::memset(&ctx, 0, sizeof(ctx));
  X509V3_set_ctx(&ctx, issuer ? issuer->get0() : nullptr, subject ? subject->get0() : nullptr,
                 nullptr, nullptr, 0);
  // Extensions parsed from raw text (r2i: proxyCertInfo, certificatePolicies)
  // insist on a config database; an empty one satisfies them (as
  // X509V3_set_nconf with an empty NCONF) while "@section" references still fail.
  std::unique_ptr<CONF, decltype(&NCONF_free)> conf(nullptr, &NCONF_free);
  if (empty_config_db) {
    conf.reset(NCONF_new(nullptr));
    if (!conf) return ErrorFromQueue(ErrorCode::kInternal, "NCONF_new failed");
    X509V3_set_nconf(&ctx, conf.get());
  }
  std::string text = critical ? "critical," : "";
  text.append(value);
  ClearErrorQueue();
  SslUniquePtr<X509_EXTENSION> ext(
      X509V3_EXT_nconf(conf.get(), &ctx, std::string(type_name).c_str(), text.c_str()));
  if (!ext) return ErrorFromQueue(ErrorCode::kInvalidArgument, "cannot create extension");
  return X509Extension(std::move(ext));
}

StatusOr<X509Extension> X509Extension::AuthorityKeyIdentifier(BytesView key_id, bool critical) {
  if (key_id.empty() || key_id.size() > 1024) {
    return Status(ErrorCode::kInvalidArgument, "key identifier must be 1 to 1024 bytes");
  }
  ClearErrorQueue();
  std::unique_ptr<AUTHORITY_KEYID, decltype(&AUTHORITY_KEYID_free)> akid(AUTHORITY_KEYID_new(),
                                                                         &AUTHORITY_KEYID_free);
  if (!akid) return ErrorFromQueue(ErrorCode::kInternal, "AUTHORITY_KEYID_new failed");
  akid->keyid = ASN1_OCTET_STRING_new();
  if (akid->keyid == nullptr ||
      ASN1_OCTET_STRING_set(akid->keyid, reinterpret_cast<const unsigned char*>(key_id.data()),
                            static_cast<int>(key_id.size())) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "cannot set key identifier");
  }
  SslUniquePtr<X509_EXTENSION> ext(
      X509V3_EXT_i2d(NID_authority_key_identifier, critical ? 1 : 0, akid.get()));
  if (!ext) return ErrorFromQueue(ErrorCode::kInternal, "cannot encode authorityKeyIdentifier");
  return X509Extension(std::move(ext));
}

StatusOr<X509Extension> X509Extension::Dup(const X509_EXTENSION* ext) {
  SslUniquePtr<X509_EXTENSION> dup(X509_EXTENSION_dup(ext));
  if (!dup) return ErrorFromQueue(ErrorCode::kInternal, "X509_EXTENSION_dup failed");
  return X509Extension(std::move(dup));
}

int X509Extension::nid() const { return OBJ_obj2nid(X509_EXTENSION_get_object(ext_.get())); }

bool X509Extension::critical() const { return X509_EXTENSION_get_critical(ext_.get()) != 0; }

std::string X509Extension::short_name() const {
  const char* sn = OBJ_nid2sn(nid());
  return sn ? sn : "UNDEF";
}

Bytes X509Extension::data() const {
  const ASN1_OCTET_STRING* os = X509_EXTENSION_get_data(ext_.get());
  return Bytes(reinterpret_cast<const char*>(ASN1_STRING_get0_data(os)),
               static_cast<size_t>(ASN1_STRING_length(os)));
}

namespace {

// subjectAltName is rendered here so that values containing NULs are shown in
// full instead of being cut short by GENERAL_NAME_print.
StatusOr<std::string> SubjectAltNameText(X509_EXTENSION* ext) {
  ClearErrorQueue();
  std::unique_ptr<GENERAL_NAMES, SslDeleter<GENERAL_NAMES>> names(
      static_cast<GENERAL_NAMES*>(X509V3_EXT_d2i(ext)));
  if (!names) return ErrorFromQueue(ErrorCode::kParse, "malformed subjectAltName");
  std::string out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (i > 0) out += ", ";
    const char* label = nullptr;
    switch (name->type) {
      case GEN_EMAIL:
        label = "email";
        break;
      case GEN_DNS:
        label = "DNS";
        break;
      case GEN_URI:
        label = "URI";
        break;
      default:
        break;
    }
    if (label != nullptr) {
      const ASN1_IA5STRING* ia5 = name->d.ia5;
      out += label;
      out += ':';
      out.append(reinterpret_cast<const char*>(ASN1_STRING_get0_data(ia5)),
                 static_cast<size_t>(ASN1_STRING_length(ia5)));
    } else {
      auto bio = NewMemBio();
      GENERAL_NAME_print(bio.get(), const_cast<GENERAL_NAME*>(name));
      out += MemBioContents(bio.get());
    }
  }
  return out;
}

}  // namespace

StatusOr<std::string> X509Extension::ToText() const {
  if (nid() == NID_subject_alt_name) return SubjectAltNameText(ext_.get());
  auto bio = NewMemBio();
  ClearErrorQueue();
  if (!bio || X509V3_EXT_print(bio.get(), ext_.get(), 0, 0) == 0) {
    return ErrorFromQueue(ErrorCode::kUnsupported, "cannot print extension");
  }
  return MemBioContents(bio.get());
}

std::string X509Extension::Print(unsigned long flags, int indent) const {
  auto bio = NewMemBio();
  if (!bio) return std::string();
  ClearErrorQueue();
  // A failure leaves whatever was written (usually nothing): callers treat
  // an unprintable extension as having no text.
  X509V3_EXT_print(bio.get(), ext_.get(), flags, indent);
  ClearErrorQueue();
  return MemBioContents(bio.get());
}

Status X509Extension::SetCritical(bool critical) {
  ClearErrorQueue();
  if (X509_EXTENSION_set_critical(ext_.get(), critical ? 1 : 0) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_EXTENSION_set_critical failed");
  }
  return Status::Ok();
}

}  // namespace cryptoshim
