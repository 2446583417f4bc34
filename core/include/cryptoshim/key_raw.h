// Keys from raw components instead of encoded structures: the raw keys of
// RFC 7748 / RFC 8032 (X25519, X448, Ed25519, Ed448) and EC keys from a curve
// name plus a SEC1 point or a private scalar (ECDH test vectors, JOSE, PKCS#11).
#pragma once

#include <string_view>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

enum class RawKeyType { kX25519, kX448, kEd25519, kEd448 };

// kInvalidArgument when the length does not match the key type.
StatusOr<Key> RawPublicKey(RawKeyType type, BytesView key);
StatusOr<Key> RawPrivateKey(RawKeyType type, BytesView key);

// `curve` is an OpenSSL group name ("P-256", "prime256v1", "secp384r1",
// "brainpoolP256r1", ...). The point is SEC1 (compressed or uncompressed) and
// must lie on the curve: kInvalidArgument otherwise.
StatusOr<Key> EcPublicKeyFromPoint(std::string_view curve, BytesView sec1_point);

// `scalar` is big-endian (leading zeros allowed) and must be in [1, order-1].
// The public point is computed, so the key is complete (Key::Check passes).
StatusOr<Key> EcPrivateKeyFromScalar(std::string_view curve, BytesView scalar);

}  // namespace cryptoshim
