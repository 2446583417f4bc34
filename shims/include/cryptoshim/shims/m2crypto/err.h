// M2Crypto's error strings: m2_PyErr_Msg formats the oldest queued error as
// "reason" or "reason (data)"; with an empty queue M2Crypto says "Unknown
// error in function <caller>".
#pragma once

#include <string>
#include <string_view>

#include "cryptoshim/status.h"

namespace cryptoshim::m2crypto {

// Drains the thread's queue and returns the oldest entry's message, or "".
std::string PopErrorMessage();

// The message M2Crypto would raise for a failed core Status: the oldest
// OpenSSL reason recorded in it, else its own message.
std::string ErrorMessage(const Status& status);

}  // namespace cryptoshim::m2crypto
