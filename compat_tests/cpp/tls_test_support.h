// Shared fixtures of the TLS Catch2 tests: a self-signed P-256 certificate,
// and two TlsConnections driven to a handshake over their memory BIOs.
#ifndef CRYPTOSHIM_COMPAT_TESTS_TLS_TEST_SUPPORT_H_
#define CRYPTOSHIM_COMPAT_TESTS_TLS_TEST_SUPPORT_H_

#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <utility>

#include "catch_compat.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/key_generation.h"
#include "cryptoshim/tls_connection.h"
#include "cryptoshim/tls_context.h"
#include "test_support.h"

namespace cryptoshim::tls_test {

using Credentials = test::TestCert;

// A self-signed certificate for CN=`cn`, with a DNS subjectAltName when
// `san_dns` is not empty.
inline Credentials SelfSigned(const std::string& cn = "tls test", const std::string& san_dns = "") {
  test::CertSpec spec;
  spec.cn = cn;
  if (!san_dns.empty()) spec.extensions = {{NID_subject_alt_name, "DNS:" + san_dns}};
  return test::IssueCert(spec);
}

struct Contexts {
  std::shared_ptr<TlsContext> server;
  std::shared_ptr<TlsContext> client;
};

// A server context serving `creds` and a bare client context.
inline Contexts MakeContexts(const Credentials& creds,
                             TlsMethod server_method = TlsMethod::kTlsServer,
                             TlsMethod client_method = TlsMethod::kTlsClient) {
  StatusOr<std::shared_ptr<TlsContext>> server = TlsContext::New(server_method);
  StatusOr<std::shared_ptr<TlsContext>> client = TlsContext::New(client_method);
  REQUIRE(server.ok());
  REQUIRE(client.ok());
  REQUIRE((*server)->UseCertificate(creds.cert).ok());
  REQUIRE((*server)->UsePrivateKey(creds.key).ok());
  return Contexts{std::move(*server), std::move(*client)};
}

struct Connections {
  std::unique_ptr<TlsConnection> server;
  std::unique_ptr<TlsConnection> client;
};

// A memory-BIO connection on each context, in the accept and connect states.
inline Connections MakeConnections(const Contexts& contexts) {
  StatusOr<std::unique_ptr<TlsConnection>> server =
      TlsConnection::NewWithMemoryBio(contexts.server);
  StatusOr<std::unique_ptr<TlsConnection>> client =
      TlsConnection::NewWithMemoryBio(contexts.client);
  REQUIRE(server.ok());
  REQUIRE(client.ok());
  (*server)->SetAcceptState();
  (*client)->SetConnectState();
  return Connections{std::move(*server), std::move(*client)};
}

// Moves ciphertext both ways until neither side has anything to send.
inline void Pump(TlsConnection& a, TlsConnection& b) {
  char buf[16384];
  for (bool moved = true; moved;) {
    moved = false;
    for (auto [from, to] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
      TlsIo io = from->BioRead(buf, sizeof(buf));
      if (io.status == TlsIoStatus::kOk && io.result > 0) {
        REQUIRE(to->BioWrite(buf, io.result).status == TlsIoStatus::kOk);
        moved = true;
      }
    }
  }
}

// Drives both sides until the handshake is done; false when either side
// fails (for tests that expect a refused handshake).
inline bool TryHandshake(TlsConnection& client, TlsConnection& server) {
  for (int i = 0; i < 10 && !(client.is_init_finished() && server.is_init_finished()); ++i) {
    for (TlsConnection* c : {&client, &server}) {
      TlsIo io = c->DoHandshake();
      if (io.status != TlsIoStatus::kOk && io.status != TlsIoStatus::kWantRead) return false;
    }
    Pump(client, server);
  }
  return client.is_init_finished() && server.is_init_finished();
}

inline void Handshake(TlsConnection& client, TlsConnection& server) {
  REQUIRE(TryHandshake(client, server));
}

}  // namespace cryptoshim::tls_test

#endif  // CRYPTOSHIM_COMPAT_TESTS_TLS_TEST_SUPPORT_H_
