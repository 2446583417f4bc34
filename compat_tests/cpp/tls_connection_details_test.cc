// Per-connection details (tls_connection_details.h) and host name checks
// (certificate_host.h) over a real memory-BIO handshake.
#include "cryptoshim/shims/m2crypto/tls_connection_details.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <string>

#include "catch_compat.h"
#include "cryptoshim/certificate_host.h"
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
using tls_test::SelfSigned;

TEST_CASE("host name checks follow RFC 6125 through X509_check_host", "[tls][host]") {
  Credentials san = SelfSigned("cn.example", "www.example.org");
  CHECK(CheckHost(san.cert, "www.example.org", kHostCheckNoPartialWildcards) == 1);
  CHECK(CheckHost(san.cert, "WWW.EXAMPLE.ORG", kHostCheckNoPartialWildcards) == 1);
  CHECK(CheckHost(san.cert, "other.example.org", kHostCheckNoPartialWildcards) == 0);
  // With a DNS SAN present the subject CN is never consulted.
  CHECK(CheckHost(san.cert, "cn.example", kHostCheckNoPartialWildcards) == 0);
  CHECK(CheckHost(san.cert, std::string("www.example.org\0x", 17), 0) == -1);

  Credentials cn_only = SelfSigned("cn.example", "");
  CHECK(CheckHost(cn_only.cert, "cn.example", kHostCheckNoPartialWildcards) == 1);
  CHECK(CheckHost(cn_only.cert, "cn.example", kHostCheckNeverCheckSubject) == 0);
  CHECK(CheckIpAddress(cn_only.cert, "127.0.0.1") == 0);
  CHECK(CheckIpAddress(cn_only.cert, "not an address") == -1);
}

TEST_CASE("subjectAltName entries are decoded, duplicates refused", "[tls][host]") {
  Credentials san = SelfSigned("cn.example", "www.example.org");
  StatusOr<std::vector<GeneralNameEntry>> names = SubjectAltNames(san.cert);
  REQUIRE(names.ok());
  REQUIRE(names->size() == 1);
  CHECK((*names)[0].type == GEN_DNS);
  CHECK((*names)[0].value == "www.example.org");

  Credentials none = SelfSigned("cn.example", "");
  StatusOr<std::vector<GeneralNameEntry>> empty = SubjectAltNames(none.cert);
  REQUIRE(empty.ok());
  CHECK(empty->empty());

  X509_EXTENSION* dup =
      X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, "DNS:other.example");
  REQUIRE(dup != nullptr);
  REQUIRE(X509_add_ext(san.cert.get0(), dup, -1) == 1);
  X509_EXTENSION_free(dup);
  StatusOr<std::vector<GeneralNameEntry>> twice = SubjectAltNames(san.cert);
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.status().code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("per-connection details: ciphers, verify result, session serialisation",
          "[tls][details]") {
  Credentials creds = SelfSigned("localhost", "localhost");
  auto [server_ctx, client_ctx] = MakeContexts(creds);
  auto [server, client] = MakeConnections({server_ctx, client_ctx});

  // One TLS 1.3 suite on this connection only; the context keeps its list.
  REQUIRE(m2crypto::TlsSetConnectionCipherSuites(*client, "TLS_AES_256_GCM_SHA384").ok());
  CHECK_FALSE(m2crypto::TlsSetConnectionCipherList(*client, "NO-SUCH-CIPHER").ok());
  std::vector<m2crypto::TlsCipherInfo> offered = m2crypto::TlsConnectionCiphers(*client);
  REQUIRE_FALSE(offered.empty());
  CHECK(offered[0].name == "TLS_AES_256_GCM_SHA384");
  CHECK(offered[0].version == "TLSv1.3");
  CHECK(offered[0].bits == 256);
  CHECK_FALSE(m2crypto::TlsCurrentCipher(*client).has_value());

  long mode = m2crypto::TlsSetConnectionMode(*client, SSL_MODE_ENABLE_PARTIAL_WRITE);
  CHECK((mode & SSL_MODE_ENABLE_PARTIAL_WRITE) != 0);
  CHECK(m2crypto::TlsConnectionMode(*client) == mode);
  CHECK(m2crypto::TlsDefaultSessionTimeout(*client) > 0);

  Handshake(*client, *server);
  std::optional<m2crypto::TlsCipherInfo> current = m2crypto::TlsCurrentCipher(*client);
  REQUIRE(current.has_value());
  CHECK(current->name == "TLS_AES_256_GCM_SHA384");
  // VERIFY_NONE: the result still records why the chain would not verify.
  CHECK(m2crypto::TlsVerifyResult(*client) == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
  CHECK(m2crypto::TlsVerifyErrorString(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT) ==
        "self-signed certificate");

  // TLS 1.3 delivers the session ticket after the handshake: read it.
  char buf[16];
  client->Read(buf, sizeof(buf), false);
  auto session = client->session();
  REQUIRE(session.has_value());
  StatusOr<std::string> pem = m2crypto::TlsSessionPem(**session);
  REQUIRE(pem.ok());
  CHECK(pem->find("-----BEGIN SSL SESSION PARAMETERS-----") == 0);
  StatusOr<std::shared_ptr<TlsSession>> again = m2crypto::TlsSessionFromPem(*pem);
  REQUIRE(again.ok());
  StatusOr<Bytes> der1 = m2crypto::TlsSessionDer(**session);
  StatusOr<Bytes> der2 = m2crypto::TlsSessionDer(**again);
  REQUIRE(der1.ok());
  REQUIRE(der2.ok());
  CHECK(*der1 == *der2);
  StatusOr<std::string> text = m2crypto::TlsSessionText(**again);
  REQUIRE(text.ok());
  CHECK(text->find("TLSv1.3") != std::string::npos);
  m2crypto::TlsSetSessionTimeout(**again, 42);
  CHECK(m2crypto::TlsSessionTimeout(**again) == 42);

  StatusOr<std::shared_ptr<TlsSession>> bad = m2crypto::TlsSessionFromPem("not a session");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == ErrorCode::kParse);
}

TEST_CASE("an accepting verify callback keeps the store's error unless it clears it",
          "[tls][details]") {
  Credentials creds = SelfSigned("localhost", "localhost");
  auto [server_ctx, client_ctx] = MakeContexts(creds);
  for (bool keep : {false, true}) {
    client_ctx->set_verify_callback([keep](TlsConnection&, TlsVerifyArgs& args) {
      if (!keep) args.error = X509_V_OK;
      return true;
    });
    client_ctx->SetVerify(TlsVerifyMode::kPeer, true);
    auto [server, client] = MakeConnections({server_ctx, client_ctx});
    Handshake(*client, *server);
    if (keep) {
      CHECK(m2crypto::TlsVerifyResult(*client) != X509_V_OK);
    } else {
      CHECK(m2crypto::TlsVerifyResult(*client) == X509_V_OK);
    }
  }
}

TEST_CASE("the negotiated group is absent before the handshake, named after it", "[tls][details]") {
  Credentials creds = SelfSigned("localhost", "localhost");
  auto [server_ctx, client_ctx] = MakeContexts(creds);
  auto [server, client] = MakeConnections({server_ctx, client_ctx});
  // OpenSSL 3.0's SSL_get_negotiated_group dereferences the session, which a
  // connection only has once the handshake starts.
  CHECK_FALSE(client->group_name().has_value());
  CHECK_FALSE(server->group_name().has_value());
  Handshake(*client, *server);
  REQUIRE(client->group_name().has_value());
  CHECK(client->group_name() == server->group_name());
}

}  // namespace
}  // namespace cryptoshim
