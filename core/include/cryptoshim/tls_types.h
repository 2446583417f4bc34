// Typed values of the TLS API, so a protocol version cannot be passed where a
// verify mode is expected. Each enumerator is OpenSSL's own constant, so a
// value read from the wire or from a caller converts with a static_cast.
#pragma once

#include <openssl/ssl.h>

namespace cryptoshim {

// A protocol version bound or the negotiated version. kUnbounded as a minimum
// or maximum means the lowest or highest version the library supports.
enum class TlsVersion : int {
  kUnbounded = 0,
  kSsl3 = SSL3_VERSION,
  kTls1 = TLS1_VERSION,
  kTls1_1 = TLS1_1_VERSION,
  kTls1_2 = TLS1_2_VERSION,
  kTls1_3 = TLS1_3_VERSION,
  kDtls1 = DTLS1_VERSION,
  kDtls1_2 = DTLS1_2_VERSION,
};

// SSL_VERIFY_* flags; combine with |.
enum class TlsVerifyMode : int {
  kNone = SSL_VERIFY_NONE,
  kPeer = SSL_VERIFY_PEER,
  kFailIfNoPeerCert = SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
  kClientOnce = SSL_VERIFY_CLIENT_ONCE,
  kPostHandshake = SSL_VERIFY_POST_HANDSHAKE,
};

// SSL_get_shutdown flags: which close_notify alerts were sent / received.
enum class TlsShutdownState : int {
  kNone = 0,
  kSent = SSL_SENT_SHUTDOWN,
  kReceived = SSL_RECEIVED_SHUTDOWN,
};

constexpr TlsVerifyMode operator|(TlsVerifyMode a, TlsVerifyMode b) {
  return static_cast<TlsVerifyMode>(static_cast<int>(a) | static_cast<int>(b));
}
constexpr TlsShutdownState operator|(TlsShutdownState a, TlsShutdownState b) {
  return static_cast<TlsShutdownState>(static_cast<int>(a) | static_cast<int>(b));
}

}  // namespace cryptoshim
