#include "tls_callbacks.h"

#include <openssl/crypto.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cstring>

#include "cryptoshim/tls_connection.h"
#include "cryptoshim/tls_context.h"

namespace cryptoshim {
namespace {

// Callbacks are looked up on the SSL's current SSL_CTX, so a context switched
// in by an SNI callback brings its own callbacks.
TlsContext* ContextOf(const SSL* ssl) { return TlsContext::FromSslCtx(SSL_get_SSL_CTX(ssl)); }

}  // namespace

int TlsCallbacks::ContextIndex() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

std::vector<Certificate> TlsVerifyArgs::Chain() const {
  std::vector<Certificate> out;
  if (store_ctx == nullptr) return out;
  // get0: the chain stays the store's; each certificate is up-ref'd for us.
  STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(store_ctx);
  out.reserve(static_cast<size_t>(sk_X509_num(chain)));
  for (int i = 0; i < sk_X509_num(chain); ++i) {
    X509* cert = sk_X509_value(chain, i);
    X509_up_ref(cert);
    out.emplace_back(SslUniquePtr<X509>(cert));
  }
  return out;
}

int TlsCallbacks::ConnectionIndex() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

int TlsCallbacks::Verify(int preverify_ok, X509_STORE_CTX* store_ctx) {
  auto* ssl = static_cast<SSL*>(
      X509_STORE_CTX_get_ex_data(store_ctx, SSL_get_ex_data_X509_STORE_CTX_idx()));
  TlsConnection* conn = ssl ? TlsConnection::FromSsl(ssl) : nullptr;
  X509* current = X509_STORE_CTX_get_current_cert(store_ctx);
  if (conn == nullptr || !conn->verify_callback() || current == nullptr) return preverify_ok;
  X509_up_ref(current);
  TlsVerifyArgs args{Certificate(SslUniquePtr<X509>(current)), X509_STORE_CTX_get_error(store_ctx),
                     X509_STORE_CTX_get_error_depth(store_ctx), preverify_ok == 1, store_ctx};
  // Copy: the callback may replace the connection's callback while running.
  TlsContext::VerifyCallback callback = conn->verify_callback();
  const TlsVerifyArgs* outer = conn->verify_in_progress_;
  conn->verify_in_progress_ = &args;
  bool accepted = callback(*conn, args);
  conn->verify_in_progress_ = outer;
  X509_STORE_CTX_set_error(store_ctx, args.error);
  return accepted ? 1 : 0;
}

int TlsCallbacks::Passphrase(char* buf, int size, int rwflag, void* userdata) {
  auto* ctx = static_cast<TlsContext*>(userdata);
  if (ctx == nullptr || !ctx->passphrase_callback_ || size <= 0) return 0;
  StatusOr<std::string> pass = ctx->passphrase_callback_(rwflag != 0);
  if (!pass.ok()) return 0;
  int n = static_cast<int>(std::min<size_t>(pass->size(), static_cast<size_t>(size)));
  std::memcpy(buf, pass->data(), static_cast<size_t>(n));
  OPENSSL_cleanse(pass->data(), pass->size());
  return n;
}

void TlsCallbacks::Info(const SSL* ssl, int where, int ret) {
  TlsConnection* conn = TlsConnection::FromSsl(ssl);
  if (conn == nullptr) return;
  if (conn->info_callback()) {
    TlsContext::InfoCallback callback = conn->info_callback();
    callback(*conn, where, ret);
    return;
  }
  TlsContext* ctx = ContextOf(ssl);
  if (ctx != nullptr && ctx->info_callback_) {
    TlsContext::InfoCallback callback = ctx->info_callback_;
    callback(*conn, where, ret);
  }
}

void TlsCallbacks::Keylog(const SSL* ssl, const char* line) {
  TlsConnection* conn = TlsConnection::FromSsl(ssl);
  TlsContext* ctx = ContextOf(ssl);
  if (conn == nullptr || ctx == nullptr || !ctx->keylog_callback_) return;
  TlsContext::KeylogCallback callback = ctx->keylog_callback_;
  callback(*conn, line);
}

int TlsCallbacks::Servername(SSL* ssl, int* /*alert*/, void* /*arg*/) {
  TlsConnection* conn = TlsConnection::FromSsl(ssl);
  TlsContext* ctx = ContextOf(ssl);
  if (conn != nullptr && ctx != nullptr && ctx->servername_callback_) {
    // Copy: the callback typically switches the connection's context.
    TlsContext::ServernameCallback callback = ctx->servername_callback_;
    if (!callback(*conn)) return SSL_TLSEXT_ERR_ALERT_FATAL;
  }
  return SSL_TLSEXT_ERR_OK;
}

int TlsCallbacks::AlpnSelect(SSL* ssl, const unsigned char** out, unsigned char* outlen,
                             const unsigned char* in, unsigned int inlen, void* /*arg*/) {
  TlsConnection* conn = TlsConnection::FromSsl(ssl);
  TlsContext* ctx = ContextOf(ssl);
  if (conn == nullptr || ctx == nullptr || !ctx->alpn_select_callback_) return SSL_TLSEXT_ERR_NOACK;
  std::vector<Bytes> offered;
  for (unsigned int i = 0; i < inlen;) {
    unsigned int len = in[i];
    if (i + 1 + len > inlen) return SSL_TLSEXT_ERR_ALERT_FATAL;
    offered.emplace_back(reinterpret_cast<const char*>(in + i + 1), len);
    i += 1 + len;
  }
  TlsContext::AlpnSelectCallback callback = ctx->alpn_select_callback_;
  AlpnSelection selection = callback(*conn, std::move(offered));
  switch (selection.kind) {
    case AlpnSelection::Kind::kSelected: {
      if (selection.protocol.size() > 255) return SSL_TLSEXT_ERR_ALERT_FATAL;
      Bytes& storage = conn->alpn_selection_storage();
      storage = std::move(selection.protocol);
      *out = reinterpret_cast<const unsigned char*>(storage.data());
      *outlen = static_cast<unsigned char>(storage.size());
      return SSL_TLSEXT_ERR_OK;
    }
    case AlpnSelection::Kind::kNoOverlap:
      return SSL_TLSEXT_ERR_NOACK;
    case AlpnSelection::Kind::kFatal:
      break;
  }
  return SSL_TLSEXT_ERR_ALERT_FATAL;
}

int TlsCallbacks::OcspStatus(SSL* ssl, void* /*arg*/) {
  TlsConnection* conn = TlsConnection::FromSsl(ssl);
  TlsContext* ctx = ContextOf(ssl);
  if (conn == nullptr || ctx == nullptr) return SSL_TLSEXT_ERR_ALERT_FATAL;
  if (ctx->ocsp_server_callback_) {
    TlsContext::OcspServerCallback callback = ctx->ocsp_server_callback_;
    OcspStaple staple = callback(*conn);
    switch (staple.kind) {
      case OcspStaple::Kind::kNone:
        return SSL_TLSEXT_ERR_NOACK;
      case OcspStaple::Kind::kStaple: {
        // OpenSSL takes ownership of an OPENSSL_malloc'd buffer.
        auto* data = static_cast<unsigned char*>(OPENSSL_malloc(staple.response.size()));
        if (data == nullptr) return SSL_TLSEXT_ERR_ALERT_FATAL;
        std::memcpy(data, staple.response.data(), staple.response.size());
        SSL_set_tlsext_status_ocsp_resp(ssl, data, static_cast<long>(staple.response.size()));
        return SSL_TLSEXT_ERR_OK;
      }
      case OcspStaple::Kind::kFatal:
        break;
    }
    return SSL_TLSEXT_ERR_ALERT_FATAL;
  }
  if (ctx->ocsp_client_callback_) {
    const unsigned char* resp = nullptr;
    long len = SSL_get_tlsext_status_ocsp_resp(ssl, &resp);
    Bytes response;
    if (len > 0 && resp != nullptr) response.assign(reinterpret_cast<const char*>(resp), len);
    TlsContext::OcspClientCallback callback = ctx->ocsp_client_callback_;
    return callback(*conn, response);
  }
  return 1;
}

int TlsCallbacks::CookieGenerate(SSL* ssl, unsigned char* cookie, unsigned int* cookie_len) {
  TlsConnection* conn = TlsConnection::FromSsl(ssl);
  TlsContext* ctx = ContextOf(ssl);
  if (conn == nullptr || ctx == nullptr || !ctx->cookie_generate_callback_) return 0;
  TlsContext::CookieGenerateCallback callback = ctx->cookie_generate_callback_;
  std::optional<Bytes> value = callback(*conn);
  if (!value || value->size() > DTLS1_COOKIE_LENGTH) return 0;
  std::memcpy(cookie, value->data(), value->size());
  *cookie_len = static_cast<unsigned int>(value->size());
  return 1;
}

int TlsCallbacks::CookieVerify(SSL* ssl, const unsigned char* cookie, unsigned int cookie_len) {
  TlsConnection* conn = TlsConnection::FromSsl(ssl);
  TlsContext* ctx = ContextOf(ssl);
  if (conn == nullptr || ctx == nullptr || !ctx->cookie_verify_callback_) return 0;
  TlsContext::CookieVerifyCallback callback = ctx->cookie_verify_callback_;
  return callback(*conn, BytesView(reinterpret_cast<const char*>(cookie), cookie_len)) ? 1 : 0;
}

}  // namespace cryptoshim
