// RAII for every OpenSSL type the core touches, in the style of Tink's
// internal/ssl_unique_ptr.h: SslUniquePtr<T> frees with T's own free function.
#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/param_build.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace cryptoshim {

template <typename T>
struct SslDeleter;

// `type` is a type name, which cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define CRYPTOSHIM_MAKE_DELETER(type, free_fn)     \
  template <>                                      \
  struct SslDeleter<type> {                        \
    void operator()(type* p) const { free_fn(p); } \
  };
// NOLINTEND(bugprone-macro-parentheses)

CRYPTOSHIM_MAKE_DELETER(BIO, BIO_free_all)
CRYPTOSHIM_MAKE_DELETER(BIO_ADDR, BIO_ADDR_free)
CRYPTOSHIM_MAKE_DELETER(BIGNUM, BN_clear_free)
CRYPTOSHIM_MAKE_DELETER(BN_CTX, BN_CTX_free)
CRYPTOSHIM_MAKE_DELETER(EVP_MD, EVP_MD_free)
CRYPTOSHIM_MAKE_DELETER(EVP_MD_CTX, EVP_MD_CTX_free)
CRYPTOSHIM_MAKE_DELETER(EVP_MAC, EVP_MAC_free)
CRYPTOSHIM_MAKE_DELETER(EVP_MAC_CTX, EVP_MAC_CTX_free)
CRYPTOSHIM_MAKE_DELETER(EVP_CIPHER, EVP_CIPHER_free)
CRYPTOSHIM_MAKE_DELETER(EVP_CIPHER_CTX, EVP_CIPHER_CTX_free)
CRYPTOSHIM_MAKE_DELETER(EVP_PKEY, EVP_PKEY_free)
CRYPTOSHIM_MAKE_DELETER(EVP_PKEY_CTX, EVP_PKEY_CTX_free)
CRYPTOSHIM_MAKE_DELETER(X509, X509_free)
CRYPTOSHIM_MAKE_DELETER(X509_NAME, X509_NAME_free)
CRYPTOSHIM_MAKE_DELETER(X509_NAME_ENTRY, X509_NAME_ENTRY_free)
CRYPTOSHIM_MAKE_DELETER(X509_EXTENSION, X509_EXTENSION_free)
CRYPTOSHIM_MAKE_DELETER(X509_REQ, X509_REQ_free)
CRYPTOSHIM_MAKE_DELETER(X509_CRL, X509_CRL_free)
CRYPTOSHIM_MAKE_DELETER(X509_REVOKED, X509_REVOKED_free)
CRYPTOSHIM_MAKE_DELETER(X509_STORE, X509_STORE_free)
CRYPTOSHIM_MAKE_DELETER(X509_STORE_CTX, X509_STORE_CTX_free)
CRYPTOSHIM_MAKE_DELETER(X509_VERIFY_PARAM, X509_VERIFY_PARAM_free)
// ASN1_INTEGER, ASN1_TIME, ASN1_OCTET_STRING... are all typedefs of
// ASN1_STRING, so one deleter serves them.
CRYPTOSHIM_MAKE_DELETER(ASN1_STRING, ASN1_STRING_free)
CRYPTOSHIM_MAKE_DELETER(ASN1_OBJECT, ASN1_OBJECT_free)
CRYPTOSHIM_MAKE_DELETER(PKCS12, PKCS12_free)
CRYPTOSHIM_MAKE_DELETER(PKCS7, PKCS7_free)
CRYPTOSHIM_MAKE_DELETER(NETSCAPE_SPKI, NETSCAPE_SPKI_free)
CRYPTOSHIM_MAKE_DELETER(GENERAL_NAMES, GENERAL_NAMES_free)
CRYPTOSHIM_MAKE_DELETER(OSSL_LIB_CTX, OSSL_LIB_CTX_free)
CRYPTOSHIM_MAKE_DELETER(OSSL_DECODER_CTX, OSSL_DECODER_CTX_free)
CRYPTOSHIM_MAKE_DELETER(PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free)
CRYPTOSHIM_MAKE_DELETER(X509_SIG, X509_SIG_free)
CRYPTOSHIM_MAKE_DELETER(OSSL_PARAM_BLD, OSSL_PARAM_BLD_free)
CRYPTOSHIM_MAKE_DELETER(OSSL_PARAM, OSSL_PARAM_free)

#undef CRYPTOSHIM_MAKE_DELETER

// Stacks own their elements; freeing pops and frees each one.
struct X509StackDeleter {
  void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;
struct X509NameStackDeleter {
  void operator()(STACK_OF(X509_NAME) * s) const { sk_X509_NAME_pop_free(s, X509_NAME_free); }
};
using X509NameStackPtr = std::unique_ptr<STACK_OF(X509_NAME), X509NameStackDeleter>;

template <typename T>
using SslUniquePtr = std::unique_ptr<T, SslDeleter<T>>;

}  // namespace cryptoshim
