#include "cryptoshim/crl.h"

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "catch_compat.h"
#include "cryptoshim/crl_checks.h"
#include "test_support.h"

namespace cryptoshim {
namespace {

// A throwaway RSA key and self-signed CA certificate for signing CRLs.
using Issuer = test::TestCert;

Issuer MakeIssuer(const char* cn) {
  test::CertSpec spec;
  spec.cn = cn;
  spec.rsa_bits = 2048;
  return test::IssueCert(spec);
}

std::string IssuerCn(const Crl& crl) {
  auto name = crl.Issuer();
  REQUIRE(name.ok());
  char buf[128] = {0};
  int n = X509_NAME_get_text_by_NID(name->get(), NID_commonName, buf, sizeof buf);
  return n < 0 ? std::string() : std::string(buf, n);
}

TEST_CASE("Revoked: empty entry, serial parsing and reasons", "[crl]") {
  auto revoked = Revoked::New();
  REQUIRE(revoked.ok());
  CHECK(*revoked->SerialHex() == "00");
  CHECK_FALSE(revoked->RevocationDate()->has_value());
  CHECK_FALSE(revoked->ReasonText()->has_value());

  REQUIRE(revoked->SetSerialHex("10b").ok());
  CHECK(*revoked->SerialHex() == "010B");
  // BN_hex2bn semantics: leading digits only.
  REQUIRE(revoked->SetSerialHex("31ppp").ok());
  CHECK(*revoked->SerialHex() == "31");
  CHECK(revoked->SetSerialHex("pqrst").code() == ErrorCode::kInvalidArgument);

  REQUIRE(revoked->SetRevocationDate("20160310020145Z").ok());
  CHECK(revoked->RevocationDate()->value() == "20160310020145Z");
  CHECK(revoked->SetRevocationDate("2016").code() == ErrorCode::kInvalidArgument);

  REQUIRE(revoked->SetReason(CrlReason::kSuperseded).ok());
  CHECK(revoked->ReasonText()->value() == "Superseded");
  // Replacing keeps a single CRLReason extension.
  REQUIRE(revoked->SetReason(CrlReason::kCaCompromise).ok());
  CHECK(revoked->ReasonText()->value() == "CA Compromise");
  CHECK(X509_REVOKED_get_ext_count(revoked->get0()) == 1);
  REQUIRE(revoked->SetReason(std::nullopt).ok());
  CHECK_FALSE(revoked->ReasonText()->has_value());
}

TEST_CASE("Crl: entries are copies, signing sets the issuer, PEM/DER round trip", "[crl]") {
  Issuer issuer = MakeIssuer("Test CRL CA");
  auto crl = Crl::New();
  REQUIRE(crl.ok());
  CHECK(crl->RevokedEntries()->empty());

  auto revoked = Revoked::New();
  REQUIRE(revoked->SetSerialHex("3ab").ok());
  REQUIRE(revoked->SetRevocationDate("20140601000000Z").ok());
  REQUIRE(crl->AddRevoked(*revoked).ok());
  REQUIRE(revoked->SetSerialHex("100").ok());  // does not affect the CRL's copy
  REQUIRE(revoked->SetReason(CrlReason::kKeyCompromise).ok());
  REQUIRE(crl->AddRevoked(*revoked).ok());

  REQUIRE(crl->SetVersion(1).ok());
  REQUIRE(crl->SetLastUpdate("20140601000000Z").ok());
  REQUIRE(crl->SetNextUpdate("50000601000000Z").ok());
  CHECK(crl->SetNextUpdate("not a time").code() == ErrorCode::kInvalidArgument);
  REQUIRE(crl->Sign(issuer.cert, issuer.key, "sha256", /*sort_entries=*/true).ok());
  CHECK(IssuerCn(*crl) == "Test CRL CA");
  CHECK(X509_CRL_verify(crl->get0(), issuer.key.get0()) == 1);

  auto pem = crl->Serialize(CrlFormat::kPem);
  REQUIRE(pem.ok());
  CHECK(pem->rfind("-----BEGIN X509 CRL-----", 0) == 0);
  auto reparsed = Crl::Parse(*pem, Encoding::kPem);
  REQUIRE(reparsed.ok());
  auto entries = reparsed->RevokedEntries();
  REQUIRE(entries->size() == 2);
  CHECK(*(*entries)[0].SerialHex() == "0100");  // sorted by serial when signing
  CHECK((*entries)[0].ReasonText()->value() == "Key Compromise");
  CHECK(*(*entries)[1].SerialHex() == "03AB");
  CHECK(IssuerCn(*reparsed) == "Test CRL CA");

  auto der = crl->Serialize(CrlFormat::kDer);
  REQUIRE(der.ok());
  auto from_der = Crl::Parse(*der, Encoding::kDer);
  REQUIRE(from_der.ok());
  CHECK(*from_der->Serialize(CrlFormat::kDer) == *der);
  auto text = crl->Serialize(CrlFormat::kText);
  REQUIRE(text.ok());
  CHECK(text->find("Certificate Revocation List") != std::string::npos);
}

TEST_CASE("Crl: bad input and bad digest are typed errors", "[crl]") {
  auto bad = Crl::Parse("hello, world", Encoding::kPem);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == ErrorCode::kParse);
  CHECK_FALSE(bad.status().openssl_errors().empty());
  CHECK(Crl::Parse("\x30\x03\x02\x01", Encoding::kDer).status().code() == ErrorCode::kParse);

  Issuer issuer = MakeIssuer("Digest CA");
  auto crl = Crl::New();
  CHECK(crl->Sign(issuer.cert, issuer.key, "strange-digest", false).code() ==
        ErrorCode::kUnsupported);
  REQUIRE(crl->SetLastUpdateFromNow(0).ok());
  REQUIRE(crl->SetNextUpdateFromNow(86400).ok());
  REQUIRE(crl->Sign(issuer.cert, issuer.key, "sha384", false).ok());
  CHECK(X509_CRL_get_signature_nid(crl->get0()) == NID_sha384WithRSAEncryption);
}

TEST_CASE("Crl: the issuer can be set from a name (m2.x509_crl_set_issuer)", "[crl]") {
  Issuer issuer = MakeIssuer("Named CA");
  auto crl = Crl::New();
  REQUIRE(crl.ok());
  REQUIRE(SetCrlIssuer(*crl, issuer.cert.Subject()).ok());
  CHECK(IssuerCn(*crl) == "Named CA");
}

}  // namespace
}  // namespace cryptoshim
