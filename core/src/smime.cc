#include "cryptoshim/smime.h"

#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/x509_vfy.h>

#include <memory>
#include <string>
#include <vector>

#include "cryptoshim/error_queue.h"
#include "cryptoshim/legacy_provider.h"

namespace cryptoshim {
namespace {

// Flags that expose OpenSSL's half-built structures (the caller would have
// to finish them with PKCS7_final) or reuse a previous digest; never wanted
// from a complete-in-one-call API.
constexpr int kInternalFlags = PKCS7_STREAM | PKCS7_PARTIAL | PKCS7_REUSE_DIGEST;

int PublicFlags(int flags) { return flags & ~kInternalFlags; }

// A stack that borrows the certificates (sk_X509_free, not pop_free): the
// OpenSSL calls below take their own references where they keep one.
struct BorrowedX509StackDeleter {
  void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); }
};
using BorrowedX509Stack = std::unique_ptr<STACK_OF(X509), BorrowedX509StackDeleter>;

StatusOr<BorrowedX509Stack> Borrow(const CertificateRefs& certs) {
  BorrowedX509Stack stack(sk_X509_new_null());
  if (!stack) return ErrorFromQueue(ErrorCode::kInternal, "sk_X509_new_null");
  for (const Certificate* cert : certs) {
    if (cert == nullptr) return Status(ErrorCode::kInvalidArgument, "null certificate");
    if (sk_X509_push(stack.get(), cert->get0()) <= 0) {
      return ErrorFromQueue(ErrorCode::kInternal, "sk_X509_push");
    }
  }
  return stack;
}

StatusOr<SslUniquePtr<BIO>> InputBio(BytesView data) {
  SslUniquePtr<BIO> bio = ReadOnlyMemBio(data);
  if (!bio) return ErrorFromQueue(ErrorCode::kInternal, "BIO_new_mem_buf");
  return bio;
}

StatusOr<SslUniquePtr<BIO>> OutputBio() {
  SslUniquePtr<BIO> bio = NewMemBio();
  if (!bio) return ErrorFromQueue(ErrorCode::kInternal, "BIO_new");
  return bio;
}

// A failure whose message is OpenSSL's account of it:
// "oldest reason (its detail); next reason; ...", e.g. "certificate verify
// error (Verify error: unable to get local issuer certificate)". The detail
// is where PKCS7 puts the X509_V_ERR text, which the reasons alone lack.
Status SmimeError(ErrorCode code, std::string_view context) {
  const char* data = nullptr;
  int data_flags = 0;
  std::string detail;
  if (ERR_peek_error_data(&data, &data_flags) != 0 && data != nullptr &&
      (data_flags & ERR_TXT_STRING) != 0) {
    detail = data;
  }
  std::vector<OpenSslError> queue = DrainErrorQueue();
  std::string message;
  for (const OpenSslError& e : queue) {
    if (e.reason.empty()) continue;
    if (!message.empty()) message += "; ";
    message += e.reason;
    if (message.size() == e.reason.size() && !detail.empty()) message += " (" + detail + ")";
  }
  if (message.empty()) message = std::string(context);
  return Status(code, std::move(message), std::move(queue));
}

// The ex_data slot that carries a ChainCallback into the C trampoline.
int ChainCallbackIndex() {
  static const int index = X509_STORE_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// X509_STORE_CTX verify callback: forwards each step to the ChainCallback.
// Nothing may unwind through OpenSSL's C frames, so any exception rejects.
int ChainTrampoline(int ok, X509_STORE_CTX* ctx) {
  const auto* callback =
      static_cast<const ChainCallback*>(X509_STORE_CTX_get_ex_data(ctx, ChainCallbackIndex()));
  if (callback == nullptr) return ok;
  try {
    ChainStep step;
    step.error = X509_STORE_CTX_get_error(ctx);
    step.depth = X509_STORE_CTX_get_error_depth(ctx);
    X509* current = X509_STORE_CTX_get_current_cert(ctx);
    if (current != nullptr && X509_up_ref(current) == 1) {
      step.current.emplace(SslUniquePtr<X509>(current));
    }
    return (*callback)(ok != 0, step) ? 1 : 0;
  } catch (...) {
    return 0;
  }
}

// The certificate-chain half of PKCS7_verify, with `callback` installed on
// each context. Mirrors OpenSSL's own loop (same untrusted set, "smime_sign"
// purpose, the bag's CRLs, same error) so that PKCS7_verify can then run
// with PKCS7_NOVERIFY for the content and signatures.
Status VerifySignerChains(PKCS7* p7, STACK_OF(X509) * certs, X509_STORE* store, int flags,
                          const ChainCallback& callback) {
  BorrowedX509Stack signers(PKCS7_get0_signers(p7, certs, flags));
  if (!signers) return SmimeError(ErrorCode::kInvalidArgument, "PKCS7_get0_signers");
  SslUniquePtr<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
  if (!ctx) return ErrorFromQueue(ErrorCode::kInternal, "X509_STORE_CTX_new");
  for (int i = 0; i < sk_X509_num(signers.get()); ++i) {
    X509* signer = sk_X509_value(signers.get(), i);
    STACK_OF(X509)* untrusted = (flags & PKCS7_NOCHAIN) ? nullptr : p7->d.sign->cert;
    if (X509_STORE_CTX_init(ctx.get(), store, signer, untrusted) != 1) {
      return ErrorFromQueue(ErrorCode::kInternal, "X509_STORE_CTX_init");
    }
    if (!(flags & PKCS7_NOCHAIN) && X509_STORE_CTX_set_default(ctx.get(), "smime_sign") != 1) {
      return ErrorFromQueue(ErrorCode::kInternal, "X509_STORE_CTX_set_default");
    }
    if (!(flags & PKCS7_NOCRL)) X509_STORE_CTX_set0_crls(ctx.get(), p7->d.sign->crl);
    X509_STORE_CTX_set_verify_cb(ctx.get(), ChainTrampoline);
    // The context only borrows the callback for the duration of this call.
    if (X509_STORE_CTX_set_ex_data(ctx.get(), ChainCallbackIndex(),
                                   const_cast<ChainCallback*>(&callback)) != 1) {
      return ErrorFromQueue(ErrorCode::kInternal, "X509_STORE_CTX_set_ex_data");
    }
    if (X509_verify_cert(ctx.get()) != 1) {
      int error = X509_STORE_CTX_get_error(ctx.get());
      ERR_raise_data(ERR_LIB_PKCS7, PKCS7_R_CERTIFICATE_VERIFY_ERROR, "Verify error: %s",
                     X509_verify_cert_error_string(error));
      return SmimeError(ErrorCode::kVerifyFailed, "PKCS7_verify");
    }
    X509_STORE_CTX_cleanup(ctx.get());
  }
  return Status::Ok();
}

bool IsSignedWithContentSlot(const Pkcs7& p7) { return p7.is_signed() && p7.get0()->d.sign; }

}  // namespace

StatusOr<Pkcs7> Pkcs7Sign(const Certificate& signer, const Key& key,
                          const CertificateRefs& extra_certs, BytesView data,
                          std::string_view digest, int flags) {
  ClearErrorQueue();
  flags = PublicFlags(flags);
  if (!key.has_private()) {
    return Status(ErrorCode::kInvalidArgument, "signing needs a private key");
  }
  CS_ASSIGN_OR_RETURN(FetchedDigest md, FetchDigestMaybeLegacy(digest, LegacyAlgorithms::kRefuse));
  CS_ASSIGN_OR_RETURN(BorrowedX509Stack certs, Borrow(extra_certs));
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIO> in, InputBio(data));
  // PKCS7_PARTIAL: an empty bag (with the extra certificates), then one
  // signer with the chosen digest, then the content.
  SslUniquePtr<PKCS7> p7(PKCS7_sign(nullptr, nullptr, certs.get(), nullptr, flags | PKCS7_PARTIAL));
  if (!p7) return ErrorFromQueue(ErrorCode::kInternal, "PKCS7_sign");
  if (PKCS7_sign_add_signer(p7.get(), signer.get0(), key.get0(), md.md.get(), flags) == nullptr) {
    return SmimeError(ErrorCode::kInvalidArgument, "PKCS7_sign_add_signer");
  }
  if (PKCS7_final(p7.get(), in.get(), flags) != 1) {
    return SmimeError(ErrorCode::kInternal, "PKCS7_final");
  }
  return Pkcs7(std::move(p7));
}

StatusOr<Pkcs7> Pkcs7Encrypt(const CertificateRefs& recipients, BytesView data,
                             std::string_view cipher, int flags) {
  ClearErrorQueue();
  flags = PublicFlags(flags);
  if (recipients.empty()) {
    return Status(ErrorCode::kInvalidArgument, "no recipient certificates");
  }
  CS_ASSIGN_OR_RETURN(FetchedCipher c, FetchCipherMaybeLegacy(cipher, LegacyAlgorithms::kAllow));
  CS_ASSIGN_OR_RETURN(BorrowedX509Stack certs, Borrow(recipients));
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIO> in, InputBio(data));
  SslUniquePtr<PKCS7> p7(PKCS7_encrypt(certs.get(), in.get(), c.cipher.get(), flags));
  if (!p7) return SmimeError(ErrorCode::kInvalidArgument, "PKCS7_encrypt");
  return Pkcs7(std::move(p7));
}

StatusOr<Bytes> Pkcs7Decrypt(const Pkcs7& p7, const Key& key, const Certificate& cert, int flags) {
  ClearErrorQueue();
  flags = PublicFlags(flags);
  if (!key.has_private()) {
    return Status(ErrorCode::kInvalidArgument, "decryption needs a private key");
  }
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIO> out, OutputBio());
  if (PKCS7_decrypt(p7.get0(), key.get0(), cert.get0(), out.get(), flags) != 1) {
    return SmimeError(ErrorCode::kInvalidArgument, "PKCS7_decrypt");
  }
  return MemBioContents(out.get());
}

StatusOr<Bytes> Pkcs7Verify(const Pkcs7& p7, const CertificateRefs& certs, const Store& store,
                            std::optional<BytesView> detached, int flags,
                            const ChainCallback& callback) {
  ClearErrorQueue();
  flags = PublicFlags(flags);
  CS_ASSIGN_OR_RETURN(BorrowedX509Stack extra, Borrow(certs));
  SslUniquePtr<BIO> in;
  if (detached) {
    CS_ASSIGN_OR_RETURN(in, InputBio(*detached));
  }
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIO> out, OutputBio());
  if (callback && !(flags & PKCS7_NOVERIFY)) {
    // PKCS7_verify refuses other types and detached bags without content
    // before it looks at chains; keep that order of errors.
    if (!IsSignedWithContentSlot(p7)) {
      ERR_raise(ERR_LIB_PKCS7, PKCS7_R_WRONG_CONTENT_TYPE);
      return SmimeError(ErrorCode::kInvalidArgument, "PKCS7_verify");
    }
    if (PKCS7_get_detached(p7.get0()) && !in) {
      ERR_raise(ERR_LIB_PKCS7, PKCS7_R_NO_CONTENT);
      return SmimeError(ErrorCode::kInvalidArgument, "PKCS7_verify");
    }
    CS_RETURN_IF_ERROR(VerifySignerChains(p7.get0(), extra.get(), store.get0(), flags, callback));
    flags |= PKCS7_NOVERIFY;
  }
  if (PKCS7_verify(p7.get0(), extra.get(), store.get0(), in.get(), out.get(), flags) != 1) {
    return SmimeError(ErrorCode::kVerifyFailed, "PKCS7_verify");
  }
  return MemBioContents(out.get());
}

StatusOr<std::vector<Certificate>> Pkcs7Signers(const Pkcs7& p7, const CertificateRefs& certs,
                                                int flags) {
  ClearErrorQueue();
  CS_ASSIGN_OR_RETURN(BorrowedX509Stack extra, Borrow(certs));
  if (!IsSignedWithContentSlot(p7)) {
    ERR_raise(ERR_LIB_PKCS7, PKCS7_R_WRONG_CONTENT_TYPE);
    return SmimeError(ErrorCode::kInvalidArgument, "PKCS7_get0_signers");
  }
  BorrowedX509Stack signers(PKCS7_get0_signers(p7.get0(), extra.get(), PublicFlags(flags)));
  if (!signers) return SmimeError(ErrorCode::kInvalidArgument, "PKCS7_get0_signers");
  std::vector<Certificate> out;
  for (int i = 0; i < sk_X509_num(signers.get()); ++i) {
    X509* cert = sk_X509_value(signers.get(), i);
    if (X509_up_ref(cert) != 1) return ErrorFromQueue(ErrorCode::kInternal, "X509_up_ref");
    out.emplace_back(SslUniquePtr<X509>(cert));
  }
  return out;
}

StatusOr<Pkcs7> Pkcs7Degenerate(const CertificateRefs& certs) {
  ClearErrorQueue();
  if (certs.empty()) return Status(ErrorCode::kInvalidArgument, "no certificates");
  SslUniquePtr<PKCS7> p7(PKCS7_new());
  if (!p7) return ErrorFromQueue(ErrorCode::kInternal, "PKCS7_new");
  if (PKCS7_set_type(p7.get(), NID_pkcs7_signed) != 1 ||
      PKCS7_content_new(p7.get(), NID_pkcs7_data) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "PKCS7_set_type");
  }
  for (const Certificate* cert : certs) {
    if (cert == nullptr) return Status(ErrorCode::kInvalidArgument, "null certificate");
    if (PKCS7_add_certificate(p7.get(), cert->get0()) != 1) {
      return ErrorFromQueue(ErrorCode::kInternal, "PKCS7_add_certificate");
    }
  }
  return Pkcs7(std::move(p7));
}

StatusOr<Bytes> SmimeWrite(const Pkcs7& p7, std::optional<BytesView> detached, int flags) {
  ClearErrorQueue();
  flags = PublicFlags(flags);
  SslUniquePtr<BIO> data;
  if (detached) {
    CS_ASSIGN_OR_RETURN(data, InputBio(*detached));
    // SMIME_write_PKCS7 multipart: content beside the signature.
    flags |= PKCS7_DETACHED;
  }
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIO> out, OutputBio());
  if (SMIME_write_PKCS7(out.get(), p7.get0(), data.get(), flags) != 1) {
    return SmimeError(ErrorCode::kInvalidArgument, "SMIME_write_PKCS7");
  }
  return MemBioContents(out.get());
}

StatusOr<SmimeMessage> SmimeRead(BytesView text) {
  ClearErrorQueue();
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIO> in, InputBio(text));
  BIO* content = nullptr;
  SslUniquePtr<PKCS7> p7(SMIME_read_PKCS7(in.get(), &content));
  SslUniquePtr<BIO> content_owner(content);
  if (!p7) return SmimeError(ErrorCode::kParse, "SMIME_read_PKCS7");
  SmimeMessage message{Pkcs7(std::move(p7)), std::nullopt};
  if (content_owner) message.content = MemBioContents(content_owner.get());
  return message;
}

StatusOr<Bytes> SmimeCrlfCopy(BytesView data, int flags) {
  ClearErrorQueue();
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIO> in, InputBio(data));
  CS_ASSIGN_OR_RETURN(SslUniquePtr<BIO> out, OutputBio());
  if (SMIME_crlf_copy(in.get(), out.get(), PublicFlags(flags)) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "SMIME_crlf_copy");
  }
  return MemBioContents(out.get());
}

}  // namespace cryptoshim
