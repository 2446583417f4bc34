#include "cryptoshim/status.h"

namespace cryptoshim {

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = message_;
  for (const auto& e : queue_) {
    out += out.empty() ? "" : ": ";
    out += e.reason.empty() ? e.library : e.reason;
  }
  return out;
}

}  // namespace cryptoshim
