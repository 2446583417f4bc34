// The constant table behind m2_constant_*: values straight from OpenSSL's
// headers, names as M2Crypto's SWIG files spell them.
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/dh.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/opensslv.h>
#include <openssl/pkcs7.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <cstddef>

#include "cryptoshim/shims/m2crypto/m2_c_api.h"

namespace {

struct Constant {
  const char* name;
  long value;
};

#define M2_CONST(name, expr) {#name, static_cast<long>(expr)},
constexpr Constant kConstants[] = {
#include "m2_constants.inc"
};
#undef M2_CONST

}  // namespace

extern "C" {

size_t m2_constant_count(void) { return sizeof(kConstants) / sizeof(kConstants[0]); }
const char* m2_constant_name(size_t i) {
  return i < m2_constant_count() ? kConstants[i].name : nullptr;
}
long m2_constant_value(size_t i) { return i < m2_constant_count() ? kConstants[i].value : 0; }
const char* m2_openssl_version_text(void) { return OpenSSL_version(OPENSSL_VERSION); }

}  // extern "C"
