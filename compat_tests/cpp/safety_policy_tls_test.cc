// The TLS half of the safety policy (safety_policy.h): the protocol floor
// and the weak cipher suites, judged on real OpenSSL objects.
#include <openssl/ssl.h>

#include <string>

#include "catch_compat.h"
#include "cryptoshim/safety_policy.h"
#include "cryptoshim/tls_handles.h"

namespace cryptoshim::safety {
namespace {

TEST_CASE("the TLS floor is 1.2, and DTLS 1.0 is below it", "[policy]") {
  CHECK(kMinTlsVersion == TLS1_2_VERSION);
  for (int v : {SSL3_VERSION, TLS1_VERSION, TLS1_1_VERSION, DTLS1_VERSION, DTLS1_BAD_VER}) {
    INFO(v);
    CHECK(IsWeakTlsVersion(v));
  }
  for (int v : {0, TLS1_2_VERSION, TLS1_3_VERSION, DTLS1_2_VERSION}) {
    INFO(v);
    CHECK_FALSE(IsWeakTlsVersion(v));
  }
}

// Whether `cipher_string` enables a suite the policy calls weak, and the
// name of one, on a fresh TLS context.
bool AdmitsWeak(const char* cipher_string, std::string* example) {
  SslUniquePtr<SSL_CTX> ctx(SSL_CTX_new(TLS_method()));
  REQUIRE(ctx);
  REQUIRE(SSL_CTX_set_cipher_list(ctx.get(), cipher_string) == 1);
  STACK_OF(SSL_CIPHER)* ciphers = SSL_CTX_get_ciphers(ctx.get());
  for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
    if (IsWeakCipher(sk_SSL_CIPHER_value(ciphers, i))) {
      *example = SSL_CIPHER_get_name(sk_SSL_CIPHER_value(ciphers, i));
    }
  }
  return AnyWeakCipher(ciphers);
}

TEST_CASE("weak cipher suites: eNULL, aNULL; modern lists are clean", "[policy]") {
  std::string example;
  CHECK(AdmitsWeak("ALL:eNULL:@SECLEVEL=0", &example));
  CHECK(example.find("NULL") != std::string::npos);
  CHECK(AdmitsWeak("aNULL:@SECLEVEL=0", &example));
  for (const char* clean : {"DEFAULT", "ECDHE+AESGCM", "HIGH:!aNULL:!eNULL", "AES128-SHA"}) {
    INFO(clean);
    CHECK_FALSE(AdmitsWeak(clean, &example));
  }
  CHECK_FALSE(IsWeakCipher(nullptr));
}

}  // namespace
}  // namespace cryptoshim::safety
