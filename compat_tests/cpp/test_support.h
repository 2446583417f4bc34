// The one certificate factory of the Catch2 tests: a fresh key (P-256, or RSA)
// and a certificate for it, self-signed or issued by another test
// certificate, with the extensions a test asks for. Tests that exercise the
// Certificate API itself build theirs through that API instead.
#ifndef CRYPTOSHIM_COMPAT_TESTS_TEST_SUPPORT_H_
#define CRYPTOSHIM_COMPAT_TESTS_TEST_SUPPORT_H_

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catch_compat.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/key.h"
#include "cryptoshim/ssl_unique_ptr.h"

namespace cryptoshim::test {

struct CertSpec {
  std::string cn = "test";
  long serial = 1;
  // (nid, X509V3 configuration value), added in this order.
  std::vector<std::pair<int, std::string>> extensions;
  const char* curve = "P-256";
  int rsa_bits = 0;  // non-zero: an RSA key of this size instead of EC
  const char* digest = "SHA256";
  // Seconds since the epoch; unset: an hour ago and a day from now.
  std::optional<int64_t> not_before;
  std::optional<int64_t> not_after;
  EVP_PKEY* reuse_key = nullptr;  // borrowed: certify this key instead of a new one
};

struct TestCert {
  Key key;
  Certificate cert;
};

// `issuer` null makes the certificate self-signed.
inline TestCert IssueCert(const CertSpec& s, const TestCert* issuer = nullptr) {
  SslUniquePtr<EVP_PKEY> key;
  if (s.reuse_key != nullptr) {
    EVP_PKEY_up_ref(s.reuse_key);
    key.reset(s.reuse_key);
  } else {
    key.reset(s.rsa_bits ? EVP_RSA_gen(static_cast<unsigned>(s.rsa_bits)) : EVP_EC_gen(s.curve));
  }
  REQUIRE(key);
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  SslUniquePtr<X509> x(X509_new());
  REQUIRE(x);
  X509_set_version(x.get(), X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), s.serial);
  ASN1_TIME_set(X509_getm_notBefore(x.get()),
                static_cast<time_t>(s.not_before.value_or(now - 3600)));
  ASN1_TIME_set(X509_getm_notAfter(x.get()),
                static_cast<time_t>(s.not_after.value_or(now + 86400)));
  X509_NAME* name = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(s.cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(x.get(), issuer ? X509_get_subject_name(issuer->cert.get0()) : name);
  X509_set_pubkey(x.get(), key.get());
  X509V3_CTX v3;
  X509V3_set_ctx(&v3, issuer ? issuer->cert.get0() : x.get(), x.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] : s.extensions) {
    SslUniquePtr<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &v3, nid, value.c_str()));
    REQUIRE(ext);
    REQUIRE(X509_add_ext(x.get(), ext.get(), -1) == 1);
  }
  EVP_PKEY* signer = issuer ? issuer->key.get0() : key.get();
  REQUIRE(X509_sign(x.get(), signer, EVP_get_digestbyname(s.digest)) > 0);
  return TestCert{Key(std::move(key), /*has_private=*/true), Certificate(std::move(x))};
}

}  // namespace cryptoshim::test

#endif  // CRYPTOSHIM_COMPAT_TESTS_TEST_SUPPORT_H_
