// Loading and saving keys: PEM/DER, PKCS#8 and traditional private keys
// (optionally encrypted), SubjectPublicKeyInfo and PKCS#1 public keys.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

// Supplies a passphrase; `for_writing` is true when encrypting. An error
// Status aborts the operation and is returned unchanged by the caller, which
// lets a binding carry a foreign exception through OpenSSL without unwinding
// C frames (the callback must not throw).
using PassphraseCallback = std::function<StatusOr<std::string>(bool for_writing)>;

// OpenSSL's PEM_BUFSIZE: the longest passphrase a PEM callback can return.
inline constexpr size_t kMaxPassphraseLength = 1024;

// A callback returning a fixed passphrase.
PassphraseCallback FixedPassphrase(std::string passphrase);

// Private keys. PEM accepts traditional ("RSA PRIVATE KEY", ...), PKCS#8 and
// encrypted PKCS#8; DER accepts traditional and PKCS#8, and encrypted PKCS#8
// when `passphrase` is given. `passphrase` is only consulted when the input
// is encrypted. Errors: kBadPassword when a passphrase was used and
// decryption failed (or none was available for encrypted input), kParse for
// malformed input, or the callback's own Status.
StatusOr<Key> LoadPrivateKey(BytesView data, Encoding encoding,
                             const PassphraseCallback& passphrase = nullptr);

enum class PublicKeyFormat {
  kSubjectPublicKeyInfo,  // "PUBLIC KEY"
  kPkcs1,                 // "RSA PUBLIC KEY" (RSAPublicKey), RSA only
};

StatusOr<Key> LoadPublicKey(BytesView data, Encoding encoding,
                            PublicKeyFormat format = PublicKeyFormat::kSubjectPublicKeyInfo);

enum class PrivateKeyFormat {
  kPkcs8,        // PrivateKeyInfo / EncryptedPrivateKeyInfo
  kTraditional,  // type-specific (PKCS#1, SEC1, DSA); PKCS#8 for types without one
};

struct PrivateKeyEncryption {
  std::string cipher;             // OpenSSL cipher name ("aes-256-cbc", "blowfish")
  PassphraseCallback passphrase;  // called once with for_writing = true
};

// Encrypted output needs PEM or PKCS#8; encrypted traditional DER does not
// exist and gives kInvalidArgument. Encrypted PKCS#8 uses PBES2 with
// PBKDF2-HMAC-SHA256, as PEM_write_bio_PrivateKey does in OpenSSL 3.
StatusOr<Bytes> SavePrivateKey(
    const Key& key, Encoding encoding, PrivateKeyFormat format,
    const std::optional<PrivateKeyEncryption>& encryption = std::nullopt);

// SubjectPublicKeyInfo of `key` (works for private keys too).
StatusOr<Bytes> SavePublicKey(const Key& key, Encoding encoding);

// OpenSSL's human-readable dump (EVP_PKEY_print_private / _public).
StatusOr<Bytes> KeyText(const Key& key);

// Whether `name` names a cipher usable for key encryption (including the
// legacy provider's, such as Blowfish).
bool IsKnownCipher(std::string_view name);

}  // namespace cryptoshim
