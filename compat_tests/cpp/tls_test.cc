// The TLS core on its own: two TlsConnections over memory BIOs, with the
// callbacks the bindings rely on.
#include <openssl/ssl.h>

#include <string>
#include <vector>

#include "catch_compat.h"
#include "cryptoshim/key_generation.h"
#include "cryptoshim/tls_connection.h"
#include "cryptoshim/tls_context.h"
#include "tls_test_support.h"

namespace cryptoshim {
namespace {

using tls_test::Credentials;
using tls_test::Handshake;
using tls_test::MakeConnections;
using tls_test::MakeContexts;
using tls_test::Pump;
using tls_test::SelfSigned;

TEST_CASE("TLS 1.3 handshake, data and close_notify over memory BIOs", "[tls]") {
  Credentials creds = SelfSigned();
  auto [server_ctx, client_ctx] = MakeContexts(creds);
  REQUIRE(server_ctx->CheckPrivateKey().ok());

  // OpenSSL calls back once per problem found and once more for the final
  // verdict on each certificate.
  std::vector<int> verify_errors;
  client_ctx->set_verify_callback([&](TlsConnection&, TlsVerifyArgs& args) {
    verify_errors.push_back(args.error);
    CHECK(args.depth == 0);
    return true;  // accept the self-signed test certificate
  });
  client_ctx->SetVerify(TlsVerifyMode::kPeer, /*with_callback=*/true);

  auto [server, client] = MakeConnections({server_ctx, client_ctx});
  Handshake(*client, *server);

  REQUIRE(!verify_errors.empty());
  CHECK(verify_errors.front() == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
  CHECK(client->protocol_version() == TlsVersion::kTls1_3);
  REQUIRE(client->peer_certificate().has_value());
  CHECK(client->finished().has_value());
  CHECK(client->finished() == server->peer_finished());
  StatusOr<Bytes> ekm_c = client->ExportKeyingMaterial("EXPORTER-test", 32, std::nullopt);
  StatusOr<Bytes> ekm_s = server->ExportKeyingMaterial("EXPORTER-test", 32, std::nullopt);
  REQUIRE(ekm_c.ok());
  REQUIRE(ekm_s.ok());
  CHECK(*ekm_c == *ekm_s);

  const std::string message = "hello over TLS";
  CHECK(client->bio_pending() == 0);
  TlsIo written = client->Write(message.data(), static_cast<int>(message.size()));
  REQUIRE(written.status == TlsIoStatus::kOk);
  CHECK(written.result == static_cast<int>(message.size()));
  // One record waits in the outgoing BIO: the payload plus its overhead.
  const size_t record = client->bio_pending();
  CHECK(record > message.size());
  CHECK(record < message.size() + 64);
  Pump(*client, *server);
  CHECK(client->bio_pending() == 0);
  char buf[64];
  TlsIo read = server->Read(buf, sizeof(buf), /*peek=*/false);
  REQUIRE(read.status == TlsIoStatus::kOk);
  CHECK(std::string(buf, read.result) == message);

  // Nothing more to read yet: a want-read outcome, not an error.
  CHECK(server->Read(buf, sizeof(buf), false).status == TlsIoStatus::kWantRead);

  TlsIo shut = client->Shutdown();
  CHECK(shut.status == TlsIoStatus::kOk);
  CHECK(shut.result == 0);  // sent, peer's not yet received
  Pump(*client, *server);
  CHECK(server->Read(buf, sizeof(buf), false).status == TlsIoStatus::kZeroReturn);
}

TEST_CASE("a rejecting verify callback fails the handshake with the queue captured", "[tls]") {
  Credentials creds = SelfSigned();
  auto [server_ctx, client_ctx] = MakeContexts(creds, TlsMethod::kTls, TlsMethod::kTls);
  client_ctx->set_verify_callback([](TlsConnection&, TlsVerifyArgs&) { return false; });
  client_ctx->SetVerify(TlsVerifyMode::kPeer, true);
  auto [server, client] = MakeConnections({server_ctx, client_ctx});

  TlsIo last;
  for (int i = 0; i < 10; ++i) {
    last = client->DoHandshake();
    if (last.status == TlsIoStatus::kSslError) break;
    server->DoHandshake();
    Pump(*client, *server);
  }
  REQUIRE(last.status == TlsIoStatus::kSslError);
  bool saw_verify_failure = false;
  for (const OpenSslError& e : last.errors) {
    if (e.reason == "certificate verify failed") saw_verify_failure = true;
  }
  CHECK(saw_verify_failure);
}

TEST_CASE("configuration errors are Status values", "[tls]") {
  auto ctx = TlsContext::New(TlsMethod::kTls);
  REQUIRE(ctx.ok());
  CHECK_FALSE((*ctx)->SetCipherList("no-such-cipher").ok());
  CHECK_FALSE((*ctx)->SetSessionIdContext(std::string(100, 'x')).ok());
  CHECK_FALSE((*ctx)->UseCertificateFile("/nonexistent/cert.pem", Encoding::kPem).ok());
  CHECK_FALSE((*ctx)->SetEcdhCurve("no-such-curve").ok());
  CHECK((*ctx)->SetCipherList("ECDHE+AESGCM").ok());
  CHECK_FALSE((*ctx)->AllowsWeakCiphers());
  REQUIRE((*ctx)->SetCipherList("ALL:eNULL:@SECLEVEL=0").ok());
  CHECK((*ctx)->AllowsWeakCiphers());
}

}  // namespace
}  // namespace cryptoshim
