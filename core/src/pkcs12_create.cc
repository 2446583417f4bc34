// PKCS#12 creation with the widely readable algorithm choice (3DES for keys
// and certificates, SHA-1 MAC) that older PKCS#12 readers require.
#include <openssl/objects.h>
#include <openssl/pkcs12.h>

#include "cryptoshim/error_queue.h"
#include "cryptoshim/pkcs12.h"

namespace cryptoshim {

StatusOr<Bytes> CreatePkcs12(const Key* key, const Certificate* certificate,
                             const std::vector<const Certificate*>* ca_certificates,
                             const Pkcs12Options& options) {
  ClearErrorQueue();
  // The stack borrows the certificates (sk_X509_free, not pop_free):
  // PKCS12_create copies what it needs.
  std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> ca(
      nullptr, [](STACK_OF(X509) * s) { sk_X509_free(s); });
  if (ca_certificates != nullptr) {
    ca.reset(sk_X509_new_null());
    if (!ca) return ErrorFromQueue(ErrorCode::kInternal, "sk_X509_new_null");
    for (const Certificate* c : *ca_certificates) {
      if (sk_X509_push(ca.get(), c->get0()) <= 0) {
        return ErrorFromQueue(ErrorCode::kInternal, "sk_X509_push");
      }
    }
  }
  const char* pass = options.password ? options.password->c_str() : nullptr;
  const char* name = options.friendly_name ? options.friendly_name->c_str() : nullptr;
  SslUniquePtr<PKCS12> p12(PKCS12_create(
      pass, name, key ? key->get0() : nullptr, certificate ? certificate->get0() : nullptr,
      ca.get(), NID_pbe_WithSHA1And3_Key_TripleDES_CBC, NID_pbe_WithSHA1And3_Key_TripleDES_CBC,
      options.iterations, options.mac_iterations, 0));
  if (!p12) return ErrorFromQueue(ErrorCode::kInternal, "PKCS12_create");
  SslUniquePtr<BIO> bio = NewMemBio();
  if (!bio || i2d_PKCS12_bio(bio.get(), p12.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "i2d_PKCS12_bio");
  }
  return MemBioContents(bio.get());
}

}  // namespace cryptoshim
