#include "cryptoshim/aead.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <limits>
#include <string>

#include "cryptoshim/error_queue.h"
#include "cryptoshim/random.h"

namespace cryptoshim {
namespace {

constexpr size_t kNonceSize = 12;
constexpr size_t kTagSize = 16;

StatusOr<SslUniquePtr<EVP_CIPHER>> FetchAead(AeadAlgorithm algorithm, size_t key_size) {
  std::string name;
  if (algorithm == AeadAlgorithm::kChaCha20Poly1305) {
    if (key_size != 32)
      return Status(ErrorCode::kInvalidArgument, "ChaCha20-Poly1305 key must be 32 bytes");
    name = "ChaCha20-Poly1305";
  } else {
    if (key_size != 16 && key_size != 24 && key_size != 32) {
      return Status(ErrorCode::kInvalidArgument, "AES-GCM key must be 16, 24 or 32 bytes");
    }
    name = "AES-" + std::to_string(key_size * 8) + "-GCM";
  }
  SslUniquePtr<EVP_CIPHER> cipher(EVP_CIPHER_fetch(nullptr, name.c_str(), nullptr));
  if (!cipher) return ErrorFromQueue(ErrorCode::kUnsupported, "cipher unavailable: " + name);
  return cipher;
}

bool FitsInt(size_t n) { return n <= static_cast<size_t>(std::numeric_limits<int>::max()); }

const unsigned char* U8(BytesView v) { return reinterpret_cast<const unsigned char*>(v.data()); }

// Shared init: cipher, IV length, key and nonce, then the associated data.
StatusOr<SslUniquePtr<EVP_CIPHER_CTX>> InitAead(const subtle::AeadParams& p, bool encrypt) {
  ClearErrorQueue();
  CS_ASSIGN_OR_RETURN(auto cipher, FetchAead(p.algorithm, p.key.size()));
  if (p.nonce.empty()) return Status(ErrorCode::kInvalidArgument, "empty nonce");
  if (p.algorithm == AeadAlgorithm::kChaCha20Poly1305 && p.nonce.size() != kNonceSize) {
    return Status(ErrorCode::kInvalidArgument, "ChaCha20-Poly1305 nonce must be 12 bytes");
  }
  if (p.tag_size == 0 || p.tag_size > kTagSize) {
    return Status(ErrorCode::kInvalidArgument, "tag size must be 1..16 bytes");
  }
  if (!FitsInt(p.associated_data.size()) || !FitsInt(p.nonce.size())) {
    return Status(ErrorCode::kInvalidArgument, "input too long");
  }
  SslUniquePtr<EVP_CIPHER_CTX> ctx(EVP_CIPHER_CTX_new());
  size_t ivlen = p.nonce.size();
  OSSL_PARAM params[] = {OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &ivlen),
                         OSSL_PARAM_construct_end()};
  if (!ctx ||
      EVP_CipherInit_ex2(ctx.get(), cipher.get(), nullptr, nullptr, encrypt, nullptr) != 1 ||
      EVP_CIPHER_CTX_set_params(ctx.get(), params) != 1 ||
      EVP_CipherInit_ex2(ctx.get(), nullptr, U8(p.key), U8(p.nonce), encrypt, nullptr) != 1) {
    return ErrorFromQueue(ErrorCode::kUnsupported, "AEAD init failed (unsupported nonce size?)");
  }
  int outl = 0;
  if (!p.associated_data.empty() &&
      EVP_CipherUpdate(ctx.get(), nullptr, &outl, U8(p.associated_data),
                       static_cast<int>(p.associated_data.size())) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "AEAD associated data");
  }
  return ctx;
}

class AeadImpl : public Aead {
 public:
  AeadImpl(AeadAlgorithm algorithm, BytesView key) : algorithm_(algorithm), key_(key) {}

  StatusOr<Bytes> Encrypt(BytesView plaintext, BytesView aad) const override {
    CS_ASSIGN_OR_RETURN(Bytes nonce, RandomBytes(kNonceSize));
    CS_ASSIGN_OR_RETURN(Bytes sealed,
                        subtle::AeadSeal({algorithm_, key_.view(), nonce, aad}, plaintext));
    return nonce + sealed;
  }

  StatusOr<Bytes> Decrypt(BytesView ciphertext, BytesView aad) const override {
    if (ciphertext.size() < kNonceSize + kTagSize) {
      return Status(ErrorCode::kVerifyFailed, "ciphertext too short");
    }
    return subtle::AeadOpen({algorithm_, key_.view(), ciphertext.substr(0, kNonceSize), aad},
                            ciphertext.substr(kNonceSize));
  }

 private:
  const AeadAlgorithm algorithm_;
  const SecretBytes key_;
};

}  // namespace

StatusOr<std::unique_ptr<Aead>> NewAead(AeadAlgorithm algorithm, BytesView key) {
  CS_RETURN_IF_ERROR(FetchAead(algorithm, key.size()).status());
  return std::unique_ptr<Aead>(new AeadImpl(algorithm, key));
}

namespace subtle {

StatusOr<Bytes> AeadSeal(const AeadParams& p, BytesView plaintext) {
  if (!FitsInt(plaintext.size())) return Status(ErrorCode::kInvalidArgument, "input too long");
  CS_ASSIGN_OR_RETURN(auto ctx, InitAead(p, /*encrypt=*/true));
  Bytes out(plaintext.size() + p.tag_size, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  int len = 0, fin = 0;
  if (EVP_EncryptUpdate(ctx.get(), o, &len, U8(plaintext), static_cast<int>(plaintext.size())) !=
          1 ||
      EVP_EncryptFinal_ex(ctx.get(), o + len, &fin) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "AEAD encrypt failed");
  }
  OSSL_PARAM tag[] = {
      OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, o + len + fin, p.tag_size),
      OSSL_PARAM_construct_end()};
  if (EVP_CIPHER_CTX_get_params(ctx.get(), tag) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "AEAD tag");
  }
  return out;
}

StatusOr<Bytes> AeadOpen(const AeadParams& p, BytesView sealed) {
  if (sealed.size() < p.tag_size) return Status(ErrorCode::kVerifyFailed, "ciphertext too short");
  BytesView ct = sealed.substr(0, sealed.size() - p.tag_size);
  Bytes tag_copy(sealed.substr(ct.size()));
  if (!FitsInt(ct.size())) return Status(ErrorCode::kInvalidArgument, "input too long");
  CS_ASSIGN_OR_RETURN(auto ctx, InitAead(p, /*encrypt=*/false));
  Bytes out(ct.size() + 16, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  int len = 0, fin = 0;
  OSSL_PARAM tag[] = {OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag_copy.data(),
                                                        tag_copy.size()),
                      OSSL_PARAM_construct_end()};
  if (EVP_DecryptUpdate(ctx.get(), o, &len, U8(ct), static_cast<int>(ct.size())) != 1 ||
      EVP_CIPHER_CTX_set_params(ctx.get(), tag) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), o + len, &fin) != 1) {
    ClearErrorQueue();
    // Never hand back unauthenticated plaintext.
    OPENSSL_cleanse(out.data(), out.size());
    return Status(ErrorCode::kVerifyFailed, "AEAD authentication failed");
  }
  out.resize(static_cast<size_t>(len) + static_cast<size_t>(fin));
  return out;
}

}  // namespace subtle
}  // namespace cryptoshim
