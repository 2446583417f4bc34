// Byte buffers crossing the core's API. std::string is used as an owning byte
// container (as Tink does) because it binds cheaply to Python bytes.
#pragma once

#include <openssl/bio.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "cryptoshim/ssl_unique_ptr.h"
#include "cryptoshim/status.h"

namespace cryptoshim {

using Bytes = std::string;
using BytesView = std::string_view;

// A read-only memory BIO over `data`; `data` must outlive the BIO.
SslUniquePtr<BIO> ReadOnlyMemBio(BytesView data);

// An empty, growable memory BIO.
SslUniquePtr<BIO> NewMemBio();

// Copies everything written to a memory BIO out as bytes.
Bytes MemBioContents(BIO* bio);

// Constant-time equality for MAC tags and similar secrets.
bool ConstantTimeEquals(BytesView a, BytesView b);

}  // namespace cryptoshim
