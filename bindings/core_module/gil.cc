#include "gil.h"

#include <array>
#include <cstdint>
#include <functional>

namespace cryptoshim::py {

std::mutex& ObjectLock(const void* object) {
  // 64 stripes: two live objects rarely share one, and sharing only costs
  // contention, never correctness.
  static std::array<std::mutex, 64> stripes;
  auto address = reinterpret_cast<std::uintptr_t>(object);
  return stripes[std::hash<std::uintptr_t>{}(address >> 4) % stripes.size()];
}

}  // namespace cryptoshim::py
