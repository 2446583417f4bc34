// Draining OpenSSL's thread-local error queue into a Status. Success is always
// decided by return values; the queue only supplies the human-readable reasons.
#pragma once

#include <string_view>
#include <vector>

#include "cryptoshim/status.h"

namespace cryptoshim {

// Removes every entry from this thread's error queue and returns them, oldest
// first.
std::vector<OpenSslError> DrainErrorQueue();

// A failure Status whose queue is the drained OpenSSL error queue.
Status ErrorFromQueue(ErrorCode code, std::string_view context);

// Clears stale entries before an operation, so the reasons reported after it
// belong to it alone.
void ClearErrorQueue();

}  // namespace cryptoshim
