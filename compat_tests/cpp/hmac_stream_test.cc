// HmacStream through its two ways of making a context (core/src/
// hmac_templates.h): built from parameters on the first use of a digest
// name, copied from the name's keyless template afterwards. Both must give
// RFC 4231's values, carry nothing from one key to the next, and hold up
// under threads.
#include <string>
#include <thread>
#include <vector>

#include "catch_compat.h"
#include "cryptoshim/mac.h"
#include "hex.h"

namespace cryptoshim {
namespace {

using test::Hex;

// RFC 4231 test case 2 (key "Jefe").
constexpr char kData[] = "what do ya want for nothing?";
struct Case {
  const char* hash;
  const char* tag;
};
constexpr Case kCases[] = {
    {"sha224", "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44"},
    {"sha256", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
    {"SHA384",
     "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21"
     "649"},
    {"sha512",
     "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e"
     "6fdcae"
     "ab1a34d4a6b4b636e070a38bce737"},
};

std::string Tag(const char* hash, const std::string& key, const std::string& data) {
  auto stream = HmacStream::New(hash, key);
  REQUIRE(stream.ok());
  REQUIRE(stream->Update(data).ok());
  auto tag = stream->Finalize();
  REQUIRE(tag.ok());
  return Hex(*tag);
}

TEST_CASE("HmacStream gives RFC 4231's values when built and when copied", "[mac]") {
  for (const Case& c : kCases) {
    for (int round = 0; round < 3; ++round) {  // round 0 may build, the others copy
      INFO(c.hash << " round " << round);
      CHECK(Tag(c.hash, "Jefe", kData) == c.tag);
      // Another key between two uses of the name leaves no trace.
      CHECK(Tag(c.hash, std::string(200, 'k'), kData) != c.tag);
    }
  }
}

TEST_CASE("HmacStream with an empty key matches HMAC with an empty key", "[mac]") {
  // HMAC-SHA256("", "") (Python: hmac.new(b"", b"", "sha256")).
  for (int round = 0; round < 2; ++round) {
    CHECK(Tag("sha256", "", "") ==
          "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  }
}

TEST_CASE("HmacStream refuses an unknown digest every time", "[mac]") {
  for (int round = 0; round < 2; ++round) {
    CHECK(HmacStream::New("no-such-digest", "key").status().code() == ErrorCode::kUnsupported);
  }
}

TEST_CASE("HmacStream copies of one template are independent across threads", "[mac]") {
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &wrong] {
      for (int i = 0; i < 200; ++i) {
        const Case& c = kCases[(t + i) % 4];
        auto stream = HmacStream::New(c.hash, "Jefe");
        if (!stream.ok() || !stream->Update(kData).ok()) {
          ++wrong[t];
          continue;
        }
        auto tag = stream->Finalize();
        if (!tag.ok() || Hex(*tag) != c.tag) ++wrong[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong == std::vector<int>(4, 0));
}

}  // namespace
}  // namespace cryptoshim
