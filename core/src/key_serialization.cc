#include "cryptoshim/key_serialization.h"

#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include <cstring>
#include <limits>

#include "cryptoshim/error_queue.h"
#include "cryptoshim/legacy_provider.h"
#include "pbe_cost.h"

namespace cryptoshim {
namespace {

// Keys encrypted with ciphers OpenSSL 3 moved to the legacy provider
// (Blowfish, CAST, DES...) are read and written in the shared private context
// (legacy_provider.h); the default context never gains those algorithms.
OSSL_LIB_CTX* LegacyLibCtx() { return LegacyProviderLibCtx(); }

// State shared with the C passphrase trampoline. The user callback runs at
// most once: its answer is cached so a retry (legacy context) or OpenSSL
// asking twice never calls back into user code a second time.
struct PassphraseState {
  const PassphraseCallback* callback = nullptr;
  std::optional<std::string> cached;
  bool invoked = false;  // a passphrase was handed to OpenSSL
  Status error;          // the callback's failure, returned as is
};

int PassphraseTrampoline(char* buf, int size, int rwflag, void* userdata) {
  auto* state = static_cast<PassphraseState*>(userdata);
  if (!state->error.ok()) return -1;
  if (!state->cached.has_value()) {
    if (state->callback == nullptr || !*state->callback) {
      state->error =
          Status(ErrorCode::kBadPassword, "the key is encrypted and no passphrase was given");
      return -1;
    }
    StatusOr<std::string> pass = (*state->callback)(rwflag != 0);
    if (!pass.ok()) {
      state->error = pass.status();
      return -1;
    }
    if (pass->size() > kMaxPassphraseLength) {
      state->error =
          Status(ErrorCode::kInvalidArgument, "passphrase returned by callback is too long");
      return -1;
    }
    state->cached = std::move(pass).value();
  }
  if (size < 0 || state->cached->size() > static_cast<size_t>(size)) {
    state->error =
        Status(ErrorCode::kInvalidArgument, "passphrase returned by callback is too long");
    return -1;
  }
  // memcpy, not strcpy: passphrases may contain NUL bytes, and OpenSSL reads
  // the returned length, not a terminator.
  std::memcpy(buf, state->cached->data(), state->cached->size());
  state->invoked = true;
  return static_cast<int>(state->cached->size());
}

EVP_PKEY* ReadPrivateOnce(BytesView data, Encoding encoding, PassphraseState* state,
                          OSSL_LIB_CTX* libctx) {
  SslUniquePtr<BIO> bio = ReadOnlyMemBio(data);
  if (!bio) return nullptr;
  if (encoding == Encoding::kPem) {
    return PEM_read_bio_PrivateKey_ex(bio.get(), nullptr, PassphraseTrampoline, state, libctx,
                                      nullptr);
  }
  if (state->callback == nullptr || !*state->callback) {
    // d2i_PrivateKey_ex_bio takes traditional and unencrypted PKCS#8 DER,
    // with the same error reasons d2i_PrivateKey_bio gives.
    return d2i_PrivateKey_ex_bio(bio.get(), nullptr, libctx, nullptr);
  }
  // Encrypted PKCS#8 DER needs the decoder, which can ask for a passphrase.
  EVP_PKEY* pkey = nullptr;
  SslUniquePtr<OSSL_DECODER_CTX> dctx(OSSL_DECODER_CTX_new_for_pkey(
      &pkey, "DER", nullptr, nullptr, EVP_PKEY_KEYPAIR, libctx, nullptr));
  if (!dctx || OSSL_DECODER_CTX_set_pem_password_cb(dctx.get(), PassphraseTrampoline, state) != 1) {
    return nullptr;
  }
  bool decoded = OSSL_DECODER_from_bio(dctx.get(), bio.get()) == 1;
  SslUniquePtr<EVP_PKEY> owned(pkey);  // what the decoder made, on failure too
  return decoded ? owned.release() : nullptr;
}

StatusOr<SslUniquePtr<EVP_CIPHER>> FetchKeyCipher(std::string_view name, bool* legacy) {
  std::string n(name);
  *legacy = false;
  if (EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, n.c_str(), nullptr)) {
    return SslUniquePtr<EVP_CIPHER>(c);
  }
  // Names known only through the compatibility table ("blowfish") resolve to
  // the canonical name the legacy provider registers.
  const EVP_CIPHER* known = EVP_get_cipherbyname(n.c_str());
  const char* canonical = known ? EVP_CIPHER_get0_name(known) : n.c_str();
  if (EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, canonical, nullptr)) {
    return SslUniquePtr<EVP_CIPHER>(c);
  }
  if (OSSL_LIB_CTX* ctx = LegacyLibCtx()) {
    if (EVP_CIPHER* c = EVP_CIPHER_fetch(ctx, canonical, nullptr)) {
      ClearErrorQueue();
      *legacy = true;
      return SslUniquePtr<EVP_CIPHER>(c);
    }
  }
  return ErrorFromQueue(ErrorCode::kInvalidArgument, "unknown cipher: " + n);
}

StatusOr<std::string> WritingPassphrase(const PassphraseCallback& callback) {
  if (!callback)
    return Status(ErrorCode::kInvalidArgument, "a passphrase is required with a cipher");
  CS_ASSIGN_OR_RETURN(std::string pass, callback(/*for_writing=*/true));
  if (pass.size() > kMaxPassphraseLength) {
    return Status(ErrorCode::kInvalidArgument, "passphrase returned by callback is too long");
  }
  return pass;
}

// EncryptedPrivateKeyInfo built by hand so the cipher may come from the
// legacy context: the PKCS#8 encoder fetches the cipher in the default
// context only.
StatusOr<Bytes> SaveEncryptedPkcs8(const Key& key, Encoding encoding,
                                   const PrivateKeyEncryption& enc) {
  bool legacy = false;
  CS_ASSIGN_OR_RETURN(SslUniquePtr<EVP_CIPHER> cipher, FetchKeyCipher(enc.cipher, &legacy));
  CS_ASSIGN_OR_RETURN(std::string pass, WritingPassphrase(enc.passphrase));
  ClearErrorQueue();
  SslUniquePtr<PKCS8_PRIV_KEY_INFO> p8(EVP_PKEY2PKCS8(key.get0()));
  if (!p8) return ErrorFromQueue(ErrorCode::kInternal, "EVP_PKEY2PKCS8");
  SslUniquePtr<X509_SIG> sig(
      PKCS8_encrypt_ex(-1, cipher.get(), pass.data(), static_cast<int>(pass.size()), nullptr, 0, 0,
                       p8.get(), legacy ? LegacyLibCtx() : nullptr, nullptr));
  OPENSSL_cleanse(pass.data(), pass.size());
  if (!sig) return ErrorFromQueue(ErrorCode::kInternal, "PKCS8_encrypt");
  SslUniquePtr<BIO> out = NewMemBio();
  int ok = encoding == Encoding::kPem ? PEM_write_bio_PKCS8(out.get(), sig.get())
                                      : i2d_PKCS8_bio(out.get(), sig.get());
  if (ok != 1) return ErrorFromQueue(ErrorCode::kInternal, "writing EncryptedPrivateKeyInfo");
  return MemBioContents(out.get());
}

StatusOr<Bytes> SaveTraditionalEncryptedPem(const Key& key, const PrivateKeyEncryption& enc) {
  bool legacy = false;
  CS_ASSIGN_OR_RETURN(SslUniquePtr<EVP_CIPHER> cipher, FetchKeyCipher(enc.cipher, &legacy));
  PassphraseState state;
  state.callback = &enc.passphrase;
  ClearErrorQueue();
  SslUniquePtr<BIO> out = NewMemBio();
  int ok = PEM_write_bio_PrivateKey_traditional(out.get(), key.get0(), cipher.get(), nullptr, 0,
                                                PassphraseTrampoline, &state);
  if (state.cached) OPENSSL_cleanse(state.cached->data(), state.cached->size());
  if (!state.error.ok()) {
    ClearErrorQueue();
    return state.error;
  }
  if (ok != 1) return ErrorFromQueue(ErrorCode::kInternal, "PEM_write_bio_PrivateKey_traditional");
  return MemBioContents(out.get());
}

}  // namespace

PassphraseCallback FixedPassphrase(std::string passphrase) {
  return [passphrase = std::move(passphrase)](bool) -> StatusOr<std::string> { return passphrase; };
}

StatusOr<Key> LoadPrivateKey(BytesView data, Encoding encoding,
                             const PassphraseCallback& passphrase) {
  // Before any passphrase is asked for or any KDF runs (pbe_cost.h).
  CS_RETURN_IF_ERROR(CheckEncryptedPrivateKeyCost(data, encoding));
  PassphraseState state;
  state.callback = &passphrase;
  ClearErrorQueue();
  SslUniquePtr<EVP_PKEY> pkey(ReadPrivateOnce(data, encoding, &state, nullptr));
  if (pkey) {
    ClearErrorQueue();
    return Key(std::move(pkey), /*has_private=*/true);
  }
  if (!state.error.ok()) {
    ClearErrorQueue();
    return state.error;
  }
  if (!state.invoked) return ErrorFromQueue(ErrorCode::kParse, "could not parse the private key");
  Status first = ErrorFromQueue(ErrorCode::kBadPassword, "could not decrypt the private key");
  // The key may be encrypted with a cipher only the legacy provider has;
  // retry there with the cached passphrase (the callback is not called again).
  if (OSSL_LIB_CTX* legacy = LegacyLibCtx()) {
    pkey.reset(ReadPrivateOnce(data, encoding, &state, legacy));
    if (pkey) {
      ClearErrorQueue();
      return Key(std::move(pkey), /*has_private=*/true);
    }
    // The retry's reasons are the informative ones ("bad decrypt" rather
    // than "unsupported" when only the legacy provider has the cipher).
    Status retry = ErrorFromQueue(ErrorCode::kBadPassword, "could not decrypt the private key");
    if (!retry.openssl_errors().empty()) return retry;
  }
  return first;
}

StatusOr<Key> LoadPublicKey(BytesView data, Encoding encoding, PublicKeyFormat format) {
  ClearErrorQueue();
  SslUniquePtr<BIO> bio = ReadOnlyMemBio(data);
  if (!bio) return ErrorFromQueue(ErrorCode::kInternal, "BIO_new_mem_buf");
  SslUniquePtr<EVP_PKEY> pkey;
  if (format == PublicKeyFormat::kSubjectPublicKeyInfo) {
    pkey.reset(encoding == Encoding::kPem
                   ? PEM_read_bio_PUBKEY_ex(bio.get(), nullptr, nullptr, nullptr, nullptr, nullptr)
                   : d2i_PUBKEY_bio(bio.get(), nullptr));
  } else {
    // RSAPublicKey has no non-deprecated PEM_read_*; the decoder reads it
    // as the RSA "type-specific" structure.
    EVP_PKEY* raw = nullptr;
    SslUniquePtr<OSSL_DECODER_CTX> dctx(OSSL_DECODER_CTX_new_for_pkey(
        &raw, encoding == Encoding::kPem ? "PEM" : "DER", "type-specific", "RSA",
        EVP_PKEY_PUBLIC_KEY, nullptr, nullptr));
    bool decoded = dctx && OSSL_DECODER_from_bio(dctx.get(), bio.get()) == 1;
    SslUniquePtr<EVP_PKEY> owned(raw);  // what the decoder made, on failure too
    if (decoded) pkey = std::move(owned);
  }
  if (!pkey) return ErrorFromQueue(ErrorCode::kParse, "could not parse the public key");
  return Key(std::move(pkey), /*has_private=*/false);
}

StatusOr<Bytes> SavePrivateKey(const Key& key, Encoding encoding, PrivateKeyFormat format,
                               const std::optional<PrivateKeyEncryption>& encryption) {
  if (!key.has_private()) return Status(ErrorCode::kInvalidArgument, "key has no private part");
  if (encryption.has_value()) {
    if (format == PrivateKeyFormat::kPkcs8) return SaveEncryptedPkcs8(key, encoding, *encryption);
    if (encoding == Encoding::kDer) {
      return Status(ErrorCode::kInvalidArgument, "traditional DER keys cannot be encrypted");
    }
    return SaveTraditionalEncryptedPem(key, *encryption);
  }
  ClearErrorQueue();
  SslUniquePtr<BIO> out = NewMemBio();
  if (!out) return ErrorFromQueue(ErrorCode::kInternal, "BIO_new");
  int ok = 0;
  if (format == PrivateKeyFormat::kPkcs8) {
    ok = encoding == Encoding::kPem ? PEM_write_bio_PKCS8PrivateKey(out.get(), key.get0(), nullptr,
                                                                    nullptr, 0, nullptr, nullptr)
                                    : i2d_PKCS8PrivateKey_bio(out.get(), key.get0(), nullptr,
                                                              nullptr, 0, nullptr, nullptr);
  } else {
    ok = encoding == Encoding::kPem
             ? PEM_write_bio_PrivateKey_traditional(out.get(), key.get0(), nullptr, nullptr, 0,
                                                    nullptr, nullptr)
             : i2d_PrivateKey_bio(out.get(), key.get0());
  }
  if (ok != 1) return ErrorFromQueue(ErrorCode::kInternal, "writing the private key");
  return MemBioContents(out.get());
}

StatusOr<Bytes> SavePublicKey(const Key& key, Encoding encoding) {
  ClearErrorQueue();
  SslUniquePtr<BIO> out = NewMemBio();
  if (!out) return ErrorFromQueue(ErrorCode::kInternal, "BIO_new");
  int ok = encoding == Encoding::kPem ? PEM_write_bio_PUBKEY(out.get(), key.get0())
                                      : i2d_PUBKEY_bio(out.get(), key.get0());
  if (ok != 1) return ErrorFromQueue(ErrorCode::kInternal, "writing the public key");
  return MemBioContents(out.get());
}

StatusOr<Bytes> KeyText(const Key& key) {
  ClearErrorQueue();
  SslUniquePtr<BIO> out = NewMemBio();
  if (!out) return ErrorFromQueue(ErrorCode::kInternal, "BIO_new");
  int ok = key.has_private() ? EVP_PKEY_print_private(out.get(), key.get0(), 0, nullptr)
                             : EVP_PKEY_print_public(out.get(), key.get0(), 0, nullptr);
  if (ok != 1) return ErrorFromQueue(ErrorCode::kInternal, "printing the key");
  return MemBioContents(out.get());
}

bool IsKnownCipher(std::string_view name) {
  bool legacy = false;
  bool ok = FetchKeyCipher(name, &legacy).ok();
  ClearErrorQueue();
  return ok;
}

}  // namespace cryptoshim
