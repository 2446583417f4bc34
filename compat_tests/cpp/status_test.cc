#include "cryptoshim/status.h"

#include <string>
#include <variant>

#include "catch_compat.h"

namespace cryptoshim {
namespace {

TEST_CASE("StatusOr built from an OK status is an internal error, not success", "[status]") {
  // Release builds too: the rule is in the constructor, not in an assert.
  StatusOr<int> result = Status::Ok();
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == ErrorCode::kInternal);
  CHECK(result.status().message() == "StatusOr built from an OK status");
}

TEST_CASE("StatusOr keeps a real error and its message", "[status]") {
  StatusOr<std::string> result = Status(ErrorCode::kParse, "bad DER");
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == ErrorCode::kParse);
  CHECK(result.status().message() == "bad DER");
  CHECK_THROWS_AS(result.value(), std::bad_variant_access);
}

TEST_CASE("StatusOr with a value is OK with an OK status", "[status]") {
  StatusOr<std::string> result = std::string("x");
  REQUIRE(result.ok());
  CHECK(result.status().ok());
  CHECK(*result == "x");
}

}  // namespace
}  // namespace cryptoshim
