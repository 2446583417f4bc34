// The TlsConnection pieces M2Crypto's flat m2.ssl_* API needs: moving a
// connection onto a descriptor (SSL_set_fd), SSL_connect/SSL_accept taking
// their role, the short state code, alert texts, and DH parameters on a context.
#include <fcntl.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "catch_compat.h"
#include "cryptoshim/key_generation.h"
#include "cryptoshim/shims/m2crypto/tls_connection_details.h"
#include "cryptoshim/tls_connection.h"
#include "cryptoshim/tls_context.h"
#include "tls_test_support.h"

namespace cryptoshim {
namespace {

using tls_test::Credentials;
using tls_test::MakeContexts;
using tls_test::SelfSigned;

// A connected pair of non-blocking stream sockets, closed on destruction.
struct SocketPair {
  int fds[2] = {-1, -1};
  SocketPair() {
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    for (int fd : fds) REQUIRE(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0);
  }
  ~SocketPair() {
    for (int fd : fds) close(fd);
  }
};

TEST_CASE("SwitchToFd moves a connection off its memory BIOs; Connect and Accept take their role",
          "[tls][flat]") {
  Credentials creds = SelfSigned();
  // The generic TLS method, as m2.ssl_ctx_new(m2.sslv23_method()): no role yet.
  tls_test::Contexts contexts = MakeContexts(creds, TlsMethod::kTls, TlsMethod::kTls);
  SocketPair sockets;
  // Both start on memory BIOs (as m2.ssl_new + ssl_set_fd) and get no role.
  StatusOr<std::unique_ptr<TlsConnection>> client =
      TlsConnection::NewWithMemoryBio(contexts.client);
  StatusOr<std::unique_ptr<TlsConnection>> server =
      TlsConnection::NewWithMemoryBio(contexts.server);
  REQUIRE(client.ok());
  REQUIRE(server.ok());
  CHECK((*client)->fd() == -1);
  CHECK((*client)->uses_memory_bio());
  REQUIRE((*client)->SwitchToFd(sockets.fds[0]).ok());
  REQUIRE((*server)->SwitchToFd(sockets.fds[1]).ok());
  CHECK((*client)->fd() == sockets.fds[0]);
  CHECK_FALSE((*client)->uses_memory_bio());
  CHECK(m2crypto::TlsStateStringShort(**client) == "PINIT");

  bool client_done = false;
  bool server_done = false;
  for (int i = 0; i < 50 && !(client_done && server_done); ++i) {
    if (!client_done) {
      TlsIo io = (*client)->Connect();
      REQUIRE((io.status == TlsIoStatus::kOk || io.status == TlsIoStatus::kWantRead));
      client_done = io.status == TlsIoStatus::kOk;
    }
    if (!server_done) {
      TlsIo io = (*server)->Accept();
      REQUIRE((io.status == TlsIoStatus::kOk || io.status == TlsIoStatus::kWantRead));
      server_done = io.status == TlsIoStatus::kOk;
    }
  }
  REQUIRE(client_done);
  REQUIRE(server_done);
  CHECK_FALSE((*client)->is_server());
  CHECK((*server)->is_server());
  CHECK(m2crypto::TlsStateStringShort(**client) == "SSLOK");

  const std::string message = "over the descriptor";
  REQUIRE((*client)->Write(message.data(), static_cast<int>(message.size())).status ==
          TlsIoStatus::kOk);
  char buf[64];
  TlsIo read = (*server)->Read(buf, sizeof(buf), false);
  REQUIRE(read.status == TlsIoStatus::kOk);
  CHECK(std::string(buf, read.result) == message);
}

TEST_CASE("alert texts are OpenSSL's short and long forms", "[tls][flat]") {
  const int fatal_handshake_failure = SSL3_AL_FATAL << 8 | SSL3_AD_HANDSHAKE_FAILURE;
  CHECK(m2crypto::TlsAlertTypeString(fatal_handshake_failure, false) == "F");
  CHECK(m2crypto::TlsAlertTypeString(fatal_handshake_failure, true) == "fatal");
  CHECK(m2crypto::TlsAlertDescString(fatal_handshake_failure, false) == "HF");
  CHECK(m2crypto::TlsAlertDescString(fatal_handshake_failure, true) == "handshake failure");
  CHECK(m2crypto::TlsAlertTypeString(0, false) == "U");
}

TEST_CASE("m2crypto::TlsContextSetTmpDh takes DH parameters and refuses other keys",
          "[tls][flat]") {
  StatusOr<std::shared_ptr<TlsContext>> ctx = TlsContext::New(TlsMethod::kTlsServer);
  REQUIRE(ctx.ok());
  StatusOr<Key> ec = GenerateEcKey("prime256v1");
  REQUIRE(ec.ok());
  Status refused = m2crypto::TlsContextSetTmpDh(**ctx, *ec);
  CHECK(refused.code() == ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace cryptoshim
