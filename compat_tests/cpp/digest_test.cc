#include "cryptoshim/digest.h"

#include "catch_compat.h"
#include "cryptoshim/mac.h"
#include "cryptoshim/random.h"
#include "hex.h"

namespace cryptoshim {
namespace {

using test::Hex;

TEST_CASE("SHA-256 of 'abc' matches FIPS 180-2", "[digest]") {
  auto d = ComputeDigest("sha256", "abc");
  REQUIRE(d.ok());
  CHECK(Hex(*d) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("incremental digest equals one-shot, and copies are independent", "[digest]") {
  auto d = Digest::New("SHA512");
  REQUIRE(d.ok());
  REQUIRE(d->Update("ab").ok());
  auto copy = d->Copy();
  REQUIRE(copy.ok());
  REQUIRE(d->Update("c").ok());
  CHECK(*d->Finalize() == *ComputeDigest("sha512", "abc"));
  CHECK(*copy->Finalize() == *ComputeDigest("sha512", "ab"));
  CHECK_FALSE(d->Finalize().ok());  // finished digests refuse reuse
}

TEST_CASE("unknown digest is kUnsupported with OpenSSL's reason", "[digest]") {
  auto d = Digest::New("monkeys");
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == ErrorCode::kUnsupported);
}

TEST_CASE("HMAC-SHA256 matches RFC 4231 case 2 and verifies in constant time", "[mac]") {
  auto mac = Hmac::New("sha256", "Jefe", /*min_key_size=*/0);
  REQUIRE(mac.ok());
  auto tag = (*mac)->ComputeMac("what do ya want for nothing?");
  REQUIRE(tag.ok());
  CHECK(Hex(*tag) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK((*mac)->VerifyMac(*tag, "what do ya want for nothing?").ok());
  std::string bad = *tag;
  bad[0] ^= 1;
  CHECK((*mac)->VerifyMac(bad, "what do ya want for nothing?").code() == ErrorCode::kVerifyFailed);
  CHECK((*mac)->VerifyMac(tag->substr(0, 16), "what do ya want for nothing?").code() ==
        ErrorCode::kVerifyFailed);
}

TEST_CASE("HMAC refuses short keys unless the caller opts out", "[mac]") {
  CHECK(Hmac::New("sha256", "short").status().code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("CSPRNG returns the requested length and differs between calls", "[random]") {
  auto a = RandomBytes(32), b = RandomBytes(32);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->size() == 32);
  CHECK(*a != *b);
  CHECK(RandomStatus());
}

}  // namespace
}  // namespace cryptoshim
