#include "cryptoshim/key_signature.h"

#include <openssl/rsa.h>

#include "cryptoshim/digest.h"
#include "cryptoshim/error_queue.h"

namespace cryptoshim {
namespace {

bool IsEdDsa(const Key& key) {
  int id = key.type_id();
  return id == EVP_PKEY_ED25519 || id == EVP_PKEY_ED448;
}

// Validates the options against the key and applies the padding to the
// context EVP_DigestSignInit/VerifyInit produced.
Status Configure(const Key& key, EVP_PKEY_CTX* pctx, const SignatureOptions& options) {
  bool rsa = key.type_id() == EVP_PKEY_RSA || key.type_id() == EVP_PKEY_RSA_PSS;
  if (options.padding == SignaturePadding::kDefault) return Status::Ok();
  if (!rsa) return Status(ErrorCode::kInvalidArgument, "padding applies to RSA keys only");
  if (options.padding == SignaturePadding::kPkcs1v15) {
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0) {
      return ErrorFromQueue(ErrorCode::kInvalidArgument, "PKCS#1 v1.5 padding refused");
    }
    return Status::Ok();
  }
  if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
      EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, options.pss_salt_length) <= 0) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "PSS parameters refused");
  }
  return Status::Ok();
}

// A digest name for EVP_Digest*Init_ex, or nullptr for EdDSA. Fetching first
// gives unknown names a clean kUnsupported.
StatusOr<const char*> DigestFor(const Key& key, const SignatureOptions& options) {
  if (IsEdDsa(key)) {
    if (!options.digest.empty()) {
      return Status(ErrorCode::kInvalidArgument, "EdDSA signs the message itself: pass no digest");
    }
    return static_cast<const char*>(nullptr);
  }
  if (options.digest.empty()) return Status(ErrorCode::kInvalidArgument, "a digest is required");
  CS_ASSIGN_OR_RETURN(auto md, FetchDigest(options.digest));
  (void)md;
  return options.digest.c_str();
}

}  // namespace

StatusOr<Bytes> Sign(const Key& key, BytesView data, const SignatureOptions& options) {
  if (!key.has_private()) return Status(ErrorCode::kInvalidArgument, "signing needs a private key");
  CS_ASSIGN_OR_RETURN(const char* md, DigestFor(key, options));
  ClearErrorQueue();
  SslUniquePtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  if (!ctx || EVP_DigestSignInit_ex(ctx.get(), &pctx, md, nullptr, nullptr, key.get0(), nullptr) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "EVP_DigestSignInit");
  }
  CS_RETURN_IF_ERROR(Configure(key, pctx, options));
  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  // One call with an upper bound: OpenSSL 3.0 refuses a second
  // EVP_DigestSign on the same context for EdDSA, so no size query first.
  int max_len = EVP_PKEY_get_size(key.get0());
  if (max_len <= 0) return ErrorFromQueue(ErrorCode::kInternal, "EVP_PKEY_get_size");
  size_t len = static_cast<size_t>(max_len);
  Bytes sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, in,
                     data.size()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EVP_DigestSign");
  }
  sig.resize(len);  // ECDSA/DSA DER signatures are often shorter than the bound
  return sig;
}

Status Verify(const Key& key, BytesView signature, BytesView data, const SignatureOptions& options) {
  CS_ASSIGN_OR_RETURN(const char* md, DigestFor(key, options));
  ClearErrorQueue();
  SslUniquePtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestVerifyInit_ex(ctx.get(), &pctx, md, nullptr, nullptr, key.get0(), nullptr) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "EVP_DigestVerifyInit");
  }
  CS_RETURN_IF_ERROR(Configure(key, pctx, options));
  int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                            data.size());
  if (rc == 1) return Status::Ok();
  // 0 is a clean mismatch; negative values are malformed signatures, which
  // callers also treat as "does not verify".
  return ErrorFromQueue(ErrorCode::kVerifyFailed, "signature does not verify");
}

}  // namespace cryptoshim
