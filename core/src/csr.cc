#include "cryptoshim/csr.h"

#include <openssl/pem.h>

#include <memory>

#include "cryptoshim/certificate.h"
#include "cryptoshim/error_queue.h"

namespace cryptoshim {

StatusOr<CertificateRequest> CertificateRequest::New() {
  SslUniquePtr<X509_REQ> req(X509_REQ_new());
  if (!req) return ErrorFromQueue(ErrorCode::kInternal, "X509_REQ_new failed");
  CertificateRequest out(std::move(req));
  CS_RETURN_IF_ERROR(out.SetVersion(0));
  return out;
}

StatusOr<CertificateRequest> CertificateRequest::Parse(BytesView data, Encoding encoding) {
  ClearErrorQueue();
  auto bio = ReadOnlyMemBio(data);
  SslUniquePtr<X509_REQ> req(encoding == Encoding::kPem
                                 ? PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr)
                                 : d2i_X509_REQ_bio(bio.get(), nullptr));
  if (!req) return ErrorFromQueue(ErrorCode::kParse, "malformed certificate request");
  return CertificateRequest(std::move(req));
}

StatusOr<Bytes> CertificateRequest::ToPem() const {
  auto bio = NewMemBio();
  if (!bio || PEM_write_bio_X509_REQ(bio.get(), get0()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "PEM_write_bio_X509_REQ failed");
  }
  return MemBioContents(bio.get());
}

StatusOr<Bytes> CertificateRequest::ToDer() const {
  auto bio = NewMemBio();
  if (!bio || i2d_X509_REQ_bio(bio.get(), get0()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "i2d_X509_REQ_bio failed");
  }
  return MemBioContents(bio.get());
}

StatusOr<Bytes> CertificateRequest::ToText() const {
  auto bio = NewMemBio();
  if (!bio || X509_REQ_print_ex(bio.get(), get0(), 0, 0) == 0) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_REQ_print_ex failed");
  }
  return MemBioContents(bio.get());
}

long CertificateRequest::version() const { return X509_REQ_get_version(get0()); }

Status CertificateRequest::SetVersion(long version) {
  ClearErrorQueue();
  if (X509_REQ_set_version(get0(), version) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "X509_REQ_set_version failed");
  }
  return Status::Ok();
}

X509Name CertificateRequest::Subject() const {
  std::shared_ptr<X509_REQ> owner = req_;
  return X509Name::View([owner] { return X509_REQ_get_subject_name(owner.get()); });
}

StatusOr<Key> CertificateRequest::PublicKey() const {
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY> pkey(X509_REQ_get_pubkey(get0()));
  if (!pkey) return ErrorFromQueue(ErrorCode::kParse, "request has no usable public key");
  return Key(std::move(pkey), /*has_private=*/false);
}

Status CertificateRequest::SetPublicKey(const Key& key) {
  ClearErrorQueue();
  if (X509_REQ_set_pubkey(get0(), key.get0()) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "X509_REQ_set_pubkey failed");
  }
  return Status::Ok();
}

namespace {

// The stack borrows the extensions; only the container is freed.
struct ExtensionStackDeleter {
  void operator()(STACK_OF(X509_EXTENSION) * s) const { sk_X509_EXTENSION_free(s); }
};
struct OwningExtensionStackDeleter {
  void operator()(STACK_OF(X509_EXTENSION) * s) const {
    sk_X509_EXTENSION_pop_free(s, X509_EXTENSION_free);
  }
};

}  // namespace

Status CertificateRequest::AddExtensions(const std::vector<const X509Extension*>& exts) {
  std::unique_ptr<STACK_OF(X509_EXTENSION), ExtensionStackDeleter> stack(
      sk_X509_EXTENSION_new_null());
  if (!stack) return ErrorFromQueue(ErrorCode::kInternal, "sk_X509_EXTENSION_new_null failed");
  for (const X509Extension* ext : exts) {
    if (sk_X509_EXTENSION_push(stack.get(), ext->get0()) <= 0) {
      return ErrorFromQueue(ErrorCode::kInternal, "sk_X509_EXTENSION_push failed");
    }
  }
  ClearErrorQueue();
  if (X509_REQ_add_extensions(get0(), stack.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_REQ_add_extensions failed");
  }
  return Status::Ok();
}

StatusOr<std::vector<X509Extension>> CertificateRequest::Extensions() const {
  ClearErrorQueue();
  std::unique_ptr<STACK_OF(X509_EXTENSION), OwningExtensionStackDeleter> stack(
      X509_REQ_get_extensions(get0()));
  std::vector<X509Extension> out;
  // A request without an extensionRequest attribute yields NULL.
  if (!stack) {
    ClearErrorQueue();
    return out;
  }
  for (int i = 0; i < sk_X509_EXTENSION_num(stack.get()); ++i) {
    CS_ASSIGN_OR_RETURN(auto ext, X509Extension::Dup(sk_X509_EXTENSION_value(stack.get(), i)));
    out.push_back(std::move(ext));
  }
  return out;
}

Status CertificateRequest::Sign(const Key& key, std::string_view digest) {
  CS_ASSIGN_OR_RETURN(auto md, FetchSigningDigest(key, digest));
  ClearErrorQueue();
  if (X509_REQ_sign(get0(), key.get0(), md.get()) <= 0) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "X509_REQ_sign failed");
  }
  return Status::Ok();
}

Status CertificateRequest::Verify(const Key& key) const {
  ClearErrorQueue();
  if (X509_REQ_verify(get0(), key.get0()) <= 0) {
    return ErrorFromQueue(ErrorCode::kVerifyFailed, "request signature did not verify");
  }
  return Status::Ok();
}

Status CertificateRequest::SetSubject(const X509Name& name) {
  ClearErrorQueue();
  if (X509_REQ_set_subject_name(get0(), name.get0()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_REQ_set_subject_name failed");
  }
  return Status::Ok();
}

}  // namespace cryptoshim
