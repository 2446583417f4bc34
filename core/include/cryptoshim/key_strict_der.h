// Strict DER SubjectPublicKeyInfo parsing for peer keys in protocols (ECDH)
// and test vectors. LoadPublicKey follows OpenSSL's d2i, which accepts BER
// (indefinite lengths, non-minimal length octets) and ignores trailing
// bytes; accepting several encodings of one key invites confusion between
// components that compare keys by their bytes.
#pragma once

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

// kParse unless `der` is exactly one DER SubjectPublicKeyInfo: nothing after
// it, and re-encoding the parsed key gives back the same bytes.
StatusOr<Key> LoadPublicKeyStrictDer(BytesView der);

}  // namespace cryptoshim
