// M2Crypto's flat m2.ssl_* view of one connection: settings and negotiated
// details it reads or sets on one SSL rather than on its context (the
// verification result, a connection-only cipher list, the expected host name,
// the mode bits, the cipher stack with each suite's version and strength) and
// TLS session serialisation. Free functions over the core's TlsConnection,
// TlsSession and TlsContext, kept here so the core API stays free of one
// legacy library's shape.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cryptoshim/bytes.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"
#include "cryptoshim/tls_connection.h"
#include "cryptoshim/tls_context.h"
#include "cryptoshim/tls_session.h"

namespace cryptoshim::m2crypto {

// One cipher suite as SSL_CIPHER describes it.
struct TlsCipherInfo {
  std::string name;     // OpenSSL name ("TLS_AES_256_GCM_SHA384")
  std::string version;  // protocol version that introduced it ("TLSv1.3")
  int bits = 0;         // secret (symmetric) key bits
};

// SSL_get_verify_result: X509_V_OK, or the chain verification error.
long TlsVerifyResult(const TlsConnection& conn);
// X509_verify_cert_error_string: the text of an X509_V_ERR_* code.
std::string TlsVerifyErrorString(long code);
// SSL_set_cipher_list on this connection only (TLS 1.2 and below).
Status TlsSetConnectionCipherList(TlsConnection& conn, const std::string& ciphers);
// SSL_set_ciphersuites on this connection only (the TLS 1.3 suites).
Status TlsSetConnectionCipherSuites(TlsConnection& conn, const std::string& suites);
// SSL_set_session_id_context.
Status TlsSetConnectionSessionIdContext(TlsConnection& conn, BytesView sid_ctx);
// SSL_set1_host: the name chain verification checks the leaf against.
Status TlsSetExpectedHost(TlsConnection& conn, const std::string& host);
// SSL_clear: resets the connection for a new handshake, keeping its BIOs
// and settings (a failed session is not reused). kInternal when OpenSSL
// refuses (e.g. during a handshake).
Status TlsClearConnection(TlsConnection& conn);
// SSL_load_client_CA_file + SSL_set_client_CA_list on this connection only:
// the CA names a server sends in its CertificateRequest.
Status TlsSetConnectionClientCaListFromFile(TlsConnection& conn, const std::string& path);
// SSL_CTX_set_dh_auto: ephemeral DH parameters matched to the key size, the
// OpenSSL 3 replacement for SSL_CTX_set_tmp_dh_callback.
Status TlsContextSetDhAuto(TlsContext& ctx);
// SSL_CTX_set0_tmp_dh_pkey with DH parameters held in a Key (M2Crypto's
// ssl_ctx_set_tmp_dh over a DH object). kInvalidArgument when `params` is not DH.
Status TlsContextSetTmpDh(TlsContext& ctx, const Key& params);
// SSL_state_string: the short code of the handshake state ("PINIT", "SSLOK").
std::string TlsStateStringShort(const TlsConnection& conn);
// SSL_alert_type_string(_long) and SSL_alert_desc_string(_long) of an alert
// value (level << 8 | description), as the info callback reports it.
std::string TlsAlertTypeString(int value, bool long_form);
std::string TlsAlertDescString(int value, bool long_form);
// SSL_get_mode / SSL_set_mode (set returns the new mode bits).
long TlsConnectionMode(const TlsConnection& conn);
long TlsSetConnectionMode(TlsConnection& conn, long mode);
// SSL_get_verify_depth.
int TlsConnectionVerifyDepth(const TlsConnection& conn);
// SSL_get_default_timeout: the session lifetime in seconds.
long TlsDefaultSessionTimeout(const TlsConnection& conn);
// SSL_get_ciphers, in preference order.
std::vector<TlsCipherInfo> TlsConnectionCiphers(const TlsConnection& conn);
// SSL_get_current_cipher; nullopt before a handshake.
std::optional<TlsCipherInfo> TlsCurrentCipher(const TlsConnection& conn);

// Session serialisation (PEM_write_bio_SSL_SESSION / i2d / SSL_SESSION_print).
StatusOr<std::string> TlsSessionPem(const TlsSession& session);
StatusOr<Bytes> TlsSessionDer(const TlsSession& session);
StatusOr<std::string> TlsSessionText(const TlsSession& session);
// PEM_read_bio_SSL_SESSION; kParse when `pem` holds no session.
StatusOr<std::shared_ptr<TlsSession>> TlsSessionFromPem(BytesView pem);
long TlsSessionTime(const TlsSession& session);
long TlsSessionTimeout(const TlsSession& session);
void TlsSetSessionTime(TlsSession& session, long seconds);
void TlsSetSessionTimeout(TlsSession& session, long seconds);

// SSL_CTX_add_session / SSL_CTX_remove_session: false when already present /
// not found.
bool TlsContextAddSession(TlsContext& ctx, const TlsSession& session);
bool TlsContextRemoveSession(TlsContext& ctx, const TlsSession& session);
// SSL_CTX_sess_set_cache_size; returns the previous size.
long TlsContextSetSessionCacheSize(TlsContext& ctx, long size);

}  // namespace cryptoshim::m2crypto
