// The C callbacks the TLS layer registers with libssl. Each finds the owning
// TlsContext/TlsConnection through ex_data and invokes the std::function the
// application set. Internal to core/src.
#pragma once

#include <openssl/ssl.h>

namespace cryptoshim {

class TlsCallbacks {
 public:
  static int ContextIndex();
  static int ConnectionIndex();

  static int Verify(int preverify_ok, X509_STORE_CTX* store_ctx);
  static int Passphrase(char* buf, int size, int rwflag, void* userdata);
  static void Info(const SSL* ssl, int where, int ret);
  static void Keylog(const SSL* ssl, const char* line);
  static int Servername(SSL* ssl, int* alert, void* arg);
  static int AlpnSelect(SSL* ssl, const unsigned char** out, unsigned char* outlen,
                        const unsigned char* in, unsigned int inlen, void* arg);
  static int OcspStatus(SSL* ssl, void* arg);
  static int CookieGenerate(SSL* ssl, unsigned char* cookie, unsigned int* cookie_len);
  static int CookieVerify(SSL* ssl, const unsigned char* cookie, unsigned int cookie_len);
};

}  // namespace cryptoshim
