// The WebPKI verifier's verdicts on presented server chains, remembered per
// SSL_CTX (tls_peer_check.cc). A client that connects to the same server
// again is shown the same chain, and judging it again (path building with a
// signature check per link, then OpenSSL's confirmation of the path) costs
// as much as OpenSSL's own chain check in the handshake.
//
// A verdict is reused only when everything it depends on is the same:
// - the presented leaf and untrusted certificates, in order (X509_cmp: the
//   same DER);
// - the trust anchors: the very X509 objects of the store, in order (the
//   entry holds references, so an address cannot be reused by another
//   certificate while the entry lives);
// - the peer name;
// - the validation time, up to the validity periods: an entry answers for
//   the interval around its time in which no certificate involved (leaf,
//   untrusted, anchors) starts or ends its validity. Time enters the
//   verdict only through those validity checks, so inside that interval the
//   verifier would take exactly the same steps.
// Internal to the core. Thread-safe (handshakes on one context may run on
// several threads).
#pragma once

#include <openssl/ssl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cryptoshim/certificate.h"
#include "cryptoshim/verifier.h"

namespace cryptoshim::peer_verdicts {

// What a verdict depends on (borrowed for the call).
struct Inputs {
  X509* leaf = nullptr;
  STACK_OF(X509) * untrusted = nullptr;
  const std::vector<Certificate>* anchors = nullptr;
  const std::optional<PeerName>* peer_name = nullptr;
  int64_t time = 0;
};

// nullopt when `inputs` were not judged yet; else the verdict: nullopt
// (accepted) or the verifier's reason.
std::optional<std::optional<std::string>> Find(SSL_CTX* ctx, const Inputs& inputs);

// Remembers the verdict on `inputs` (a few entries per context; the oldest
// goes first).
void Remember(SSL_CTX* ctx, const Inputs& inputs, const std::optional<std::string>& verdict);

}  // namespace cryptoshim::peer_verdicts
