// The password PKCS12_parse really uses. With no password or an empty one,
// the MAC decides between NULL and "" (PKCS#12 encodes the two differently),
// so every reader of a PKCS#12 must resolve it the same way before touching
// the bags. Internal to the core.
#pragma once

#include <openssl/pkcs12.h>

namespace cryptoshim {

// Sets `*effective` to the password the bags are encrypted under and returns
// true; returns false when the MAC does not verify under `pass` (the reason
// is left on the error queue). Without a MAC, `pass` is used as given.
bool ResolvePkcs12Password(PKCS12* p12, const char* pass, const char** effective);

}  // namespace cryptoshim
