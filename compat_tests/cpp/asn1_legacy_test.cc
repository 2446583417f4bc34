// Asn1Time, Asn1String, name entries and certificate sequences: the core
// pieces behind M2Crypto.ASN1/X509, including their rejection of bad input.
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "catch_compat.h"
#include "cryptoshim/asn1_string.h"
#include "cryptoshim/asn1_time.h"
#include "cryptoshim/certificate_stack.h"
#include "cryptoshim/smime.h"
#include "cryptoshim/x509_name_entries.h"

namespace cryptoshim {
namespace {

TEST_CASE("Asn1Time prints like ASN1_TIME_print and picks the type by year") {
  auto t = Asn1Time::New(false);
  REQUIRE(t.ok());
  CHECK(t->Print() == "Bad time value");
  CHECK_FALSE(t->ToUnixTime().ok());
  REQUIRE(t->SetString("990807053011Z").ok());
  CHECK(t->Print() == "Aug  7 05:30:11 1999 GMT");
  REQUIRE(t->SetUnixTime(500).ok());
  CHECK(t->Print() == "Jan  1 00:08:20 1970 GMT");
  CHECK(*t->ToUnixTime() == 500);
  REQUIRE(t->SetUnixTime(4102444800).ok());  // 2100-01-01: GeneralizedTime
  CHECK(ASN1_STRING_type(t->get0()) == V_ASN1_GENERALIZEDTIME);
  CHECK(*t->ToUnixTime() == 4102444800);
  REQUIRE(t->SetUnixTime(-1).ok());  // before the epoch: still a time
  CHECK(t->Print() == "Dec 31 23:59:59 1969 GMT");
  CHECK(*t->ToUnixTime() == -1);
  // Year 10000 has no four-digit GeneralizedTime: refused, the time unchanged.
  CHECK_FALSE(t->SetUnixTime(253402300800).ok());
  CHECK(*t->ToUnixTime() == -1);
  REQUIRE(t->SetUnixTime(253402300799).ok());  // 9999-12-31T23:59:59Z
  CHECK(*t->ToUnixTime() == 253402300799);
}

TEST_CASE("Asn1Time rejects malformed text and UTCTime-only overflow") {
  auto t = Asn1Time::New(true);
  REQUIRE(t.ok());
  CHECK_FALSE(t->SetString("not a time").ok());
  CHECK_FALSE(t->SetString("20500101000000Z").ok());
  CHECK_FALSE(t->SetUnixTime(4102444800).ok());
  CHECK(t->Print() == "Bad time value");
  Asn1Time absent = Asn1Time::View([] { return static_cast<ASN1_TIME*>(nullptr); });
  CHECK_FALSE(absent.SetUnixTime(0).ok());
  CHECK(absent.Print() == "Bad time value");
}

TEST_CASE("Asn1String prints plain and RFC 2253 forms") {
  auto s = Asn1String::New("hello there");
  REQUIRE(s.ok());
  CHECK(*s->Print() == "hello there");
  CHECK(*s->PrintEx(ASN1_STRFLGS_RFC2253) == "#040B68656C6C6F207468657265");
}

TEST_CASE("Name entries: add, print, address by index") {
  auto name = X509Name::New();
  REQUIRE(name.ok());
  REQUIRE(AddNameEntryByText(*name, "C", MBSTRING_ASC, "UK", -1, 0).ok());
  REQUIRE(AddNameEntryByText(*name, "CN", MBSTRING_ASC, "a/b", -1, 0).ok());
  CHECK_FALSE(AddNameEntryByText(*name, "noSuchField", MBSTRING_ASC, "x", -1, 0).ok());
  // The historical form escapes "/" (it separates entries in X509_NAME_oneline).
  CHECK(*PrintName(*name, 0, 0) == "C=UK, CN=a\\/b");
  CHECK(*PrintName(*name, 2, XN_FLAG_RFC2253) == "  CN=a/b,C=UK");
  CHECK(NameEntryIndices(*name, NID_commonName) == std::vector<int>{1});
  CHECK(NameEntryObjectAt(*name, 1)->short_name == "CN");
  CHECK_FALSE(NameEntryObjectAt(*name, 2).ok());
  REQUIRE(SetNameEntryData(*name, 1, MBSTRING_ASC, "changed").ok());
  CHECK(*NameEntryDataAt(*name, 1).Data() == "changed");
  CHECK_FALSE(NameEntryDataAt(*name, 5).Data().ok());
  auto copy = X509Name::New();
  REQUIRE(copy.ok());
  REQUIRE(AddNameEntryCopy(*copy, *name, 1, -1, 0).ok());
  CHECK(*NameEntryDataAt(*copy, 0).Data() == "changed");
  CHECK_FALSE(AddNameEntryCopy(*copy, *name, 7, -1, 0).ok());
  REQUIRE(DeleteNameEntry(*name, 0).ok());
  CHECK(*PrintName(*name, 0, 0) == "CN=changed");
  CHECK_FALSE(DeleteNameEntry(*name, 1).ok());
  CHECK_FALSE(DeleteNameEntry(*name, -1).ok());
}

TEST_CASE("Certificate sequences round-trip and reject malformed DER") {
  SslUniquePtr<EVP_PKEY> pkey(EVP_EC_gen("P-256"));
  REQUIRE(pkey);
  SslUniquePtr<X509> x509(X509_new());
  X509_gmtime_adj(X509_getm_notBefore(x509.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(x509.get()), 60);
  X509_set_pubkey(x509.get(), pkey.get());
  REQUIRE(X509_sign(x509.get(), pkey.get(), EVP_sha256()) > 0);
  Certificate cert(std::move(x509));
  auto der = EncodeCertificateSequence({&cert, &cert});
  REQUIRE(der.ok());
  auto certs = DecodeCertificateSequence(*der);
  REQUIRE(certs.ok());
  CHECK(certs->size() == 2);
  CHECK(DecodeCertificateSequence(std::string("\x30\x00", 2))->empty());
  CHECK_FALSE(DecodeCertificateSequence("").ok());
  CHECK_FALSE(DecodeCertificateSequence(der->substr(0, der->size() - 1)).ok());
  CHECK_FALSE(DecodeCertificateSequence(*der + std::string(1, '\0')).ok());
  CHECK_FALSE(DecodeCertificateSequence(std::string("\x30\x80\x00\x00", 4)).ok());
  CHECK_FALSE(DecodeCertificateSequence(std::string("\x30\x03\x02\x01\x01", 5)).ok());
  CHECK_FALSE(Pkcs7Degenerate({}).ok());
  CHECK(Pkcs7Degenerate({&cert}).ok());
}

}  // namespace
}  // namespace cryptoshim
