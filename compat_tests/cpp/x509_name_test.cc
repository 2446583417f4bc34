#include "cryptoshim/x509_name.h"

#include <openssl/objects.h>

#include "catch_compat.h"

namespace cryptoshim {
namespace {

TEST_CASE("NidFromText accepts short, long and dotted names", "[x509_name]") {
  CHECK(*X509Name::NidFromText("CN") == NID_commonName);
  CHECK(*X509Name::NidFromText("commonName") == NID_commonName);
  CHECK(*X509Name::NidFromText("2.5.4.3") == NID_commonName);
  CHECK(X509Name::NidFromText("no such thing").status().code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("SetEntry replaces the first entry of that type", "[x509_name]") {
  auto name = X509Name::New();
  REQUIRE(name.ok());
  REQUIRE(name->SetEntry(NID_commonName, "first").ok());
  REQUIRE(name->SetEntry(NID_organizationName, "org").ok());
  REQUIRE(name->SetEntry(NID_commonName, "second").ok());
  CHECK(name->EntryCount() == 2);
  CHECK(name->OneLine() == "/O=org/CN=second");
  REQUIRE(name->AddEntry(NID_commonName, "third").ok());
  CHECK(name->EntryCount() == 3);
  CHECK(*name->GetEntry(NID_commonName) == std::optional<std::string>("second"));
  CHECK_FALSE(name->GetEntry(NID_countryName)->has_value());
  auto comps = name->Components();
  REQUIRE(comps.size() == 3);
  CHECK(comps[0] == std::make_pair(std::string("O"), Bytes("org")));
  CHECK(comps[2] == std::make_pair(std::string("CN"), Bytes("third")));
}

TEST_CASE("entry values keep NULs and UTF-8", "[x509_name]") {
  auto name = X509Name::New();
  REQUIRE(name.ok());
  REQUIRE(name->SetEntry(NID_commonName, std::string("a\0b", 3)).ok());
  CHECK(**name->GetEntry(NID_commonName) == std::string("a\0b", 3));
  REQUIRE(name->SetEntry(NID_localityName, "h\xc3\xa9llo").ok());
  CHECK(**name->GetEntry(NID_localityName) == "h\xc3\xa9llo");
}

TEST_CASE("over-long values fail with OpenSSL's reason", "[x509_name]") {
  auto name = X509Name::New();
  REQUIRE(name.ok());
  auto st = name->SetEntry(NID_countryName, "USA");
  CHECK(st.code() == ErrorCode::kInvalidArgument);
  REQUIRE_FALSE(st.openssl_errors().empty());
  CHECK(st.openssl_errors()[0].reason == "string too long");
}

TEST_CASE("copies are independent, compare and hash like X509_NAME", "[x509_name]") {
  auto a = X509Name::New();
  REQUIRE(a.ok());
  REQUIRE(a->SetEntry(NID_commonName, "foo").ok());
  auto b = a->Copy();
  REQUIRE(b.ok());
  CHECK(a->Compare(*b) == 0);
  CHECK(a->Hash() == b->Hash());
  int ok = 0;
  CHECK(a->Hash() == X509_NAME_hash_ex(a->get0(), nullptr, nullptr, &ok));
  REQUIRE(b->SetEntry(NID_commonName, "goo").ok());
  CHECK(**a->GetEntry(NID_commonName) == "foo");
  CHECK(a->Compare(*b) < 0);
  CHECK(b->Compare(*a) > 0);
}

TEST_CASE("DER round-trips and malformed DER is kParse", "[x509_name]") {
  auto a = X509Name::New();
  REQUIRE(a.ok());
  REQUIRE(a->SetEntry(NID_organizationName, "Example").ok());
  auto der = a->Der();
  REQUIRE(der.ok());
  auto back = X509Name::FromDer(*der);
  REQUIRE(back.ok());
  CHECK(back->Compare(*a) == 0);
  CHECK(X509Name::FromDer("\x30\x05").status().code() == ErrorCode::kParse);
}

}  // namespace
}  // namespace cryptoshim
