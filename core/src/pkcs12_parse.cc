// PKCS#12 parsing. OpenSSL 3's default provider has no RC2/RC4/single-DES,
// which most archives written before 2020 use for the certificate bag. For
// those we retry in a private library context that also loads the "legacy"
// provider, so the process-wide default context never gains legacy
// algorithms.
#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>

#include <mutex>

#include "cryptoshim/error_queue.h"
#include "cryptoshim/legacy_provider.h"
#include "cryptoshim/pkcs12.h"
#include "pbe_cost.h"
#include "pkcs12_password.h"

namespace cryptoshim {
namespace {

// Legacy PKCS#12 files (RC2-40) are retried in the shared private context
// with the legacy provider (legacy_provider.h), never the default one.
OSSL_LIB_CTX* LegacyLibCtx() { return LegacyProviderLibCtx(); }

// A fetch failure for a cipher/PBE the context lacks (RC2-40-CBC, ...), as
// opposed to a wrong password or a malformed archive.
bool IsUnsupportedAlgorithm(const std::vector<OpenSslError>& errors) {
  for (const OpenSslError& e : errors) {
    int reason = ERR_GET_REASON(e.code);
    if (reason == ERR_R_UNSUPPORTED) return true;
    if (ERR_GET_LIB(e.code) == ERR_LIB_EVP &&
        (reason == EVP_R_UNSUPPORTED_ALGORITHM || reason == EVP_R_UNSUPPORTED_CIPHER ||
         reason == EVP_R_UNKNOWN_CIPHER)) {
      return true;
    }
  }
  return false;
}

bool IsBadPassword(const std::vector<OpenSslError>& errors) {
  for (const OpenSslError& e : errors) {
    if (ERR_GET_LIB(e.code) == ERR_LIB_PKCS12 &&
        (ERR_GET_REASON(e.code) == PKCS12_R_MAC_VERIFY_FAILURE ||
         ERR_GET_REASON(e.code) == PKCS12_R_PKCS12_CIPHERFINAL_ERROR ||
         ERR_GET_REASON(e.code) == PKCS12_R_DECODE_ERROR)) {
      return true;
    }
  }
  return false;
}

// Re-wraps the authenticated safes of `p12` in a new PKCS12 bound to `ctx`, so
// PKCS12_parse decrypts with `ctx`'s algorithms. The MAC is recomputed over
// the same contents with the same effective password once the original MAC
// has been checked with the caller's password, so the check is not weakened.
StatusOr<SslUniquePtr<PKCS12>> RebindToContext(PKCS12* p12, const char* pass, OSSL_LIB_CTX* ctx) {
  const char* effective = nullptr;
  bool has_mac = PKCS12_mac_present(p12) == 1;
  if (!ResolvePkcs12Password(p12, pass, &effective)) {
    ERR_raise(ERR_LIB_PKCS12, PKCS12_R_MAC_VERIFY_FAILURE);
    return ErrorFromQueue(ErrorCode::kBadPassword, "PKCS#12 MAC verification failed");
  }
  STACK_OF(PKCS7)* safes = PKCS12_unpack_authsafes(p12);
  if (safes == nullptr) return ErrorFromQueue(ErrorCode::kParse, "PKCS12_unpack_authsafes");
  SslUniquePtr<PKCS12> rebound(PKCS12_add_safes_ex(safes, 0, ctx, nullptr));
  sk_PKCS7_pop_free(safes, PKCS7_free);
  if (!rebound) return ErrorFromQueue(ErrorCode::kInternal, "PKCS12_add_safes_ex");
  if (has_mac) {
    int len = effective == nullptr ? 0 : -1;
    if (PKCS12_set_mac(rebound.get(), effective, len, nullptr, 0, 1, nullptr) != 1) {
      return ErrorFromQueue(ErrorCode::kInternal, "PKCS12_set_mac");
    }
  }
  return rebound;
}

StatusOr<Pkcs12Contents> Unpack(PKCS12* p12, const char* pass) {
  // The KDF work the file asks for, before PKCS12_parse runs it (pbe_cost.h).
  CS_RETURN_IF_ERROR(CheckPkcs12Cost(p12, pass));
  EVP_PKEY* raw_key = nullptr;
  X509* raw_cert = nullptr;
  STACK_OF(X509)* raw_ca = nullptr;
  if (PKCS12_parse(p12, pass, &raw_key, &raw_cert, &raw_ca) != 1) {
    std::vector<OpenSslError> errors = DrainErrorQueue();
    ErrorCode code = IsBadPassword(errors)            ? ErrorCode::kBadPassword
                     : IsUnsupportedAlgorithm(errors) ? ErrorCode::kUnsupported
                                                      : ErrorCode::kParse;
    return Status(code, "PKCS12_parse failed", std::move(errors));
  }
  SslUniquePtr<EVP_PKEY> key(raw_key);
  SslUniquePtr<X509> cert(raw_cert);
  X509StackPtr ca(raw_ca);
  // PKCS12_parse can leave harmless entries (X509_check_private_key) behind.
  ClearErrorQueue();

  Pkcs12Contents out;
  if (cert) {
    int length = 0;
    const unsigned char* alias = X509_alias_get0(cert.get(), &length);
    if (alias != nullptr) {
      out.friendly_name = Bytes(reinterpret_cast<const char*>(alias), length);
    }
    out.certificate.emplace(std::move(cert));
  }
  if (key) out.key.emplace(std::move(key), /*has_private=*/true);
  while (ca && sk_X509_num(ca.get()) > 0) {
    out.ca_certificates.emplace_back(SslUniquePtr<X509>(sk_X509_shift(ca.get())));
  }
  return out;
}

}  // namespace

StatusOr<Pkcs12Contents> ParsePkcs12(BytesView der, const std::optional<std::string>& password) {
  ClearErrorQueue();
  SslUniquePtr<BIO> bio = ReadOnlyMemBio(der);
  if (!bio) return ErrorFromQueue(ErrorCode::kInternal, "BIO_new_mem_buf");
  SslUniquePtr<PKCS12> p12(d2i_PKCS12_bio(bio.get(), nullptr));
  if (!p12) return ErrorFromQueue(ErrorCode::kParse, "could not parse the PKCS#12 data");

  // Both "no password" and "" become NULL: PKCS12_parse then tries the
  // absent and the empty password against the MAC (files differ in which).
  const char* pass = (password.has_value() && !password->empty()) ? password->c_str() : nullptr;
  StatusOr<Pkcs12Contents> result = Unpack(p12.get(), pass);
  if (result.ok() || result.status().code() != ErrorCode::kUnsupported) return result;

  OSSL_LIB_CTX* legacy = LegacyLibCtx();
  if (legacy == nullptr) return result;  // no legacy provider installed
  StatusOr<SslUniquePtr<PKCS12>> rebound = RebindToContext(p12.get(), pass, legacy);
  if (!rebound.ok()) return rebound.status();
  return Unpack(rebound->get(), pass);
}

}  // namespace cryptoshim
