#include "cryptoshim/pkcs7.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include "catch_compat.h"

namespace cryptoshim {
namespace {

SslUniquePtr<X509> SelfSigned(const char* cn) {
  SslUniquePtr<EVP_PKEY> pkey(EVP_EC_gen("P-256"));
  REQUIRE(pkey);
  SslUniquePtr<X509> x509(X509_new());
  X509_set_version(x509.get(), 2);
  X509_gmtime_adj(X509_getm_notBefore(x509.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(x509.get()), 3600);
  X509_NAME* name = X509_get_subject_name(x509.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn),
                             -1, -1, 0);
  X509_set_issuer_name(x509.get(), name);
  X509_set_pubkey(x509.get(), pkey.get());
  REQUIRE(X509_sign(x509.get(), pkey.get(), EVP_sha256()) > 0);
  return x509;
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
