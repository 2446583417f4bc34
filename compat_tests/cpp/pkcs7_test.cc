#include "cryptoshim/pkcs7.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include "catch_compat.h"
#include "test_support.h"

namespace cryptoshim {
namespace {

SslUniquePtr<X509> SelfSigned(const char* cn) {
  test::CertSpec spec;
  spec.cn = cn;
  return SslUniquePtr<X509>(test::IssueCert(spec).cert.get1());
}

// A certs-only ("degenerate") signedData bag, as `openssl crl2pkcs7` writes.
Bytes CertsOnlyBag(X509* a, X509* b, bool pem) {
  SslUniquePtr<PKCS7> p7(PKCS7_new());
  REQUIRE(PKCS7_set_type(p7.get(), NID_pkcs7_signed) == 1);
  REQUIRE(PKCS7_content_new(p7.get(), NID_pkcs7_data) == 1);
  REQUIRE(PKCS7_add_certificate(p7.get(), a) == 1);
  REQUIRE(PKCS7_add_certificate(p7.get(), b) == 1);
  SslUniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  REQUIRE((pem ? PEM_write_bio_PKCS7(bio.get(), p7.get()) : i2d_PKCS7_bio(bio.get(), p7.get())) ==
          1);
  return MemBioContents(bio.get());
}

TEST_CASE("PKCS#7 signed bag: type predicates and certificates, PEM and DER", "[pkcs7]") {
  SslUniquePtr<X509> a = SelfSigned("first");
  SslUniquePtr<X509> b = SelfSigned("second");
  for (bool pem : {true, false}) {
    auto p7 =
        Pkcs7::Parse(CertsOnlyBag(a.get(), b.get(), pem), pem ? Encoding::kPem : Encoding::kDer);
    REQUIRE(p7.ok());
    CHECK(p7->is_signed());
    CHECK_FALSE(p7->is_enveloped());
    CHECK_FALSE(p7->is_signed_and_enveloped());
    CHECK_FALSE(p7->is_data());
    CHECK(p7->type_name() == "pkcs7-signedData");
    auto certs = p7->Certificates();
    REQUIRE(certs.ok());
    REQUIRE(certs->size() == 2);
    CHECK(X509_cmp((*certs)[0].get0(), a.get()) == 0);
    CHECK(X509_cmp((*certs)[1].get0(), b.get()) == 0);
  }
}

TEST_CASE("PKCS#7 data bag has no certificates, garbage is kParse", "[pkcs7]") {
  SslUniquePtr<PKCS7> p7(PKCS7_new());
  REQUIRE(PKCS7_set_type(p7.get(), NID_pkcs7_data) == 1);
  SslUniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  REQUIRE(i2d_PKCS7_bio(bio.get(), p7.get()) == 1);
  auto parsed = Pkcs7::Parse(MemBioContents(bio.get()), Encoding::kDer);
  REQUIRE(parsed.ok());
  CHECK(parsed->is_data());
  CHECK(parsed->type_name() == "pkcs7-data");
  CHECK(parsed->Certificates()->empty());

  auto bad = Pkcs7::Parse("foo", Encoding::kPem);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == ErrorCode::kParse);
  CHECK_FALSE(bad.status().openssl_errors().empty());
}

TEST_CASE("PKCS#7: an empty container and adding certificates to a signed bag", "[pkcs7]") {
  auto empty = Pkcs7::New();
  REQUIRE(empty.ok());
  CHECK(empty->type_nid() == NID_undef);
  CHECK_FALSE(empty->AddCertificate(Certificate(SelfSigned("a"))).ok());
  SslUniquePtr<X509> a = SelfSigned("a"), b = SelfSigned("b");
  auto bag = Pkcs7::Parse(CertsOnlyBag(a.get(), b.get(), false), Encoding::kDer);
  REQUIRE(bag.ok());
  REQUIRE(bag->AddCertificate(Certificate(SelfSigned("c"))).ok());
  CHECK(bag->Certificates()->size() == 3);
}

}  // namespace
}  // namespace cryptoshim
