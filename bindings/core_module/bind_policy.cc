// The core's safety policy (core/include/cryptoshim/safety_policy.h), bound
// once: cryptoshim.policy re-exports it for the drop-ins and the verifier.
#include <openssl/ssl.h>

#include "cryptoshim/safety_policy.h"
#include "cryptoshim/tls_connection.h"
#include "cryptoshim/tls_context.h"
#include "register.h"

namespace cryptoshim::py {

void RegisterPolicy(::pybind11::module_& m) {
  m.def("is_weak_digest", &safety::IsWeakDigest, pybind11::arg("name"),
        "True for MD2/MD4/MD5/MD5-SHA1/MDC2/SHA-1/RIPEMD-160, or a signature algorithm over one, "
        "in any spelling OpenSSL resolves.");
  m.def("is_weak_mac_digest", &safety::IsWeakMacDigest, pybind11::arg("name"),
        "True for MD2/MD4/MD5 (too weak even under HMAC), in any spelling OpenSSL resolves.");
  m.attr("MIN_RSA_BITS") = safety::kMinRsaBits;
  m.attr("MIN_DSA_BITS") = safety::kMinDsaBits;
  m.attr("MIN_DH_BITS") = safety::kMinDhBits;
  m.attr("MIN_TLS_VERSION") = safety::kMinTlsVersion;
  m.def("is_weak_tls_version", &safety::IsWeakTlsVersion, pybind11::arg("version"),
        "True for SSL 3.0, TLS 1.0/1.1 and DTLS 1.0 (0 means no bound: not weak).");
  // One verdict for a context's and a connection's cipher list.
  m.def(
      "allows_weak_ciphers",
      [](const TlsContext& ctx) { return safety::AnyWeakCipher(SSL_CTX_get_ciphers(ctx.get0())); },
      pybind11::arg("native"),
      "True when the cipher list admits a weak suite (< 128 bits, eNULL, aNULL, RC4, DES, 3DES, "
      "MD5 MAC).");
  m.def(
      "allows_weak_ciphers",
      [](const TlsConnection& conn) { return safety::AnyWeakCipher(SSL_get_ciphers(conn.get0())); },
      pybind11::arg("native"));
}

}  // namespace cryptoshim::py
