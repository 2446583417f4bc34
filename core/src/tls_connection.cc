#include "cryptoshim/tls_connection.h"

#include <openssl/err.h>
#include <openssl/srtp.h>
#include <openssl/ssl.h>

#include <cerrno>

#include "cryptoshim/error_queue.h"
#include "tls_callbacks.h"

namespace cryptoshim {
namespace {

Status Check(int ok, std::string_view what) {
  if (ok == 1) return Status::Ok();
  return ErrorFromQueue(ErrorCode::kInternal, what);
}

std::optional<std::vector<Certificate>> CopyChain(STACK_OF(X509) * chain) {
  if (chain == nullptr) return std::nullopt;
  std::vector<Certificate> out;
  for (int i = 0; i < sk_X509_num(chain); ++i) {
    X509* cert = sk_X509_value(chain, i);
    X509_up_ref(cert);
    out.emplace_back(SslUniquePtr<X509>(cert));
  }
  return out;
}

}  // namespace

TlsConnection::TlsConnection(std::shared_ptr<TlsContext> context, SslUniquePtr<SSL> ssl)
    : initial_context_(context), context_(std::move(context)), ssl_(std::move(ssl)) {
  SSL_set_ex_data(ssl_.get(), TlsCallbacks::ConnectionIndex(), this);
  // A connection keeps the verify callback its context had when it was
  // created, as SSL_new copies the C callback.
  verify_callback_ = context_->verify_callback();
  // Retry internally after non-application records instead of surfacing a
  // spurious want-read (openssl/openssl#6234).
  SSL_set_mode(ssl_.get(), SSL_MODE_AUTO_RETRY);
}

TlsConnection::~TlsConnection() {
  SSL_set_ex_data(ssl_.get(), TlsCallbacks::ConnectionIndex(), nullptr);
}

TlsConnection* TlsConnection::FromSsl(const SSL* ssl) {
  return static_cast<TlsConnection*>(SSL_get_ex_data(ssl, TlsCallbacks::ConnectionIndex()));
}

StatusOr<std::unique_ptr<TlsConnection>> TlsConnection::NewWithMemoryBio(
    std::shared_ptr<TlsContext> context) {
  ClearErrorQueue();
  SslUniquePtr<SSL> ssl(SSL_new(context->get0()));
  if (!ssl) return ErrorFromQueue(ErrorCode::kInternal, "SSL_new");
  std::unique_ptr<TlsConnection> conn(new TlsConnection(std::move(context), std::move(ssl)));
  CS_RETURN_IF_ERROR(conn->SwitchToMemoryBio());
  return conn;
}

StatusOr<std::unique_ptr<TlsConnection>> TlsConnection::NewWithFd(
    std::shared_ptr<TlsContext> context, int fd) {
  ClearErrorQueue();
  SslUniquePtr<SSL> ssl(SSL_new(context->get0()));
  if (!ssl) return ErrorFromQueue(ErrorCode::kInternal, "SSL_new");
  if (SSL_set_fd(ssl.get(), fd) != 1) return ErrorFromQueue(ErrorCode::kInternal, "SSL_set_fd");
  return std::unique_ptr<TlsConnection>(new TlsConnection(std::move(context), std::move(ssl)));
}

Status TlsConnection::SwitchToMemoryBio() {
  ClearErrorQueue();
  SslUniquePtr<BIO> into(BIO_new(BIO_s_mem()));
  SslUniquePtr<BIO> from(BIO_new(BIO_s_mem()));
  if (!into || !from) return ErrorFromQueue(ErrorCode::kInternal, "BIO_new");
  into_ssl_ = into.release();  // SSL_set_bio frees the old BIOs and owns both new ones
  from_ssl_ = from.release();
  SSL_set_bio(ssl_.get(), into_ssl_, from_ssl_);
  return Status::Ok();
}

Status TlsConnection::SwitchToFd(int fd) {
  ClearErrorQueue();
  if (SSL_set_fd(ssl_.get(), fd) != 1) return ErrorFromQueue(ErrorCode::kInternal, "SSL_set_fd");
  into_ssl_ = nullptr;  // the memory BIOs, if any, were freed by SSL_set_fd
  from_ssl_ = nullptr;
  return Status::Ok();
}

int TlsConnection::fd() const { return SSL_get_fd(ssl_.get()); }

Status TlsConnection::SetContext(std::shared_ptr<TlsContext> context) {
  if (SSL_set_SSL_CTX(ssl_.get(), context->get0()) == nullptr) {
    return ErrorFromQueue(ErrorCode::kInternal, "SSL_set_SSL_CTX");
  }
  context_ = std::move(context);
  return Status::Ok();
}

TlsIo TlsConnection::Classify(int ret, int saved_errno) {
  TlsIo io;
  io.result = ret;
  int error = SSL_get_error(ssl_.get(), ret);
  switch (error) {
    case SSL_ERROR_NONE:
      io.status = TlsIoStatus::kOk;
      ClearErrorQueue();
      return io;
    case SSL_ERROR_WANT_READ:
      io.status = TlsIoStatus::kWantRead;
      return io;
    case SSL_ERROR_WANT_WRITE:
      io.status = TlsIoStatus::kWantWrite;
      return io;
    case SSL_ERROR_WANT_X509_LOOKUP:
      io.status = TlsIoStatus::kWantX509Lookup;
      return io;
    case SSL_ERROR_ZERO_RETURN:
      io.status = TlsIoStatus::kZeroReturn;
      return io;
    case SSL_ERROR_SYSCALL:
      io.status = TlsIoStatus::kSyscall;
      io.sys_errno = ret < 0 ? saved_errno : 0;
      io.errors = DrainErrorQueue();
      return io;
    case SSL_ERROR_SSL: {
      unsigned long first = ERR_peek_error();
      if (first != 0 && ERR_GET_LIB(first) == ERR_LIB_SSL &&
          ERR_GET_REASON(first) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
        ERR_clear_error();
        io.status = TlsIoStatus::kUnexpectedEof;
        return io;
      }
      io.status = TlsIoStatus::kSslError;
      io.errors = DrainErrorQueue();
      return io;
    }
    default:
      io.status = TlsIoStatus::kSslError;
      io.errors = DrainErrorQueue();
      return io;
  }
}

TlsIo TlsConnection::DoHandshake() {
  ClearErrorQueue();
  errno = 0;
  int ret = SSL_do_handshake(ssl_.get());
  return Classify(ret, errno);
}

TlsIo TlsConnection::Connect() {
  ClearErrorQueue();
  errno = 0;
  int ret = SSL_connect(ssl_.get());
  return Classify(ret, errno);
}

TlsIo TlsConnection::Accept() {
  ClearErrorQueue();
  errno = 0;
  int ret = SSL_accept(ssl_.get());
  return Classify(ret, errno);
}

TlsIo TlsConnection::Read(char* out, int size, bool peek) {
  ClearErrorQueue();
  errno = 0;
  int ret = peek ? SSL_peek(ssl_.get(), out, size) : SSL_read(ssl_.get(), out, size);
  return Classify(ret, errno);
}

TlsIo TlsConnection::Write(const char* data, int size) {
  ClearErrorQueue();
  errno = 0;
  int ret = SSL_write(ssl_.get(), data, size);
  return Classify(ret, errno);
}

TlsIo TlsConnection::Shutdown() {
  ClearErrorQueue();
  errno = 0;
  int ret = SSL_shutdown(ssl_.get());
  if (ret >= 0) {
    TlsIo io;
    io.result = ret;
    return io;
  }
  return Classify(ret, errno);
}

TlsIo TlsConnection::BioRead(char* out, int size) {
  ClearErrorQueue();
  TlsIo io;
  int ret = BIO_read(from_ssl_, out, size);
  io.result = ret;
  if (ret > 0) return io;
  if (BIO_should_retry(from_ssl_) && BIO_should_read(from_ssl_)) {
    io.status = TlsIoStatus::kWantRead;
  } else if (BIO_should_retry(from_ssl_) && BIO_should_write(from_ssl_)) {
    io.status = TlsIoStatus::kWantWrite;
  } else if (ret == 0) {
    io.status = TlsIoStatus::kOk;  // EOF was signalled: zero bytes
  } else {
    io.status = TlsIoStatus::kSslError;
    io.errors = DrainErrorQueue();
  }
  return io;
}

TlsIo TlsConnection::BioWrite(const char* data, int size) {
  ClearErrorQueue();
  TlsIo io;
  int ret = BIO_write(into_ssl_, data, size);
  io.result = ret;
  if (ret > 0 || size == 0) {
    io.result = ret > 0 ? ret : 0;
    return io;
  }
  if (BIO_should_retry(into_ssl_) && BIO_should_read(into_ssl_)) {
    io.status = TlsIoStatus::kWantRead;
  } else if (BIO_should_retry(into_ssl_) && BIO_should_write(into_ssl_)) {
    io.status = TlsIoStatus::kWantWrite;
  } else {
    io.status = TlsIoStatus::kSslError;
    io.errors = DrainErrorQueue();
  }
  return io;
}

void TlsConnection::BioShutdown() { BIO_set_mem_eof_return(into_ssl_, 0); }

TlsIo TlsConnection::DtlsListen() {
  ClearErrorQueue();
  SslUniquePtr<BIO_ADDR> addr(BIO_ADDR_new());
  errno = 0;
  int ret = DTLSv1_listen(ssl_.get(), addr.get());
  int saved = errno;
  if (ret == 0) {
    TlsIo io;
    io.status = TlsIoStatus::kWantRead;
    return io;
  }
  if (ret > 0) {
    TlsIo io;
    io.result = ret;
    return io;
  }
  return Classify(ret, saved);
}

void TlsConnection::SetConnectState() { SSL_set_connect_state(ssl_.get()); }
void TlsConnection::SetAcceptState() { SSL_set_accept_state(ssl_.get()); }
bool TlsConnection::is_server() const { return SSL_is_server(ssl_.get()) == 1; }
bool TlsConnection::is_init_finished() const { return SSL_is_init_finished(ssl_.get()) == 1; }
int TlsConnection::pending() const { return SSL_pending(ssl_.get()); }

size_t TlsConnection::bio_pending() const {
  return from_ssl_ == nullptr ? 0 : BIO_ctrl_pending(from_ssl_);
}
bool TlsConnection::want_read() const { return SSL_want_read(ssl_.get()); }
bool TlsConnection::want_write() const { return SSL_want_write(ssl_.get()); }
TlsShutdownState TlsConnection::shutdown_state() const {
  return static_cast<TlsShutdownState>(SSL_get_shutdown(ssl_.get()));
}
void TlsConnection::set_shutdown_state(TlsShutdownState state) {
  SSL_set_shutdown(ssl_.get(), static_cast<int>(state));
}
std::string TlsConnection::state_string() const { return SSL_state_string_long(ssl_.get()); }

Status TlsConnection::Renegotiate() {
  ClearErrorQueue();
  return Check(SSL_renegotiate(ssl_.get()), "SSL_renegotiate");
}
bool TlsConnection::renegotiate_pending() const { return SSL_renegotiate_pending(ssl_.get()) == 1; }
long TlsConnection::total_renegotiations() const { return SSL_total_renegotiations(ssl_.get()); }
uint64_t TlsConnection::SetOptions(uint64_t options) {
  return SSL_set_options(ssl_.get(), options);
}

void TlsConnection::SetVerify(TlsVerifyMode mode, bool with_callback) {
  SSL_set_verify(ssl_.get(), static_cast<int>(mode),
                 with_callback ? &TlsCallbacks::Verify : nullptr);
}
TlsVerifyMode TlsConnection::verify_mode() const {
  return static_cast<TlsVerifyMode>(SSL_get_verify_mode(ssl_.get()));
}

void TlsConnection::SetInfoCallback(TlsContext::InfoCallback cb) {
  info_callback_ = std::move(cb);
  SSL_set_info_callback(ssl_.get(), info_callback_ ? &TlsCallbacks::Info : nullptr);
}

Status TlsConnection::UseCertificate(const Certificate& cert) {
  ClearErrorQueue();
  return Check(SSL_use_certificate(ssl_.get(), cert.get0()), "SSL_use_certificate");
}

Status TlsConnection::UsePrivateKey(const Key& key) {
  ClearErrorQueue();
  return Check(SSL_use_PrivateKey(ssl_.get(), key.get0()), "SSL_use_PrivateKey");
}

Status TlsConnection::SetTlsextHostName(const std::string& name) {
  ClearErrorQueue();
  return Check(static_cast<int>(SSL_set_tlsext_host_name(ssl_.get(), name.c_str())),
               "SSL_set_tlsext_host_name");
}

Status TlsConnection::SetAlpnProtos(BytesView wire) {
  ClearErrorQueue();
  if (SSL_set_alpn_protos(ssl_.get(), reinterpret_cast<const unsigned char*>(wire.data()),
                          static_cast<unsigned int>(wire.size())) != 0) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "SSL_set_alpn_protos");
  }
  return Status::Ok();
}

Status TlsConnection::SetSession(const TlsSession& session) {
  ClearErrorQueue();
  return Check(SSL_set_session(ssl_.get(), session.get0()), "SSL_set_session");
}

Status TlsConnection::RequestOcsp() {
  ClearErrorQueue();
  return Check(static_cast<int>(SSL_set_tlsext_status_type(ssl_.get(), TLSEXT_STATUSTYPE_ocsp)),
               "SSL_set_tlsext_status_type");
}

void TlsConnection::SetMtu(long mtu) { SSL_set_mtu(ssl_.get(), mtu); }

StatusOr<long> TlsConnection::DataMtu() const {
  return static_cast<long>(DTLS_get_data_mtu(ssl_.get()));
}

std::optional<double> TlsConnection::DtlsTimeout() const {
  timeval tv{};
  if (DTLSv1_get_timeout(ssl_.get(), &tv) != 1) return std::nullopt;
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

bool TlsConnection::DtlsHandleTimeout() { return DTLSv1_handle_timeout(ssl_.get()) == 1; }

std::optional<std::string> TlsConnection::servername() const {
  const char* name = SSL_get_servername(ssl_.get(), TLSEXT_NAMETYPE_host_name);
  if (name == nullptr) return std::nullopt;
  return std::string(name);
}

std::optional<Certificate> TlsConnection::certificate() const {
  X509* cert = SSL_get_certificate(ssl_.get());
  if (cert == nullptr) return std::nullopt;
  X509_up_ref(cert);
  return Certificate(SslUniquePtr<X509>(cert));
}

std::optional<Certificate> TlsConnection::peer_certificate() const {
  X509* cert = SSL_get1_peer_certificate(ssl_.get());
  if (cert == nullptr) return std::nullopt;
  return Certificate(SslUniquePtr<X509>(cert));
}

std::optional<std::vector<Certificate>> TlsConnection::peer_cert_chain() const {
  return CopyChain(SSL_get_peer_cert_chain(ssl_.get()));
}

std::optional<std::vector<Certificate>> TlsConnection::verified_chain() const {
  return CopyChain(SSL_get0_verified_chain(ssl_.get()));
}

std::vector<std::string> TlsConnection::cipher_list() const {
  std::vector<std::string> out;
  for (int i = 0;; ++i) {
    const char* name = SSL_get_cipher_list(ssl_.get(), i);
    if (name == nullptr) break;
    out.emplace_back(name);
  }
  return out;
}

std::vector<X509Name> TlsConnection::client_ca_list() const {
  std::vector<X509Name> out;
  STACK_OF(X509_NAME)* names = SSL_get_client_CA_list(ssl_.get());
  if (names == nullptr) return out;
  for (int i = 0; i < sk_X509_NAME_num(names); ++i) {
    X509_NAME* copy = X509_NAME_dup(sk_X509_NAME_value(names, i));
    if (copy != nullptr) out.emplace_back(SslUniquePtr<X509_NAME>(copy));
  }
  return out;
}

std::optional<std::shared_ptr<TlsSession>> TlsConnection::session() const {
  SSL_SESSION* session = SSL_get1_session(ssl_.get());
  if (session == nullptr) return std::nullopt;
  return std::make_shared<TlsSession>(SslUniquePtr<SSL_SESSION>(session));
}

std::optional<Bytes> TlsConnection::server_random() const {
  if (SSL_get_session(ssl_.get()) == nullptr) return std::nullopt;
  Bytes out(SSL_get_server_random(ssl_.get(), nullptr, 0), '\0');
  SSL_get_server_random(ssl_.get(), reinterpret_cast<unsigned char*>(out.data()), out.size());
  return out;
}

std::optional<Bytes> TlsConnection::client_random() const {
  if (SSL_get_session(ssl_.get()) == nullptr) return std::nullopt;
  Bytes out(SSL_get_client_random(ssl_.get(), nullptr, 0), '\0');
  SSL_get_client_random(ssl_.get(), reinterpret_cast<unsigned char*>(out.data()), out.size());
  return out;
}

std::optional<Bytes> TlsConnection::master_key() const {
  SSL_SESSION* session = SSL_get_session(ssl_.get());
  if (session == nullptr) return std::nullopt;
  Bytes out(SSL_SESSION_get_master_key(session, nullptr, 0), '\0');
  SSL_SESSION_get_master_key(session, reinterpret_cast<unsigned char*>(out.data()), out.size());
  return out;
}

StatusOr<Bytes> TlsConnection::ExportKeyingMaterial(BytesView label, size_t length,
                                                    const std::optional<Bytes>& context) const {
  ClearErrorQueue();
  Bytes out(length, '\0');
  int ok = SSL_export_keying_material(
      ssl_.get(), reinterpret_cast<unsigned char*>(out.data()), out.size(), label.data(),
      label.size(), context ? reinterpret_cast<const unsigned char*>(context->data()) : nullptr,
      context ? context->size() : 0, context ? 1 : 0);
  if (ok != 1) return ErrorFromQueue(ErrorCode::kInternal, "SSL_export_keying_material");
  return out;
}

std::optional<Bytes> TlsConnection::finished() const {
  char probe[1];
  size_t size = SSL_get_finished(ssl_.get(), probe, 0);
  if (size == 0) return std::nullopt;
  Bytes out(size, '\0');
  SSL_get_finished(ssl_.get(), out.data(), size);
  return out;
}

std::optional<Bytes> TlsConnection::peer_finished() const {
  char probe[1];
  size_t size = SSL_get_peer_finished(ssl_.get(), probe, 0);
  if (size == 0) return std::nullopt;
  Bytes out(size, '\0');
  SSL_get_peer_finished(ssl_.get(), out.data(), size);
  return out;
}

std::optional<std::string> TlsConnection::cipher_name() const {
  const SSL_CIPHER* c = SSL_get_current_cipher(ssl_.get());
  if (c == nullptr) return std::nullopt;
  return std::string(SSL_CIPHER_get_name(c));
}

std::optional<int> TlsConnection::cipher_bits() const {
  const SSL_CIPHER* c = SSL_get_current_cipher(ssl_.get());
  if (c == nullptr) return std::nullopt;
  return SSL_CIPHER_get_bits(c, nullptr);
}

std::optional<std::string> TlsConnection::cipher_version() const {
  const SSL_CIPHER* c = SSL_get_current_cipher(ssl_.get());
  if (c == nullptr) return std::nullopt;
  return std::string(SSL_CIPHER_get_version(c));
}

std::string TlsConnection::protocol_version_name() const { return SSL_get_version(ssl_.get()); }
TlsVersion TlsConnection::protocol_version() const {
  return static_cast<TlsVersion>(SSL_version(ssl_.get()));
}

Bytes TlsConnection::alpn_selected() const {
  const unsigned char* data = nullptr;
  unsigned int len = 0;
  SSL_get0_alpn_selected(ssl_.get(), &data, &len);
  if (data == nullptr) return Bytes();
  return Bytes(reinterpret_cast<const char*>(data), len);
}

Bytes TlsConnection::selected_srtp_profile() const {
  const SRTP_PROTECTION_PROFILE* profile = SSL_get_selected_srtp_profile(ssl_.get());
  if (profile == nullptr) return Bytes();
  return Bytes(profile->name);
}

std::optional<std::string> TlsConnection::group_name() const {
  // OpenSSL 3.0's SSL_get_negotiated_group reads s->session->kex_group without
  // a NULL check: before the handshake has a session it would crash.
  if (SSL_get_session(ssl_.get()) == nullptr) return std::nullopt;
  int nid = SSL_get_negotiated_group(ssl_.get());
  if (nid == NID_undef || nid == 0) return std::nullopt;
  const char* name = SSL_group_to_name(ssl_.get(), nid);
  if (name == nullptr) return std::nullopt;
  return std::string(name);
}

}  // namespace cryptoshim
