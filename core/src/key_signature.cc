#include "cryptoshim/key_signature.h"

#include <openssl/rsa.h>

#include <optional>

#include "cryptoshim/digest.h"
#include "cryptoshim/error_queue.h"

namespace cryptoshim {
namespace {

const unsigned char* U8(BytesView v) { return reinterpret_cast<const unsigned char*>(v.data()); }

bool IsEdDsa(const Key& key) {
  int id = key.type_id();
  return id == EVP_PKEY_ED25519 || id == EVP_PKEY_ED448;
}

bool IsRsa(const Key& key) {
  return key.type_id() == EVP_PKEY_RSA || key.type_id() == EVP_PKEY_RSA_PSS;
}

// Validates the options against the key and applies the padding to the
// context EVP_DigestSignInit/VerifyInit (or EVP_PKEY_sign/verify_init) made.
Status Configure(const Key& key, EVP_PKEY_CTX* pctx, const SignatureOptions& options) {
  if (!options.pss_mgf1_digest.empty() && options.padding != SignaturePadding::kPss) {
    return Status(ErrorCode::kInvalidArgument, "an MGF1 digest needs PSS padding");
  }
  if (options.padding == SignaturePadding::kDefault) return Status::Ok();
  if (!IsRsa(key)) return Status(ErrorCode::kInvalidArgument, "padding applies to RSA keys only");
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
  if (!options.pss_mgf1_digest.empty()) {
    CS_ASSIGN_OR_RETURN(auto mgf1, FetchDigest(options.pss_mgf1_digest));
    if (EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, mgf1.get()) <= 0) {
      return ErrorFromQueue(ErrorCode::kInvalidArgument, "MGF1 digest refused");
    }
  }
  return Status::Ok();
}

// How the data is hashed before the private-key operation.
struct Hashing {
  const char* digest = nullptr;  // for EVP_DigestSign/Verify; nullptr for EdDSA
  size_t xof_length = 0;         // nonzero: prehash with this XOF length instead
};

StatusOr<Hashing> HashingFor(const Key& key, const SignatureOptions& options) {
  if (IsEdDsa(key)) {
    if (!options.digest.empty()) {
      return Status(ErrorCode::kInvalidArgument, "EdDSA signs the message itself: pass no digest");
    }
    return Hashing{};
  }
  if (options.digest.empty()) return Status(ErrorCode::kInvalidArgument, "a digest is required");
  // Fetching first gives unknown names a clean kUnsupported.
  CS_ASSIGN_OR_RETURN(auto md, FetchDigest(options.digest));
  if ((EVP_MD_get_flags(md.get()) & EVP_MD_FLAG_XOF) == 0) {
    return Hashing{options.digest.c_str(), 0};
  }
  // OpenSSL 3.0 would finish a SHAKE with its default length (128 bits for
  // SHAKE128), not the one RFC 8692 fixes; RSA-PSS with SHAKE (RFC 8702)
  // needs a SHAKE mask generation function, which OpenSSL 3.0 lacks.
  if (key.type_id() != EVP_PKEY_EC) {
    return Status(ErrorCode::kUnsupported, "SHAKE digests are supported with ECDSA only");
  }
  if (EVP_MD_is_a(md.get(), "SHAKE128")) return Hashing{nullptr, 32};
  if (EVP_MD_is_a(md.get(), "SHAKE256")) return Hashing{nullptr, 64};
  return Status(ErrorCode::kUnsupported, "unknown extendable-output function");
}

StatusOr<Bytes> XofDigest(const std::string& name, size_t length, BytesView data) {
  CS_ASSIGN_OR_RETURN(auto md, FetchDigest(name));
  ClearErrorQueue();
  SslUniquePtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  Bytes out(length, '\0');
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md.get(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinalXOF(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), length) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "XOF digest");
  }
  return out;
}

// Signs with the key's native encoding (DER for ECDSA/DSA).
StatusOr<Bytes> SignNative(const Key& key, BytesView data, const SignatureOptions& options,
                           const Hashing& hashing) {
  // One call with an upper bound: OpenSSL 3.0 refuses a second
  // EVP_DigestSign on the same context for EdDSA, so no size query first.
  int max_len = EVP_PKEY_get_size(key.get0());
  if (max_len <= 0) return ErrorFromQueue(ErrorCode::kInternal, "EVP_PKEY_get_size");
  size_t len = static_cast<size_t>(max_len);
  Bytes sig(len, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sig.data());
  if (hashing.xof_length != 0) {
    CS_ASSIGN_OR_RETURN(Bytes digest, XofDigest(options.digest, hashing.xof_length, data));
    ClearErrorQueue();
    SslUniquePtr<EVP_PKEY_CTX> pctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get0(), nullptr));
    if (!pctx || EVP_PKEY_sign_init(pctx.get()) != 1) {
      return ErrorFromQueue(ErrorCode::kInvalidArgument, "EVP_PKEY_sign_init");
    }
    CS_RETURN_IF_ERROR(Configure(key, pctx.get(), options));
    if (EVP_PKEY_sign(pctx.get(), out, &len, U8(digest), digest.size()) != 1) {
      return ErrorFromQueue(ErrorCode::kInternal, "EVP_PKEY_sign");
    }
  } else {
    ClearErrorQueue();
    SslUniquePtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
    if (!ctx || EVP_DigestSignInit_ex(ctx.get(), &pctx, hashing.digest, nullptr, nullptr,
                                      key.get0(), nullptr) != 1) {
      return ErrorFromQueue(ErrorCode::kInvalidArgument, "EVP_DigestSignInit");
    }
    CS_RETURN_IF_ERROR(Configure(key, pctx, options));
    if (EVP_DigestSign(ctx.get(), out, &len, U8(data), data.size()) != 1) {
      return ErrorFromQueue(ErrorCode::kInternal, "EVP_DigestSign");
    }
  }
  sig.resize(len);  // ECDSA/DSA DER signatures are often shorter than the bound
  return sig;
}

// OK or kVerifyFailed for a signature in the key's native encoding.
Status VerifyNative(const Key& key, BytesView signature, BytesView data,
                    const SignatureOptions& options, const Hashing& hashing) {
  int rc;
  if (hashing.xof_length != 0) {
    CS_ASSIGN_OR_RETURN(Bytes digest, XofDigest(options.digest, hashing.xof_length, data));
    ClearErrorQueue();
    SslUniquePtr<EVP_PKEY_CTX> pctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get0(), nullptr));
    if (!pctx || EVP_PKEY_verify_init(pctx.get()) != 1) {
      return ErrorFromQueue(ErrorCode::kInvalidArgument, "EVP_PKEY_verify_init");
    }
    CS_RETURN_IF_ERROR(Configure(key, pctx.get(), options));
    rc = EVP_PKEY_verify(pctx.get(), U8(signature), signature.size(), U8(digest), digest.size());
  } else {
    ClearErrorQueue();
    SslUniquePtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    if (!ctx || EVP_DigestVerifyInit_ex(ctx.get(), &pctx, hashing.digest, nullptr, nullptr,
                                        key.get0(), nullptr) != 1) {
      return ErrorFromQueue(ErrorCode::kInvalidArgument, "EVP_DigestVerifyInit");
    }
    CS_RETURN_IF_ERROR(Configure(key, pctx, options));
    rc = EVP_DigestVerify(ctx.get(), U8(signature), signature.size(), U8(data), data.size());
  }
  if (rc == 1) return Status::Ok();
  // 0 is a clean mismatch; negative values are malformed signatures, which
  // callers also treat as "does not verify".
  return ErrorFromQueue(ErrorCode::kVerifyFailed, "signature does not verify");
}

// The P1363 scalar size when the options ask for P1363, nullopt for DER.
StatusOr<std::optional<size_t>> P1363ScalarSize(const Key& key, const SignatureOptions& options) {
  if (options.dsa_encoding == DsaSignatureEncoding::kDer) return std::optional<size_t>();
  CS_ASSIGN_OR_RETURN(size_t size, DsaSignatureScalarSize(key));
  return std::optional<size_t>(size);
}

}  // namespace

StatusOr<Bytes> Sign(const Key& key, BytesView data, const SignatureOptions& options) {
  if (!key.has_private()) return Status(ErrorCode::kInvalidArgument, "signing needs a private key");
  CS_ASSIGN_OR_RETURN(Hashing hashing, HashingFor(key, options));
  CS_ASSIGN_OR_RETURN(std::optional<size_t> p1363, P1363ScalarSize(key, options));
  CS_ASSIGN_OR_RETURN(Bytes sig, SignNative(key, data, options, hashing));
  if (!p1363) return sig;
  return DsaSignatureDerToP1363(sig, *p1363);
}

Status Verify(const Key& key, BytesView signature, BytesView data,
              const SignatureOptions& options) {
  CS_ASSIGN_OR_RETURN(Hashing hashing, HashingFor(key, options));
  CS_ASSIGN_OR_RETURN(std::optional<size_t> p1363, P1363ScalarSize(key, options));
  if (!p1363) return VerifyNative(key, signature, data, options, hashing);
  CS_ASSIGN_OR_RETURN(Bytes der, DsaSignatureP1363ToDer(signature, *p1363));
  return VerifyNative(key, der, data, options, hashing);
}

}  // namespace cryptoshim
