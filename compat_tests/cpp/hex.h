// Lower-case hex of bytes, for comparing digests, MACs and ciphertexts with
// published test vectors in the Catch2 tests.
#pragma once

#include <string>
#include <string_view>

namespace cryptoshim::test {

inline std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

}  // namespace cryptoshim::test
