// One TLS/DTLS connection (SSL) over either a socket file descriptor or a
// pair of memory BIOs. Every I/O step returns a TlsIo describing what
// happened; nothing is decided by peeking at the error queue afterwards.
//
// Thread contract: a TlsConnection is not thread-safe (an SSL object never
// is). Callers that may touch one connection from several threads hold
// mutex() around every call that reads or writes its records or BIOs; the
// Python binding does so for I/O (which runs without the GIL) and for
// BIO pumping. The mutex is recursive because callbacks run inside I/O and
// may call back into the same connection.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cryptoshim/bytes.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/key.h"
#include "cryptoshim/status.h"
#include "cryptoshim/tls_context.h"
#include "cryptoshim/tls_handles.h"
#include "cryptoshim/tls_io.h"
#include "cryptoshim/tls_session.h"
#include "cryptoshim/tls_types.h"
#include "cryptoshim/x509_name.h"

namespace cryptoshim {

class TlsConnection {
 public:
  // Memory-BIO transport: ciphertext goes in with BioWrite and out with BioRead.
  static StatusOr<std::unique_ptr<TlsConnection>> NewWithMemoryBio(
      std::shared_ptr<TlsContext> context);
  // Socket transport over a connected (or to-be-connected) file descriptor.
  static StatusOr<std::unique_ptr<TlsConnection>> NewWithFd(std::shared_ptr<TlsContext> context,
                                                            int fd);
  ~TlsConnection();
  TlsConnection(const TlsConnection&) = delete;
  TlsConnection& operator=(const TlsConnection&) = delete;

  SSL* get0() const { return ssl_.get(); }
  // The lock of the thread contract above.
  std::recursive_mutex& mutex() const { return mutex_; }
  bool uses_memory_bio() const { return into_ssl_ != nullptr; }
  const std::shared_ptr<TlsContext>& context() const { return context_; }
  // SSL_set_bio with a fresh memory BIO pair: moves this connection off its
  // socket (or old BIO pair, both freed by OpenSSL) onto memory BIOs while
  // keeping the SSL object and every setting made on it.
  Status SwitchToMemoryBio();
  // SSL_set_fd: moves this connection onto a socket file descriptor (off a
  // memory BIO pair or an earlier descriptor), keeping the SSL object.
  Status SwitchToFd(int fd);
  // SSL_get_fd: the socket descriptor, -1 over memory BIOs.
  int fd() const;
  // SSL_set_SSL_CTX: switches certificate and key (SNI); keeps the original
  // session context.
  Status SetContext(std::shared_ptr<TlsContext> context);
  // The TlsConnection owning `ssl`, or nullptr for a foreign SSL.
  static TlsConnection* FromSsl(const SSL* ssl);

  // --- I/O (each may call back into the application) ---
  TlsIo DoHandshake();
  // SSL_connect / SSL_accept: DoHandshake that first takes the client or
  // server role when none is set yet.
  TlsIo Connect();
  TlsIo Accept();
  TlsIo Read(char* out, int size, bool peek);
  TlsIo Write(const char* data, int size);
  TlsIo Shutdown();
  // Memory BIO transfer. kWantRead when nothing is pending.
  TlsIo BioRead(char* out, int size);
  // Bytes waiting in the outgoing memory BIO (0 without one), so a reader can
  // size its buffer to what is there rather than to what it may accept.
  size_t bio_pending() const;
  TlsIo BioWrite(const char* data, int size);
  // Signals EOF on the incoming memory BIO.
  void BioShutdown();
  TlsIo DtlsListen();

  // --- state ---
  void SetConnectState();
  void SetAcceptState();
  bool is_server() const;
  bool is_init_finished() const;
  int pending() const;
  bool want_read() const;
  bool want_write() const;
  TlsShutdownState shutdown_state() const;
  void set_shutdown_state(TlsShutdownState state);
  std::string state_string() const;
  Status Renegotiate();
  bool renegotiate_pending() const;
  long total_renegotiations() const;
  uint64_t SetOptions(uint64_t options);

  // --- configuration overriding the context ---
  void SetVerify(TlsVerifyMode mode, bool with_callback);
  TlsVerifyMode verify_mode() const;
  void set_verify_callback(TlsContext::VerifyCallback cb) { verify_callback_ = std::move(cb); }
  const TlsContext::VerifyCallback& verify_callback() const { return verify_callback_; }
  // The arguments of the verify callback running on this connection (set by
  // TlsCallbacks::Verify for the duration of the call), nullptr otherwise.
  const TlsVerifyArgs* verify_in_progress() const { return verify_in_progress_; }
  void SetInfoCallback(TlsContext::InfoCallback cb);
  const TlsContext::InfoCallback& info_callback() const { return info_callback_; }
  Status UseCertificate(const Certificate& cert);
  Status UsePrivateKey(const Key& key);
  Status SetTlsextHostName(const std::string& name);
  Status SetAlpnProtos(BytesView wire);
  Status SetSession(const TlsSession& session);
  Status RequestOcsp();
  void SetMtu(long mtu);
  StatusOr<long> DataMtu() const;
  // Seconds until the DTLS retransmission timer fires, nullopt when unset.
  std::optional<double> DtlsTimeout() const;
  bool DtlsHandleTimeout();

  // --- what was negotiated ---
  std::optional<std::string> servername() const;
  std::optional<Certificate> certificate() const;
  std::optional<Certificate> peer_certificate() const;
  std::optional<std::vector<Certificate>> peer_cert_chain() const;
  std::optional<std::vector<Certificate>> verified_chain() const;
  std::vector<std::string> cipher_list() const;
  std::vector<X509Name> client_ca_list() const;
  std::optional<std::shared_ptr<TlsSession>> session() const;
  std::optional<Bytes> server_random() const;
  std::optional<Bytes> client_random() const;
  std::optional<Bytes> master_key() const;
  StatusOr<Bytes> ExportKeyingMaterial(BytesView label, size_t length,
                                       const std::optional<Bytes>& context) const;
  std::optional<Bytes> finished() const;
  std::optional<Bytes> peer_finished() const;
  std::optional<std::string> cipher_name() const;
  std::optional<int> cipher_bits() const;
  std::optional<std::string> cipher_version() const;
  std::string protocol_version_name() const;
  TlsVersion protocol_version() const;
  Bytes alpn_selected() const;
  Bytes selected_srtp_profile() const;
  std::optional<std::string> group_name() const;

  // Storage for the protocol the ALPN callback chose: OpenSSL reads it after
  // the callback returns.
  Bytes& alpn_selection_storage() { return alpn_selection_; }

 private:
  TlsConnection(std::shared_ptr<TlsContext> context, SslUniquePtr<SSL> ssl);
  // Classifies the return value `ret` of an SSL_* call, capturing errno first.
  TlsIo Classify(int ret, int saved_errno);

  std::shared_ptr<TlsContext> initial_context_;
  std::shared_ptr<TlsContext> context_;
  SslUniquePtr<SSL> ssl_;
  BIO* into_ssl_ = nullptr;  // owned by ssl_ (SSL_set_bio)
  BIO* from_ssl_ = nullptr;  // owned by ssl_
  TlsContext::VerifyCallback verify_callback_;
  TlsContext::InfoCallback info_callback_;
  Bytes alpn_selection_;
  const TlsVerifyArgs* verify_in_progress_ = nullptr;
  mutable std::recursive_mutex mutex_;
  friend class TlsCallbacks;
};

}  // namespace cryptoshim
