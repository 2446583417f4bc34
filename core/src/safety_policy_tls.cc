// The TLS half of safety_policy.h: protocol versions and cipher suites.
#include <openssl/ssl.h>

#include "cryptoshim/safety_policy.h"

namespace cryptoshim::safety {

bool IsWeakTlsVersion(int version) {
  if (version == 0) return false;
  if (version == DTLS1_BAD_VER) return true;
  // DTLS versions count down from 0xFEFF (1.0) to 0xFEFD (1.2).
  if ((version & 0xFF00) == 0xFE00) return version > DTLS1_2_VERSION;
  return version < kMinTlsVersion;
}

bool IsWeakCipher(const ssl_cipher_st* cipher) {
  if (cipher == nullptr) return false;
  int cipher_nid = SSL_CIPHER_get_cipher_nid(cipher);
  int digest_nid = SSL_CIPHER_get_digest_nid(cipher);
  return SSL_CIPHER_get_bits(cipher, nullptr) < 128 || cipher_nid == NID_undef ||
         SSL_CIPHER_get_auth_nid(cipher) == NID_auth_null || cipher_nid == NID_rc4 ||
         cipher_nid == NID_des_cbc || cipher_nid == NID_des_ede3_cbc || digest_nid == NID_md5;
}

bool AnyWeakCipher(const stack_st_SSL_CIPHER* ciphers) {
  for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
    if (IsWeakCipher(sk_SSL_CIPHER_value(ciphers, i))) return true;
  }
  return false;
}

}  // namespace cryptoshim::safety
