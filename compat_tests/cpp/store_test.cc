#include "cryptoshim/store.h"

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <ctime>

#include "catch_compat.h"
#include "test_support.h"

namespace cryptoshim {
namespace {

using Node = test::TestCert;

// Issues a certificate for `cn`; `issuer` null makes it self-signed. CA
// certificates get basicConstraints CA:TRUE so chains build.
Node Issue(const char* cn, const Node* issuer, bool ca, long serial) {
  test::CertSpec spec;
  spec.cn = cn;
  spec.serial = serial;
  spec.extensions = {{NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE"}};
  return test::IssueCert(spec, issuer);
}

std::string Cn(const Certificate& cert) {
  char buf[128] = {0};
  int n = X509_NAME_get_text_by_NID(X509_get_subject_name(cert.get0()), NID_commonName, buf,
                                    sizeof buf);
  return n < 0 ? std::string() : std::string(buf, n);
}

struct Pki {
  Node root = Issue("root", nullptr, true, 1);
  Node intermediate = Issue("intermediate", &root, true, 2);
  Node leaf = Issue("leaf", &intermediate, false, 3);
};

TEST_CASE("Store: a full chain verifies and get1_chain is leaf first", "[store]") {
  Pki pki;
  auto store = Store::New();
  REQUIRE(store.ok());
  REQUIRE(store->AddCertificate(pki.root.cert).ok());
  REQUIRE(store->AddCertificate(pki.root.cert).ok());  // duplicates are fine
  REQUIRE(store->AddCertificate(pki.intermediate.cert).ok());
  auto result = VerifyCertificate(*store, pki.leaf.cert, {});
  REQUIRE(result.ok());
  CHECK_FALSE(result->failure.has_value());
  REQUIRE(result->chain.size() == 3);
  CHECK(Cn(result->chain[0]) == "leaf");
  CHECK(Cn(result->chain[1]) == "intermediate");
  CHECK(Cn(result->chain[2]) == "root");

  // The intermediate may come from the untrusted list instead.
  auto roots_only = Store::New();
  REQUIRE(roots_only->AddCertificate(pki.root.cert).ok());
  auto with_chain = VerifyCertificate(*roots_only, pki.leaf.cert, {&pki.intermediate.cert});
  REQUIRE(with_chain.ok());
  CHECK_FALSE(with_chain->failure.has_value());
}

TEST_CASE("Store: failures report code, depth, message and certificate", "[store]") {
  Pki pki;
  auto store = Store::New();
  REQUIRE(store->AddCertificate(pki.root.cert).ok());
  auto result = VerifyCertificate(*store, pki.leaf.cert, {});
  REQUIRE(result.ok());
  REQUIRE(result->failure.has_value());
  CHECK(result->failure->error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  CHECK(result->failure->depth == 0);
  CHECK(result->failure->message == "unable to get local issuer certificate");
  REQUIRE(result->failure->certificate.has_value());
  CHECK(Cn(*result->failure->certificate) == "leaf");
  // The chain as far as it was built: the leaf, whose issuer is missing.
  REQUIRE(result->chain.size() == 1);
  CHECK(Cn(result->chain[0]) == "leaf");

  auto empty = Store::New();
  auto self_signed = VerifyCertificate(*empty, pki.root.cert, {});
  REQUIRE(self_signed.ok());
  REQUIRE(self_signed->failure.has_value());
  CHECK(self_signed->failure->error == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
}

TEST_CASE("Store: verification time and flags reach the context", "[store]") {
  Pki pki;
  auto store = Store::New();
  REQUIRE(store->AddCertificate(pki.root.cert).ok());
  REQUIRE(store->AddCertificate(pki.intermediate.cert).ok());
  REQUIRE(store->SetTime(std::time(nullptr) - 10 * 86400).ok());
  auto early = VerifyCertificate(*store, pki.leaf.cert, {});
  REQUIRE(early.ok());
  REQUIRE(early->failure.has_value());
  CHECK(early->failure->error == X509_V_ERR_CERT_NOT_YET_VALID);

  // PARTIAL_CHAIN lets a trusted intermediate anchor the chain.
  auto partial = Store::New();
  REQUIRE(partial->AddCertificate(pki.intermediate.cert).ok());
  CHECK(VerifyCertificate(*partial, pki.leaf.cert, {})->failure.has_value());
  REQUIRE(partial->SetFlags(X509_V_FLAG_PARTIAL_CHAIN).ok());
  CHECK_FALSE(VerifyCertificate(*partial, pki.leaf.cert, {})->failure.has_value());
}

TEST_CASE("Store: CRL checking finds a revoked intermediate", "[store]") {
  Pki pki;
  auto make_crl = [](const Node& issuer, const Certificate* revoke) {
    auto crl = Crl::New();
    REQUIRE(crl.ok());
    if (revoke != nullptr) {
      auto r = Revoked::New();
      REQUIRE(X509_REVOKED_set_serialNumber(r->get0(), X509_get_serialNumber(revoke->get0())) == 1);
      REQUIRE(r->SetRevocationDate("20140601000000Z").ok());
      REQUIRE(crl->AddRevoked(*r).ok());
    }
    REQUIRE(crl->SetVersion(1).ok());
    REQUIRE(crl->SetLastUpdate("20140601000000Z").ok());
    REQUIRE(crl->SetNextUpdate("50000601000000Z").ok());
    REQUIRE(crl->Sign(issuer.cert, issuer.key, "sha256", true).ok());
    return std::move(crl).value();
  };
  auto store = Store::New();
  REQUIRE(store->AddCertificate(pki.root.cert).ok());
  REQUIRE(store->AddCertificate(pki.intermediate.cert).ok());
  REQUIRE(store->AddCrl(make_crl(pki.root, &pki.intermediate.cert)).ok());
  REQUIRE(store->SetFlags(X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL).ok());
  auto missing = VerifyCertificate(*store, pki.leaf.cert, {});
  REQUIRE(missing->failure.has_value());
  CHECK(missing->failure->error == X509_V_ERR_UNABLE_TO_GET_CRL);

  REQUIRE(store->AddCrl(make_crl(pki.intermediate, nullptr)).ok());
  auto revoked = VerifyCertificate(*store, pki.leaf.cert, {});
  REQUIRE(revoked->failure.has_value());
  CHECK(revoked->failure->error == X509_V_ERR_CERT_REVOKED);
  CHECK(revoked->failure->message == "certificate revoked");
  CHECK(revoked->failure->depth == 1);
}

TEST_CASE("Store: load_locations needs a location and reports bad files", "[store]") {
  auto store = Store::New();
  CHECK(store->LoadLocations(std::nullopt, std::nullopt).code() == ErrorCode::kInvalidArgument);
  char path[] = "/tmp/cryptoshim_store_testXXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  FILE* f = fdopen(fd, "w");
  fputs("This is not a certificate", f);
  fclose(f);
  Status bad = store->LoadLocations(std::string(path), std::nullopt);
  std::remove(path);
  CHECK_FALSE(bad.ok());
  CHECK_FALSE(bad.openssl_errors().empty());
}

}  // namespace
}  // namespace cryptoshim
