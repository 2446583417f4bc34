// The WebPKI verifier (verifier.h) run on the chain a TLS server presents,
// inside the client's handshake. OpenSSL's own chain check runs first, with
// whatever verify callback the application installed; then the verifier
// judges the same presented chain against the same trust store, and, when
// the check enforces, a refusal fails the handshake (X509_V_ERR_APPLICATION_
// VERIFICATION, so the server gets the alert and no application data flows).
// Without enforcement the reason is only recorded, for a warning.
//
// Trust anchors are every certificate in the connection's X509_STORE at
// handshake time (load_verify_locations, set_default_verify_paths: a hashed
// directory contributes the certificates OpenSSL looked up). The validation
// time is the store's (X509_VERIFY_PARAM_set_time), else now.
//
// Thread contract: as TlsConnection (one thread per connection at a time).
#pragma once

#include <optional>
#include <string>

#include "cryptoshim/tls_connection.h"
#include "cryptoshim/verifier.h"

namespace cryptoshim {

struct TlsPeerCheck {
  // Fail the handshake when the verifier refuses the chain.
  bool enforce = false;
  // The name the server's certificate must carry (DNS or IP); nullopt
  // checks the path only.
  std::optional<PeerName> peer_name;
};

// Installs the check on a client connection (replacing any earlier one), or
// removes it with nullopt. kInvalidArgument for an unusable peer name.
Status SetTlsPeerCheck(TlsConnection& conn, std::optional<TlsPeerCheck> check);

// Why the verifier refused the chain of the last handshake; nullopt when it
// accepted it or did not run.
std::optional<std::string> TlsPeerCheckFailure(const TlsConnection& conn);

}  // namespace cryptoshim
