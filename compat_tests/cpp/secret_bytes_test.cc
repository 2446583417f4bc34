#include <string>
#include <utility>

#include "catch_compat.h"
#include "cryptoshim/bytes.h"

namespace cryptoshim {
namespace {

bool AllZero(BytesView bytes) { return bytes.find_first_not_of('\0') == BytesView::npos; }

TEST_CASE("SecretBytes keeps the key and wipes a moved-from source", "[bytes]") {
  // Short (inside the string object) and long (on the heap) keys.
  for (const std::string key : {std::string("0123456789abcdef"), std::string(64, 'k')}) {
    SecretBytes original(key);
    REQUIRE(original.view() == key);
    SecretBytes moved(std::move(original));
    CHECK(moved.view() == key);
    // The source still has its size, and every byte of it is zero.
    CHECK(original.size() == key.size());  // NOLINT(bugprone-use-after-move)
    CHECK(AllZero(original.view()));       // NOLINT(bugprone-use-after-move)
  }
}

}  // namespace
}  // namespace cryptoshim
