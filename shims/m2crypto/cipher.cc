#include "cryptoshim/shims/m2crypto/cipher.h"

#include <algorithm>
#include <optional>

#include "cryptoshim/kdf.h"

namespace cryptoshim::m2crypto {
namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

}  // namespace

StatusOr<std::string> CipherName(std::string_view m2_alg) {
  // M2Crypto's getters are exactly OpenSSL's names with '_' for '-'. Only
  // the families M2Crypto ever exposed are accepted, so arbitrary attribute
  // names cannot reach the provider.
  static constexpr std::string_view kFamilies[] = {"aes_", "bf_", "cast5_", "des_",
                                                   "rc2_", "rc4", "seed_"};
  bool known = std::any_of(std::begin(kFamilies), std::end(kFamilies),
                           [&](std::string_view f) { return StartsWith(m2_alg, f); });
  if (!known ||
      m2_alg.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string_view::npos) {
    return Status(ErrorCode::kInvalidArgument, "unknown cipher: " + std::string(m2_alg));
  }
  std::string name(m2_alg);
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

std::string CipherUnsafeReason(std::string_view alg, bool key_as_bytes,
                               std::string_view kdf_digest) {
  if (StartsWith(alg, "bf_") || StartsWith(alg, "cast5_") || StartsWith(alg, "rc2_") ||
      StartsWith(alg, "rc4") || (StartsWith(alg, "des_") && !StartsWith(alg, "des_ede"))) {
    return "legacy cipher " + std::string(alg) + " (OpenSSL 3 legacy provider)";
  }
  if (StartsWith(alg, "des_ede")) return "64-bit block cipher " + std::string(alg) + " (Sweet32)";
  if (EndsWith(alg, "_ecb")) return "ECB mode leaks plaintext patterns";
  if (key_as_bytes) {
    return "EVP_BytesToKey key derivation (" + std::string(kdf_digest) + ")";
  }
  return "";
}

StatusOr<Cipher> Cipher::New(const CipherParams& p) {
  CS_ASSIGN_OR_RETURN(std::string name, CipherName(p.alg));
  CS_ASSIGN_OR_RETURN(CipherInfo info, LookupCipher(name, LegacyAlgorithms::kAllow));
  BytesView key = p.key;
  std::optional<SecretBytes> derived_key;  // wiped when New returns
  if (p.key_as_bytes) {
    CS_ASSIGN_OR_RETURN(KeyAndIv derived, BytesToKey(name, p.digest, p.key, p.salt, p.iterations,
                                                     LegacyAlgorithms::kAllow));
    // M2Crypto keeps the caller's iv and uses only the derived key.
    derived_key.emplace(derived.key);
    OPENSSL_cleanse(derived.key.data(), derived.key.size());
    key = derived_key->view();
  }
  if (!(p.variable_key && info.variable_key_length)) {
    if (key.size() < info.key_length) {
      return Status(ErrorCode::kInvalidArgument, "key is shorter than the cipher's key length");
    }
    key = key.substr(0, info.key_length);
  }
  const bool aead = EndsWith(p.alg, "_gcm") || EndsWith(p.alg, "_ccm") || EndsWith(p.alg, "_ocb");
  // Outside AEAD modes the iv is cut or zero-extended to the cipher's length,
  // as EVP_CipherInit reads it.
  BytesView iv = p.iv;
  Bytes extended_iv;
  if (!aead && iv.size() >= info.iv_length) {
    iv = iv.substr(0, info.iv_length);
  } else if (!aead) {
    extended_iv.assign(iv);
    extended_iv.resize(info.iv_length, '\0');
    iv = extended_iv;
  }
  CS_ASSIGN_OR_RETURN(
      CipherStream stream,
      CipherStream::New(name, key, iv, p.op ? CipherDirection::kEncrypt : CipherDirection::kDecrypt,
                        LegacyAlgorithms::kAllow));
  CS_RETURN_IF_ERROR(stream.SetPadding(p.padding));
  return Cipher(std::move(stream));
}

StatusOr<Bytes> Pbkdf2HmacSha1(BytesView password, BytesView salt, int iterations, int keylen) {
  if (iterations < 1 || keylen < 0)
    return Status(ErrorCode::kInvalidArgument, "bad pbkdf2 parameters");
  return Pbkdf2("sha1", password, salt, static_cast<uint64_t>(iterations),
                static_cast<size_t>(keylen));
}

}  // namespace cryptoshim::m2crypto
