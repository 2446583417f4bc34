#include "cryptoshim/random.h"

#include <openssl/rand.h>

#include <limits>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {

Status RandomBytesInto(char* out, size_t n) {
  if (n > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return Status(ErrorCode::kInvalidArgument, "too many random bytes requested");
  }
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out), static_cast<int>(n)) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "RAND_bytes failed");
  }
  return Status::Ok();
}

StatusOr<Bytes> RandomBytes(size_t n) {
  if (n > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return Status(ErrorCode::kInvalidArgument, "too many random bytes requested");
  }
  Bytes out(n, '\0');
  CS_RETURN_IF_ERROR(RandomBytesInto(out.data(), n));
  return out;
}

void AddRandomSeed(BytesView data, double entropy) {
  if (data.size() > static_cast<size_t>(std::numeric_limits<int>::max())) return;
  RAND_add(data.data(), static_cast<int>(data.size()), entropy);
}

bool RandomStatus() { return RAND_status() == 1; }

}  // namespace cryptoshim
