// M2Crypto's RSA objects are OpenSSL RSA*. A key read from an id-RSASSA-PSS
// SubjectPublicKeyInfo or PKCS#8 reaches M2Crypto as a plain RSA*:
// PEM_read_bio_RSAPrivateKey and d2i_RSA_PUBKEY end in EVP_PKEY_get1_RSA,
// which accepts both key types, and the RSA_* calls M2Crypto makes ignore the
// key's PSS restrictions (hash, MGF1 hash, minimum salt length).
#pragma once

#include "cryptoshim/key.h"
#include "cryptoshim/status.h"

namespace cryptoshim::m2crypto {

// The same numbers (n, e and, for a private key, d and the CRT values) as a
// plain rsaEncryption key; a plain RSA key comes back unchanged.
// kInvalidArgument for other key types.
StatusOr<Key> RsaKeyWithoutPssRestrictions(const Key& key);

}  // namespace cryptoshim::m2crypto
