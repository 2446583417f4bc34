#include "cryptoshim/csr.h"

#include <openssl/evp.h>
#include <openssl/objects.h>

#include "catch_compat.h"
#include "cryptoshim/spki.h"

namespace cryptoshim {
namespace {

Key NewEcKey() {
  SslUniquePtr<EVP_PKEY> pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  REQUIRE(pkey);
  return Key(std::move(pkey), true);
}

TEST_CASE("a signed request with extensions round-trips", "[csr]") {
  Key key = NewEcKey();
  auto req = CertificateRequest::New();
  REQUIRE(req.ok());
  CHECK(req->version() == 0);
  REQUIRE(req->Subject().SetEntry(NID_commonName, "req.example").ok());
  REQUIRE(req->SetPublicKey(key).ok());
  CHECK(req->Extensions()->empty());
  auto bc = X509Extension::Create("basicConstraints", false, "CA:FALSE");
  auto ku = X509Extension::Create("keyUsage", true, "digitalSignature");
  REQUIRE(bc.ok());
  REQUIRE(ku.ok());
  REQUIRE(req->AddExtensions({&*bc, &*ku}).ok());
  REQUIRE(req->Sign(key, "sha256").ok());
  REQUIRE(req->Verify(key).ok());

  auto pem = req->ToPem();
  REQUIRE(pem.ok());
  auto parsed = CertificateRequest::Parse(*pem, Encoding::kPem);
  REQUIRE(parsed.ok());
  CHECK(*parsed->ToDer() == *req->ToDer());
  CHECK(parsed->Subject().OneLine() == "/CN=req.example");
  auto exts = parsed->Extensions();
  REQUIRE(exts.ok());
  REQUIRE(exts->size() == 2);
  CHECK((*exts)[0].short_name() == "basicConstraints");
  CHECK((*exts)[1].critical());
  auto pub = parsed->PublicKey();
  REQUIRE(pub.ok());
  CHECK(parsed->Verify(*pub).ok());
  CHECK(parsed->ToText()->find("Certificate Request:") == 0);
}

TEST_CASE("a request does not verify with another key", "[csr]") {
  Key key = NewEcKey();
  Key other = NewEcKey();
  auto req = CertificateRequest::New();
  REQUIRE(req.ok());
  REQUIRE(req->SetPublicKey(key).ok());
  REQUIRE(req->Sign(key, "sha256").ok());
  auto st = req->Verify(other);
  CHECK(st.code() == ErrorCode::kVerifyFailed);
  CHECK(req->Sign(key, "no-such-digest").code() == ErrorCode::kUnsupported);
}

TEST_CASE("malformed requests are kParse", "[csr]") {
  auto bad = CertificateRequest::Parse("garbage", Encoding::kPem);
  CHECK(bad.status().code() == ErrorCode::kParse);
  CHECK_FALSE(bad.status().openssl_errors().empty());
  CHECK(CertificateRequest::Parse("garbage", Encoding::kDer).status().code() == ErrorCode::kParse);
}

TEST_CASE("the request subject view outlives the request object", "[csr]") {
  std::optional<X509Name> subject;
  {
    auto req = CertificateRequest::New();
    REQUIRE(req.ok());
    subject = req->Subject();
  }
  REQUIRE(subject->SetEntry(NID_commonName, "still alive").ok());
  CHECK(subject->OneLine() == "/CN=still alive");
}

TEST_CASE("SPKAC sign, encode, decode and verify", "[spki]") {
  Key key = NewEcKey();
  auto spki = NetscapeSpki::New();
  REQUIRE(spki.ok());
  REQUIRE(spki->SetPublicKey(key).ok());
  REQUIRE(spki->Sign(key, "sha256").ok());
  REQUIRE(spki->Verify(key).ok());
  auto b64 = spki->ToBase64();
  REQUIRE(b64.ok());
  auto decoded = NetscapeSpki::FromBase64(*b64);
  REQUIRE(decoded.ok());
  auto pub = decoded->PublicKey();
  REQUIRE(pub.ok());
  CHECK(EVP_PKEY_eq(pub->get0(), key.get0()) == 1);
  CHECK(decoded->Verify(*pub).ok());
  CHECK(decoded->Verify(NewEcKey()).code() == ErrorCode::kVerifyFailed);
  CHECK(NetscapeSpki::FromBase64("!!!").status().code() == ErrorCode::kParse);
}

}  // namespace
}  // namespace cryptoshim
