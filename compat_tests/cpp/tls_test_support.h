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

namespace cryptoshim::tls_test {

struct Credentials {
  Key key;
  Certificate cert;
};

// A self-signed certificate for CN=`cn`, with a DNS subjectAltName when
// `san_dns` is not empty.
inline Credentials SelfSigned(const std::string& cn = "tls test", const std::string& san_dns = "") {
  StatusOr<Key> key = GenerateEcKey("prime256v1");
  REQUIRE(key.ok());
  StatusOr<Certificate> cert = Certificate::New();
  REQUIRE(cert.ok());
  REQUIRE(cert->SetVersion(2).ok());
  REQUIRE(cert->SetSerialHex("1").ok());
  REQUIRE(cert->AdjustNotBefore(-3600).ok());
  REQUIRE(cert->AdjustNotAfter(86400).ok());
  REQUIRE(cert->Subject().AddEntry(NID_commonName, cn).ok());
  REQUIRE(cert->SetIssuer(cert->Subject()).ok());
  REQUIRE(cert->SetPublicKey(*key).ok());
  if (!san_dns.empty()) {
    X509_EXTENSION* ext =
        X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, ("DNS:" + san_dns).c_str());
    REQUIRE(ext != nullptr);
    REQUIRE(X509_add_ext(cert->get0(), ext, -1) == 1);
    X509_EXTENSION_free(ext);
  }
  REQUIRE(cert->Sign(*key, "sha256").ok());
  return Credentials{std::move(*key), std::move(*cert)};
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
