#include "cryptoshim/cipher_stream.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <climits>
#include <string>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {
namespace {

// Provided ciphers do not report EVP_CIPH_VARIABLE_LENGTH in their flags;
// the ones with a variable key length (RC4, Blowfish, CAST5, RC2) instead
// accept "keylen" as a settable context parameter.
bool HasVariableKeyLength(const EVP_CIPHER* cipher) {
  if ((EVP_CIPHER_get_flags(cipher) & EVP_CIPH_VARIABLE_LENGTH) != 0) return true;
  const OSSL_PARAM* settable = EVP_CIPHER_settable_ctx_params(cipher);
  return settable != nullptr &&
         OSSL_PARAM_locate_const(settable, OSSL_CIPHER_PARAM_KEYLEN) != nullptr;
}

const unsigned char* U8(BytesView v) { return reinterpret_cast<const unsigned char*>(v.data()); }

Status CheckIntLength(size_t n) {
  if (n > static_cast<size_t>(INT_MAX) - 64) {
    return Status(ErrorCode::kInvalidArgument, "input too long");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<CipherStream> CipherStream::New(std::string_view cipher_name, BytesView key, BytesView iv,
                                         CipherDirection direction, LegacyAlgorithms legacy) {
  CS_ASSIGN_OR_RETURN(FetchedCipher fetched, FetchCipherMaybeLegacy(cipher_name, legacy));
  const EVP_CIPHER* cipher = fetched.cipher.get();
  const int enc = direction == CipherDirection::kEncrypt ? 1 : 0;
  const bool aead = (EVP_CIPHER_get_flags(cipher) & EVP_CIPH_FLAG_AEAD_CIPHER) != 0;
  const bool variable_key = HasVariableKeyLength(cipher);
  const bool default_key_length =
      key.size() == static_cast<size_t>(EVP_CIPHER_get_key_length(cipher));
  if (!default_key_length && (!variable_key || key.empty() || key.size() > EVP_MAX_KEY_LENGTH)) {
    return Status(ErrorCode::kInvalidArgument, "wrong key length for " + std::string(cipher_name));
  }
  if (!aead && iv.size() != static_cast<size_t>(EVP_CIPHER_get_iv_length(cipher))) {
    return Status(ErrorCode::kInvalidArgument, "wrong iv length for " + std::string(cipher_name));
  }
  SslUniquePtr<EVP_CIPHER_CTX> ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return ErrorFromQueue(ErrorCode::kInternal, "EVP_CIPHER_CTX_new");
  // Two-step init so an AEAD iv length can be set between cipher and key/iv.
  if (EVP_CipherInit_ex2(ctx.get(), cipher, nullptr, nullptr, enc, nullptr) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EVP_CipherInit_ex2");
  }
  if (!default_key_length &&
      EVP_CIPHER_CTX_set_key_length(ctx.get(), static_cast<int>(key.size())) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "unsupported key length");
  }
  if (aead) {
    if (iv.empty()) return Status(ErrorCode::kInvalidArgument, "an AEAD mode needs an iv");
    size_t ivlen = iv.size();
    OSSL_PARAM params[] = {OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &ivlen),
                           OSSL_PARAM_construct_end()};
    if (EVP_CIPHER_CTX_set_params(ctx.get(), params) != 1) {
      return ErrorFromQueue(ErrorCode::kInvalidArgument, "unsupported iv length");
    }
  }
  if (EVP_CipherInit_ex2(ctx.get(), nullptr, U8(key), iv.empty() ? nullptr : U8(iv), enc,
                         nullptr) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "cipher key setup failed");
  }
  return CipherStream(std::move(fetched.cipher), std::move(ctx), fetched.legacy, direction);
}

Status CipherStream::SetPadding(bool enabled) {
  // EVP_CIPHER_CTX_set_padding always succeeds.
  EVP_CIPHER_CTX_set_padding(ctx_.get(), enabled ? 1 : 0);
  return Status::Ok();
}

StatusOr<Bytes> CipherStream::Update(BytesView data) {
  CS_RETURN_IF_ERROR(CheckUpdate(data.size()));
  Bytes out(UpdateBound(data.size()), '\0');
  CS_ASSIGN_OR_RETURN(size_t n, UpdateInto(data, out.data()));
  out.resize(n);
  return out;
}

Status CipherStream::CheckUpdate(size_t size) const {
  if (finished_) return Status(ErrorCode::kInvalidArgument, "cipher already finalized");
  return CheckIntLength(size);
}

StatusOr<size_t> CipherStream::UpdateInto(BytesView data, char* out) {
  CS_RETURN_IF_ERROR(CheckUpdate(data.size()));
  int outl = 0;
  if (EVP_CipherUpdate(ctx_.get(), reinterpret_cast<unsigned char*>(out), &outl, U8(data),
                       static_cast<int>(data.size())) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EVP_CipherUpdate");
  }
  return static_cast<size_t>(outl);
}

Status CipherStream::UpdateAad(BytesView aad) {
  if (!is_aead()) return Status(ErrorCode::kInvalidArgument, "not an AEAD cipher");
  CS_RETURN_IF_ERROR(CheckIntLength(aad.size()));
  int outl = 0;
  if (EVP_CipherUpdate(ctx_.get(), nullptr, &outl, U8(aad), static_cast<int>(aad.size())) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "EVP_CipherUpdate (aad)");
  }
  return Status::Ok();
}

Status CipherStream::SetTag(BytesView tag) {
  if (!is_aead()) return Status(ErrorCode::kInvalidArgument, "not an AEAD cipher");
  if (EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag.size()),
                          const_cast<char*>(tag.data())) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "bad tag length");
  }
  return Status::Ok();
}

StatusOr<Bytes> CipherStream::Finalize() {
  if (finished_) return Status(ErrorCode::kInvalidArgument, "cipher already finalized");
  finished_ = true;
  Bytes out(block_size() + 16, '\0');
  int outl = 0;
  if (EVP_CipherFinal_ex(ctx_.get(), reinterpret_cast<unsigned char*>(out.data()), &outl) != 1) {
    return ErrorFromQueue(direction_ == CipherDirection::kDecrypt ? ErrorCode::kVerifyFailed
                                                                  : ErrorCode::kInvalidArgument,
                          direction_ == CipherDirection::kDecrypt
                              ? "bad decrypt"
                              : "data not a multiple of the block length");
  }
  out.resize(static_cast<size_t>(outl));
  return out;
}

StatusOr<Bytes> CipherStream::GetTag(size_t length) const {
  if (!is_aead()) return Status(ErrorCode::kInvalidArgument, "not an AEAD cipher");
  Bytes tag(length, '\0');
  if (EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(length),
                          tag.data()) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "cannot get tag");
  }
  return tag;
}

size_t CipherStream::key_length() const { return EVP_CIPHER_get_key_length(cipher_.get()); }
size_t CipherStream::iv_length() const { return EVP_CIPHER_CTX_get_iv_length(ctx_.get()); }
size_t CipherStream::block_size() const { return EVP_CIPHER_get_block_size(cipher_.get()); }
bool CipherStream::is_aead() const {
  return (EVP_CIPHER_get_flags(cipher_.get()) & EVP_CIPH_FLAG_AEAD_CIPHER) != 0;
}

StatusOr<CipherInfo> LookupCipher(std::string_view cipher_name, LegacyAlgorithms legacy) {
  CS_ASSIGN_OR_RETURN(FetchedCipher f, FetchCipherMaybeLegacy(cipher_name, legacy));
  return CipherInfo{static_cast<size_t>(EVP_CIPHER_get_key_length(f.cipher.get())),
                    static_cast<size_t>(EVP_CIPHER_get_iv_length(f.cipher.get())),
                    static_cast<size_t>(EVP_CIPHER_get_block_size(f.cipher.get())),
                    HasVariableKeyLength(f.cipher.get()), f.legacy};
}

StatusOr<KeyAndIv> BytesToKey(std::string_view cipher_name, std::string_view digest_name,
                              BytesView password, BytesView salt, int iterations,
                              LegacyAlgorithms legacy) {
  if (!salt.empty() && salt.size() != 8) {
    return Status(ErrorCode::kInvalidArgument, "salt must be 8 bytes or empty");
  }
  if (iterations < 1) return Status(ErrorCode::kInvalidArgument, "iterations must be >= 1");
  CS_RETURN_IF_ERROR(CheckIntLength(password.size()));
  CS_ASSIGN_OR_RETURN(FetchedCipher c, FetchCipherMaybeLegacy(cipher_name, legacy));
  CS_ASSIGN_OR_RETURN(FetchedDigest d, FetchDigestMaybeLegacy(digest_name, legacy));
  unsigned char key[EVP_MAX_KEY_LENGTH];
  unsigned char iv[EVP_MAX_IV_LENGTH];
  int klen = EVP_BytesToKey(c.cipher.get(), d.md.get(), salt.empty() ? nullptr : U8(salt),
                            U8(password), static_cast<int>(password.size()), iterations, key, iv);
  if (klen <= 0) return ErrorFromQueue(ErrorCode::kInternal, "EVP_BytesToKey");
  KeyAndIv out{Bytes(reinterpret_cast<char*>(key), static_cast<size_t>(klen)),
               Bytes(reinterpret_cast<char*>(iv),
                     static_cast<size_t>(EVP_CIPHER_get_iv_length(c.cipher.get())))};
  OPENSSL_cleanse(key, sizeof key);
  OPENSSL_cleanse(iv, sizeof iv);
  return out;
}

}  // namespace cryptoshim
