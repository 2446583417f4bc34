#include "cryptoshim/certificate.h"

#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "catch_compat.h"

namespace cryptoshim {
namespace {

Key NewEcKey() {
  SslUniquePtr<EVP_PKEY> pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  REQUIRE(pkey);
  return Key(std::move(pkey), true);
}

Certificate SelfSigned(const Key& key) {
  auto cert = Certificate::New();
  REQUIRE(cert.ok());
  REQUIRE(cert->SetVersion(2).ok());
  REQUIRE(cert->SetSerialHex("1F").ok());
  auto subject = cert->Subject();
  REQUIRE(subject.SetEntry(NID_commonName, "example.test").ok());
  REQUIRE(cert->SetIssuer(subject).ok());
  REQUIRE(cert->AdjustNotBefore(0).ok());
  REQUIRE(cert->AdjustNotAfter(3600).ok());
  REQUIRE(cert->SetPublicKey(key).ok());
  REQUIRE(cert->Sign(key, "sha256").ok());
  return std::move(cert).value();
}

TEST_CASE("a fresh certificate has pyOpenSSL's empty defaults", "[certificate]") {
  auto cert = Certificate::New();
  REQUIRE(cert.ok());
  CHECK(cert->version() == 0);
  CHECK(*cert->SerialHex() == "0");
  CHECK_FALSE(cert->NotBefore().has_value());
  CHECK_FALSE(cert->NotAfter().has_value());
  CHECK(cert->HasExpired().status().code() == ErrorCode::kInvalidArgument);
  CHECK(cert->ExtensionCount() == 0);
  CHECK(cert->PublicKey().status().code() == ErrorCode::kParse);
}

TEST_CASE("a signed certificate round-trips through PEM and DER", "[certificate]") {
  Key key = NewEcKey();
  Certificate cert = SelfSigned(key);
  auto pem = cert.ToPem();
  REQUIRE(pem.ok());
  CHECK(pem->rfind("-----BEGIN CERTIFICATE-----", 0) == 0);
  auto parsed = Certificate::Parse(*pem, Encoding::kPem);
  REQUIRE(parsed.ok());
  CHECK(*parsed->ToDer() == *cert.ToDer());
  auto from_der = Certificate::Parse(*cert.ToDer(), Encoding::kDer);
  REQUIRE(from_der.ok());
  CHECK(*from_der->SerialHex() == "1F");
  CHECK(from_der->version() == 2);
  CHECK(*from_der->SignatureAlgorithm() == "ecdsa-with-SHA256");
  CHECK(*from_der->Subject().GetEntry(NID_commonName) ==
        std::optional<std::string>("example.test"));
  CHECK(from_der->HasExpired().ok());
  CHECK_FALSE(*from_der->HasExpired());
  auto text = from_der->ToText();
  REQUIRE(text.ok());
  CHECK(text->find("Subject: CN=example.test") != std::string::npos);
  auto pub = from_der->PublicKey();
  REQUIRE(pub.ok());
  CHECK_FALSE(pub->has_private());
  CHECK(EVP_PKEY_eq(pub->get0(), key.get0()) == 1);
}

TEST_CASE("malformed input is kParse with OpenSSL's reasons", "[certificate]") {
  auto pem = Certificate::Parse("not a certificate", Encoding::kPem);
  CHECK(pem.status().code() == ErrorCode::kParse);
  CHECK_FALSE(pem.status().openssl_errors().empty());
  auto der = Certificate::Parse(std::string("\x30\x03\x02\x01", 4), Encoding::kDer);
  CHECK(der.status().code() == ErrorCode::kParse);
}

TEST_CASE("times are GeneralizedTime text and reject garbage", "[certificate]") {
  auto cert = Certificate::New();
  REQUIRE(cert.ok());
  REQUIRE(cert->SetNotBefore("20200102030405Z").ok());
  CHECK(*cert->NotBefore() == "20200102030405Z");
  // UTCTime input is reported in GeneralizedTime form, as pyOpenSSL does.
  REQUIRE(cert->SetNotAfter("300102030405Z").ok());
  CHECK(*cert->NotAfter() == "20300102030405Z");
  CHECK(cert->SetNotBefore("2020").code() == ErrorCode::kInvalidArgument);
  CHECK(*cert->NotBefore() == "20200102030405Z");
  REQUIRE(cert->SetNotAfter("20000101000000Z").ok());
  CHECK(*cert->HasExpired());
}

TEST_CASE("serials of any size round-trip", "[certificate]") {
  auto cert = Certificate::New();
  REQUIRE(cert.ok());
  const std::string big = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF";
  REQUIRE(cert->SetSerialHex(big).ok());
  CHECK(*cert->SerialHex() == big);
  CHECK(cert->SetSerialHex("xyz").code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("subject views are live and outlive the certificate", "[certificate]") {
  std::optional<X509Name> view;
  {
    auto cert = Certificate::New();
    REQUIRE(cert.ok());
    view = cert->Subject();
    REQUIRE(view->SetEntry(NID_commonName, "a").ok());
    CHECK(*cert->Subject().GetEntry(NID_commonName) == std::optional<std::string>("a"));
    auto replacement = X509Name::New();
    REQUIRE(replacement.ok());
    REQUIRE(replacement->SetEntry(NID_organizationName, "b").ok());
    REQUIRE(cert->SetSubject(*replacement).ok());
    // The view follows the replaced field instead of dangling.
    CHECK(view->GetEntry(NID_commonName)->has_value() == false);
    CHECK(*view->GetEntry(NID_organizationName) == std::optional<std::string>("b"));
  }
  CHECK(view->OneLine() == "/O=b");
}

TEST_CASE("fingerprints and digests resolve names like EVP_get_digestbyname", "[certificate]") {
  Key key = NewEcKey();
  Certificate cert = SelfSigned(key);
  CHECK(cert.Fingerprint("sha256")->size() == 32);
  CHECK(*cert.Fingerprint("RSA-SHA256") == *cert.Fingerprint("SHA256"));
  CHECK(cert.Fingerprint("md5")->size() == 16);
  CHECK(cert.Fingerprint("nope").status().code() == ErrorCode::kUnsupported);
  CHECK(cert.Sign(key, "nope").code() == ErrorCode::kUnsupported);
  CHECK(cert.SubjectNameHash() == cert.Subject().Hash());
}

TEST_CASE("Ed25519 certificates sign without a digest", "[certificate]") {
  SslUniquePtr<EVP_PKEY> pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  REQUIRE(pkey);
  Key key(std::move(pkey), true);
  auto cert = Certificate::New();
  REQUIRE(cert.ok());
  REQUIRE(cert->SetPublicKey(key).ok());
  REQUIRE(cert->Sign(key, "sha256").ok());
  CHECK(*cert->SignatureAlgorithm() == "ED25519");
}

TEST_CASE("extensions are added, counted and copied out", "[certificate][extension]") {
  Key key = NewEcKey();
  Certificate cert = SelfSigned(key);
  auto bc = X509Extension::Create("basicConstraints", true, "CA:TRUE, pathlen:1");
  REQUIRE(bc.ok());
  CHECK(bc->critical());
  CHECK(bc->short_name() == "basicConstraints");
  CHECK(*bc->ToText() == "CA:TRUE, pathlen:1");
  CHECK(bc->data() == std::string("\x30\x06\x01\x01\xff\x02\x01\x01", 8));
  auto ski = X509Extension::Create("subjectKeyIdentifier", false, "hash", &cert);
  REQUIRE(ski.ok());
  REQUIRE(cert.AddExtension(*bc).ok());
  REQUIRE(cert.AddExtension(*ski).ok());
  CHECK(cert.ExtensionCount() == 2);
  auto second = cert.Extension(1);
  REQUIRE(second.ok());
  CHECK(second->nid() == NID_subject_key_identifier);
  CHECK_FALSE(second->critical());
  CHECK(cert.Extension(2).status().code() == ErrorCode::kInvalidArgument);
  CHECK(cert.Extension(-1).status().code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("extension creation failures carry OpenSSL's reasons", "[extension]") {
  auto unknown = X509Extension::Create("noSuchExtension", false, "x");
  CHECK(unknown.status().code() == ErrorCode::kInvalidArgument);
  CHECK_FALSE(unknown.status().openssl_errors().empty());
  // subjectKeyIdentifier=hash needs a subject certificate.
  CHECK_FALSE(X509Extension::Create("subjectKeyIdentifier", false, "hash").ok());
}

TEST_CASE("subjectAltName text keeps embedded NULs", "[extension]") {
  auto san = X509Extension::Create("subjectAltName", false, "DNS:a.example, IP:192.0.2.1");
  REQUIRE(san.ok());
  CHECK(*san->ToText() == "DNS:a.example, IP Address:192.0.2.1");
  // Build a DNS name holding a NUL, which the config syntax cannot express.
  SslUniquePtr<GENERAL_NAMES> names(GENERAL_NAMES_new());
  GENERAL_NAME* gn = GENERAL_NAME_new();
  ASN1_IA5STRING* ia5 = ASN1_IA5STRING_new();
  REQUIRE(ASN1_STRING_set(ia5, "a\0b", 3) == 1);
  GENERAL_NAME_set0_value(gn, GEN_DNS, ia5);
  sk_GENERAL_NAME_push(names.get(), gn);
  X509Extension ext(
      SslUniquePtr<X509_EXTENSION>(X509V3_EXT_i2d(NID_subject_alt_name, 0, names.get())));
  CHECK(*ext.ToText() == std::string("DNS:a\0b", 7));
}

}  // namespace
}  // namespace cryptoshim
