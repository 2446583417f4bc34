// Keyless HMAC contexts to copy, one per digest name, instead of building
// each HMAC context from parameters.
//
// Building one (EVP_MAC_CTX_new, then the digest as an OSSL_PARAM) makes the
// provider fetch the digest by name again on every EVP_MAC_init: the name
// map's lock, a hash lookup and the method store's lock, ~2,500 of the
// ~20,000 instructions of an HMAC over 64 bytes. EVP_MAC_CTX_dup of a
// context whose digest is set and whose key is not copies the fetched
// digest's reference instead. A template holds no key, so the copies share
// nothing secret.
#pragma once

#include <openssl/evp.h>

#include <string_view>

#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

// A new HMAC context for digest `hash` with no key set: EVP_MAC_init(ctx,
// key, len, NULL) keys it. kUnsupported for a digest OpenSSL does not know
// (FetchDigest's error). The first call for a name builds its template; a
// name whose template cannot be copied (an OpenSSL that refuses to copy a
// context before its key is set) gets a context built afresh each time.
//
// Thread-safe: templates are made under a lock and never changed or freed
// afterwards (leaked on purpose, as method_cache.h's methods are), and
// EVP_MAC_CTX_dup only reads its source.
StatusOr<SslUniquePtr<EVP_MAC_CTX>> NewKeylessHmacCtx(std::string_view hash);

}  // namespace cryptoshim
