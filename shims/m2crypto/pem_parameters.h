// Decoding PEM domain parameters (DH, DSA) into a parameters-only Key;
// shared by dh.cc and dsa.cc.
#pragma once

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim::m2crypto {

// `key_type` is the OpenSSL key type ("DH", "DSA"); a failure is kParse with
// `error_message` and OpenSSL's reasons.
StatusOr<Key> LoadPemParameters(BytesView pem, const char* key_type, const char* error_message);

}  // namespace cryptoshim::m2crypto
