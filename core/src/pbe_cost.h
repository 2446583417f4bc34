// Caps on the key-derivation work a password-protected input may demand
// (encrypted PKCS#8, PKCS#12), checked before any KDF runs. The iteration
// count and the scrypt cost are chosen by whoever wrote the file, so without
// a cap a hostile file can make one load burn minutes of CPU (2^31 PBKDF2
// iterations is about half an hour). Internal to the core.
#pragma once

#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <cstdint>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

// PBKDF2 (PBES2), PBES1 and the PKCS#12 KDF (key bags and the MAC). The
// highest count in current guidance is OWASP's 600,000 for PBKDF2-HMAC-SHA256
// (2023); tools write 2048 (OpenSSL) to 1,000,000. 10,000,000 leaves more
// than 15x headroom over any legitimate file while bounding one load to a
// few seconds of one core (about 1 us per HMAC-SHA256 iteration).
inline constexpr int64_t kMaxPbeIterations = 10'000'000;

// scrypt work is N * r * p (128-byte block mixes). 2^25 is 32x the
// N=2^14, r=8, p=1 that `openssl pkcs8 -scrypt` and cryptography's
// recommended parameters use: seconds, like the PBKDF2 cap. (Memory is
// already bounded by OpenSSL's 32 MiB default maxmem.)
inline constexpr uint64_t kMaxScryptWork = uint64_t{1} << 25;

// kPolicy when the PBE AlgorithmIdentifier `alg` (PBES2 with PBKDF2 or
// scrypt, PBES1, PKCS#12 PBE) asks for more than the caps; OK for any other
// algorithm or malformed parameters (the decryption then fails on its own).
Status CheckPbeCost(const X509_ALGOR* alg);

// The first private key in `data` (the block PEM_read_bio_PrivateKey would
// pick, or the whole DER), when it is an EncryptedPrivateKeyInfo.
Status CheckEncryptedPrivateKeyCost(BytesView data, Encoding encoding);

// The MAC iteration count and every encryption inside `p12` that
// PKCS12_parse would run with `pass` (the same password resolution). An
// encrypted safe whose contents cannot be decrypted here is left for
// PKCS12_parse to refuse.
Status CheckPkcs12Cost(PKCS12* p12, const char* pass);

}  // namespace cryptoshim
