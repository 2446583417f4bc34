#include "cryptoshim/shims/m2crypto/tls_connection_details.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "cryptoshim/error_queue.h"

namespace cryptoshim::m2crypto {
namespace {

TlsCipherInfo Describe(const SSL_CIPHER* cipher) {
  TlsCipherInfo info;
  info.name = SSL_CIPHER_get_name(cipher);
  info.version = SSL_CIPHER_get_version(cipher);
  info.bits = SSL_CIPHER_get_bits(cipher, nullptr);
  return info;
}

}  // namespace

long TlsVerifyResult(const TlsConnection& conn) { return SSL_get_verify_result(conn.get0()); }

std::string TlsVerifyErrorString(long code) { return X509_verify_cert_error_string(code); }

Status TlsSetConnectionCipherList(TlsConnection& conn, const std::string& ciphers) {
  ClearErrorQueue();
  if (SSL_set_cipher_list(conn.get0(), ciphers.c_str()) != 1)
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "SSL_set_cipher_list");
  return Status::Ok();
}

Status TlsSetConnectionCipherSuites(TlsConnection& conn, const std::string& suites) {
  ClearErrorQueue();
  if (SSL_set_ciphersuites(conn.get0(), suites.c_str()) != 1)
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "SSL_set_ciphersuites");
  return Status::Ok();
}

Status TlsSetConnectionSessionIdContext(TlsConnection& conn, BytesView sid_ctx) {
  ClearErrorQueue();
  if (SSL_set_session_id_context(conn.get0(),
                                 reinterpret_cast<const unsigned char*>(sid_ctx.data()),
                                 static_cast<unsigned int>(sid_ctx.size())) != 1)
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "SSL_set_session_id_context");
  return Status::Ok();
}

Status TlsSetExpectedHost(TlsConnection& conn, const std::string& host) {
  ClearErrorQueue();
  if (SSL_set1_host(conn.get0(), host.c_str()) != 1)
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "SSL_set1_host");
  return Status::Ok();
}

Status TlsClearConnection(TlsConnection& conn) {
  ClearErrorQueue();
  if (SSL_clear(conn.get0()) != 1) return ErrorFromQueue(ErrorCode::kInternal, "SSL_clear");
  return Status::Ok();
}

Status TlsSetConnectionClientCaListFromFile(TlsConnection& conn, const std::string& path) {
  ClearErrorQueue();
  STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(path.c_str());
  if (names == nullptr)
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "SSL_load_client_CA_file");
  SSL_set_client_CA_list(conn.get0(), names);  // takes ownership
  return Status::Ok();
}

Status TlsContextSetDhAuto(TlsContext& ctx) {
  ClearErrorQueue();
  if (SSL_CTX_set_dh_auto(ctx.get0(), 1) != 1)
    return ErrorFromQueue(ErrorCode::kInternal, "SSL_CTX_set_dh_auto");
  return Status::Ok();
}

Status TlsContextSetTmpDh(TlsContext& ctx, const Key& params) {
  ClearErrorQueue();
  if (params.get0() == nullptr || EVP_PKEY_get_base_id(params.get0()) != EVP_PKEY_DH)
    return Status(ErrorCode::kInvalidArgument, "DH parameters expected");
  // set0 takes ownership on success only: hand it a reference of its own.
  EVP_PKEY* ref = params.get0();
  if (EVP_PKEY_up_ref(ref) != 1) return ErrorFromQueue(ErrorCode::kInternal, "EVP_PKEY_up_ref");
  if (SSL_CTX_set0_tmp_dh_pkey(ctx.get0(), ref) != 1) {
    EVP_PKEY_free(ref);
    return ErrorFromQueue(ErrorCode::kInternal, "SSL_CTX_set0_tmp_dh_pkey");
  }
  return Status::Ok();
}

std::string TlsStateStringShort(const TlsConnection& conn) { return SSL_state_string(conn.get0()); }

std::string TlsAlertTypeString(int value, bool long_form) {
  return long_form ? SSL_alert_type_string_long(value) : SSL_alert_type_string(value);
}

std::string TlsAlertDescString(int value, bool long_form) {
  return long_form ? SSL_alert_desc_string_long(value) : SSL_alert_desc_string(value);
}

long TlsConnectionMode(const TlsConnection& conn) { return SSL_get_mode(conn.get0()); }

long TlsSetConnectionMode(TlsConnection& conn, long mode) {
  return SSL_set_mode(conn.get0(), mode);
}

int TlsConnectionVerifyDepth(const TlsConnection& conn) {
  return SSL_get_verify_depth(conn.get0());
}

long TlsDefaultSessionTimeout(const TlsConnection& conn) {
  return SSL_get_default_timeout(conn.get0());
}

std::vector<TlsCipherInfo> TlsConnectionCiphers(const TlsConnection& conn) {
  std::vector<TlsCipherInfo> out;
  STACK_OF(SSL_CIPHER)* ciphers = SSL_get_ciphers(conn.get0());
  for (int i = 0; ciphers != nullptr && i < sk_SSL_CIPHER_num(ciphers); ++i)
    out.push_back(Describe(sk_SSL_CIPHER_value(ciphers, i)));
  return out;
}

std::optional<TlsCipherInfo> TlsCurrentCipher(const TlsConnection& conn) {
  const SSL_CIPHER* cipher = SSL_get_current_cipher(conn.get0());
  if (cipher == nullptr) return std::nullopt;
  return Describe(cipher);
}

StatusOr<std::string> TlsSessionPem(const TlsSession& session) {
  ClearErrorQueue();
  SslUniquePtr<BIO> bio = NewMemBio();
  if (!bio || PEM_write_bio_SSL_SESSION(bio.get(), session.get0()) != 1)
    return ErrorFromQueue(ErrorCode::kInternal, "PEM_write_bio_SSL_SESSION");
  return MemBioContents(bio.get());
}

StatusOr<Bytes> TlsSessionDer(const TlsSession& session) {
  ClearErrorQueue();
  int len = i2d_SSL_SESSION(session.get0(), nullptr);
  if (len <= 0) return ErrorFromQueue(ErrorCode::kInternal, "i2d_SSL_SESSION");
  Bytes out(static_cast<size_t>(len), '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  if (i2d_SSL_SESSION(session.get0(), &p) != len)
    return ErrorFromQueue(ErrorCode::kInternal, "i2d_SSL_SESSION");
  return out;
}

StatusOr<std::string> TlsSessionText(const TlsSession& session) {
  ClearErrorQueue();
  SslUniquePtr<BIO> bio = NewMemBio();
  if (!bio || SSL_SESSION_print(bio.get(), session.get0()) != 1)
    return ErrorFromQueue(ErrorCode::kInternal, "SSL_SESSION_print");
  return MemBioContents(bio.get());
}

StatusOr<std::shared_ptr<TlsSession>> TlsSessionFromPem(BytesView pem) {
  ClearErrorQueue();
  SslUniquePtr<BIO> bio = ReadOnlyMemBio(pem);
  SSL_SESSION* session = PEM_read_bio_SSL_SESSION(bio.get(), nullptr, nullptr, nullptr);
  if (session == nullptr) return ErrorFromQueue(ErrorCode::kParse, "PEM_read_bio_SSL_SESSION");
  return std::make_shared<TlsSession>(SslUniquePtr<SSL_SESSION>(session));
}

long TlsSessionTime(const TlsSession& session) { return SSL_SESSION_get_time(session.get0()); }

long TlsSessionTimeout(const TlsSession& session) {
  return SSL_SESSION_get_timeout(session.get0());
}

void TlsSetSessionTime(TlsSession& session, long seconds) {
  SSL_SESSION_set_time(session.get0(), seconds);
}

void TlsSetSessionTimeout(TlsSession& session, long seconds) {
  SSL_SESSION_set_timeout(session.get0(), seconds);
}

bool TlsContextAddSession(TlsContext& ctx, const TlsSession& session) {
  return SSL_CTX_add_session(ctx.get0(), session.get0()) == 1;
}

bool TlsContextRemoveSession(TlsContext& ctx, const TlsSession& session) {
  return SSL_CTX_remove_session(ctx.get0(), session.get0()) == 1;
}

long TlsContextSetSessionCacheSize(TlsContext& ctx, long size) {
  return SSL_CTX_sess_set_cache_size(ctx.get0(), size);
}

}  // namespace cryptoshim::m2crypto
