#include "cryptoshim/pkcs12.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include "catch_compat.h"
#include "test_support.h"

namespace cryptoshim {
namespace {

using Identity = test::TestCert;

Identity MakeIdentity(const char* cn) {
  test::CertSpec spec;
  spec.cn = cn;
  spec.serial = 7;
  return test::IssueCert(spec);
}

TEST_CASE("PKCS#12 round trip keeps key, certificate, CAs and friendly name", "[pkcs12]") {
  Identity leaf = MakeIdentity("leaf");
  Identity ca = MakeIdentity("ca");
  std::vector<const Certificate*> cas = {&ca.cert};
  Pkcs12Options options;
  options.password = "secret";
  options.friendly_name = "my name";
  options.iterations = 2;
  options.mac_iterations = 3;
  auto der = CreatePkcs12(&leaf.key, &leaf.cert, &cas, options);
  REQUIRE(der.ok());

  auto parsed = ParsePkcs12(*der, std::string("secret"));
  REQUIRE(parsed.ok());
  REQUIRE(parsed->key.has_value());
  REQUIRE(parsed->certificate.has_value());
  CHECK(EVP_PKEY_eq(parsed->key->get0(), leaf.key.get0()) == 1);
  CHECK(X509_cmp(parsed->certificate->get0(), leaf.cert.get0()) == 0);
  CHECK(parsed->friendly_name == std::optional<Bytes>("my name"));
  REQUIRE(parsed->ca_certificates.size() == 1);
  CHECK(X509_cmp(parsed->ca_certificates[0].get0(), ca.cert.get0()) == 0);
}

TEST_CASE("PKCS#12 wrong password is kBadPassword and garbage is kParse", "[pkcs12]") {
  Identity leaf = MakeIdentity("leaf");
  Pkcs12Options options;
  options.password = "right";
  auto der = CreatePkcs12(&leaf.key, &leaf.cert, nullptr, options);
  REQUIRE(der.ok());
  auto wrong = ParsePkcs12(*der, std::string("wrong"));
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().code() == ErrorCode::kBadPassword);
  CHECK_FALSE(wrong.status().openssl_errors().empty());

  auto garbage = ParsePkcs12("fruit loops", std::string("x"));
  REQUIRE_FALSE(garbage.ok());
  CHECK(garbage.status().code() == ErrorCode::kParse);
  REQUIRE_FALSE(garbage.status().openssl_errors().empty());
  CHECK(garbage.status().openssl_errors()[0].library == "asn1 encoding routines");
}

TEST_CASE("PKCS#12 without a password opens with none or empty", "[pkcs12]") {
  Identity leaf = MakeIdentity("leaf");
  for (std::optional<std::string> dump_pass :
       {std::optional<std::string>(), std::optional<std::string>("")}) {
    Pkcs12Options options;
    options.password = dump_pass;
    auto der = CreatePkcs12(&leaf.key, &leaf.cert, nullptr, options);
    REQUIRE(der.ok());
    CHECK(ParsePkcs12(*der, std::nullopt).ok());
    CHECK(ParsePkcs12(*der, std::string("")).ok());
  }
}

TEST_CASE("PKCS#12 maciter -1 writes no MAC", "[pkcs12]") {
  Identity leaf = MakeIdentity("leaf");
  Pkcs12Options options;
  options.password = "pw";
  options.mac_iterations = -1;
  auto der = CreatePkcs12(&leaf.key, &leaf.cert, nullptr, options);
  REQUIRE(der.ok());
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der->data());
  SslUniquePtr<PKCS12> p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der->size())));
  REQUIRE(p12);
  CHECK(PKCS12_mac_present(p12.get()) == 0);
}

TEST_CASE("legacy RC2 PKCS#12 parses without touching the default context", "[pkcs12]") {
  OSSL_LIB_CTX* ctx = OSSL_LIB_CTX_new();
  REQUIRE(ctx != nullptr);
  OSSL_PROVIDER* legacy = OSSL_PROVIDER_load(ctx, "legacy");
  OSSL_PROVIDER* deflt = OSSL_PROVIDER_load(ctx, "default");
  if (legacy == nullptr || deflt == nullptr) {
    OSSL_LIB_CTX_free(ctx);
    WARN("legacy provider not installed; skipping");
    return;
  }
  Identity leaf = MakeIdentity("legacy");
  Bytes der;
  {
    SslUniquePtr<PKCS12> p12(PKCS12_create_ex("pw", "old", leaf.key.get0(), leaf.cert.get0(),
                                              nullptr, NID_pbe_WithSHA1And3_Key_TripleDES_CBC,
                                              NID_pbe_WithSHA1And40BitRC2_CBC, 2048, 1, 0, ctx,
                                              nullptr));
    REQUIRE(p12);
    unsigned char* out = nullptr;
    int len = i2d_PKCS12(p12.get(), &out);
    REQUIRE(len > 0);
    der.assign(reinterpret_cast<char*>(out), len);
    OPENSSL_free(out);
  }
  OSSL_PROVIDER_unload(legacy);
  OSSL_PROVIDER_unload(deflt);
  OSSL_LIB_CTX_free(ctx);

  // The default context cannot decrypt RC2 ...
  CHECK(EVP_CIPHER_fetch(nullptr, "RC2-40-CBC", nullptr) == nullptr);
  ERR_clear_error();
  // ... yet the archive opens, and the default context still has no RC2.
  auto parsed = ParsePkcs12(der, std::string("pw"));
  REQUIRE(parsed.ok());
  REQUIRE(parsed->certificate.has_value());
  CHECK(X509_cmp(parsed->certificate->get0(), leaf.cert.get0()) == 0);
  CHECK(parsed->friendly_name == std::optional<Bytes>("old"));
  REQUIRE(parsed->key.has_value());
  CHECK(EVP_PKEY_eq(parsed->key->get0(), leaf.key.get0()) == 1);
  CHECK(EVP_CIPHER_fetch(nullptr, "RC2-40-CBC", nullptr) == nullptr);
  ERR_clear_error();
  // The MAC is still checked on the fallback path.
  CHECK(ParsePkcs12(der, std::string("nope")).status().code() == ErrorCode::kBadPassword);
}

}  // namespace
}  // namespace cryptoshim
