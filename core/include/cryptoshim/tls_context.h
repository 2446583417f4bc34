// TLS/DTLS configuration (SSL_CTX): protocol range, options and modes,
// credentials from core Certificate/Key objects or files, verification,
// cipher lists, ALPN, session cache, and the application callbacks.
//
// Callbacks are std::function members that the core invokes from OpenSSL's C
// callbacks. They must not throw: OpenSSL's frames sit between the call and
// the caller. A binding that calls into another language catches everything
// in its callback and reports it after the OpenSSL call returns.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cryptoshim/bytes.h"
#include "cryptoshim/certificate.h"
#include "cryptoshim/key.h"
#include "cryptoshim/key_serialization.h"
#include "cryptoshim/status.h"
#include "cryptoshim/store.h"
#include "cryptoshim/tls_handles.h"
#include "cryptoshim/tls_types.h"
#include "cryptoshim/x509_name.h"

namespace cryptoshim {

class TlsConnection;

enum class TlsMethod { kTls, kTlsServer, kTlsClient, kDtls, kDtlsServer, kDtlsClient };

// What a verification callback sees for one certificate of the chain.
struct TlsVerifyArgs {
  Certificate certificate;
  // X509_V_ERR_* so far. The callback may change it: the store keeps the
  // value it leaves (as X509_STORE_CTX_set_error inside an OpenSSL verify
  // callback), and SSL_get_verify_result reports it after the handshake.
  // Accepting does not clear it; a callback that accepts the certificate
  // as valid sets X509_V_OK.
  int error = 0;
  int depth = 0;
  bool preverify_ok = false;
  // The verification in progress, borrowed: valid only while the callback
  // runs.
  X509_STORE_CTX* store_ctx = nullptr;

  // X509_STORE_CTX_get1_chain: the chain as built so far, leaf first. Made
  // on request, not for every callback: most callbacks never look at it
  // (each certificate is an up-ref and, in Python, an object). Call only
  // while the callback runs. Thread contract: the callback's thread.
  std::vector<Certificate> Chain() const;
};

// The server's answer to the client's ALPN offer.
struct AlpnSelection {
  enum class Kind { kSelected, kNoOverlap, kFatal } kind = Kind::kFatal;
  Bytes protocol;  // for kSelected
};

// The server's OCSP staple: kStaple with a DER response, kNone to staple
// nothing, kFatal to abort the handshake.
struct OcspStaple {
  enum class Kind { kStaple, kNone, kFatal } kind = Kind::kFatal;
  Bytes response;
};

class TlsContext {
 public:
  using VerifyCallback = std::function<bool(TlsConnection&, TlsVerifyArgs&)>;
  using InfoCallback = std::function<void(TlsConnection&, int where, int ret)>;
  using KeylogCallback = std::function<void(TlsConnection&, std::string_view line)>;
  // Returns false to abort the handshake with a fatal alert.
  using ServernameCallback = std::function<bool(TlsConnection&)>;
  using AlpnSelectCallback =
      std::function<AlpnSelection(TlsConnection&, std::vector<Bytes> offered)>;
  using OcspServerCallback = std::function<OcspStaple(TlsConnection&)>;
  // Returns >0 to accept the stapled response, 0 to reject, <0 on error.
  using OcspClientCallback = std::function<int(TlsConnection&, BytesView response)>;
  using CookieGenerateCallback = std::function<std::optional<Bytes>(TlsConnection&)>;
  using CookieVerifyCallback = std::function<bool(TlsConnection&, BytesView cookie)>;

  static StatusOr<std::shared_ptr<TlsContext>> New(TlsMethod method);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  SSL_CTX* get0() const { return ctx_.get(); }
  bool is_dtls() const { return dtls_; }

  Status SetMinProtoVersion(TlsVersion version);
  Status SetMaxProtoVersion(TlsVersion version);
  TlsVersion min_proto_version() const;

  uint64_t SetOptions(uint64_t options);
  uint64_t options() const;
  long SetMode(long mode);
  long ClearMode(long mode);

  // Trust anchors: a PEM file and/or a hashed directory.
  Status LoadVerifyLocations(const std::optional<std::string>& cafile,
                             const std::optional<std::string>& capath);
  Status SetDefaultVerifyPaths();
  // A Store sharing this context's X509_STORE.
  Store CertStore() const;

  Status UseCertificateChainFile(const std::string& path);
  Status UseCertificateFile(const std::string& path, Encoding encoding);
  Status UseCertificate(const Certificate& cert);
  Status AddExtraChainCert(const Certificate& cert);
  Status UsePrivateKeyFile(const std::string& path, Encoding encoding);
  Status UsePrivateKey(const Key& key);
  Status CheckPrivateKey() const;

  Status LoadClientCaFile(const std::string& path);
  Status SetClientCaList(const std::vector<const X509Name*>& names);
  Status AddClientCa(const Certificate& cert);

  Status SetSessionIdContext(BytesView sid_ctx);
  long SetSessionCacheMode(long mode);
  long session_cache_mode() const;
  long SetTimeout(long seconds);
  long timeout() const;

  // `with_callback` installs the verify callback (see set_verify_callback).
  void SetVerify(TlsVerifyMode mode, bool with_callback);
  TlsVerifyMode verify_mode() const;
  void SetVerifyDepth(int depth);
  int verify_depth() const;

  Status LoadTmpDhFile(const std::string& path);
  // Restricts the key-exchange groups to one named curve ("prime256v1").
  Status SetEcdhCurve(const std::string& curve_name);
  Status SetCipherList(const std::string& ciphers);
  Status SetTls13Ciphersuites(const std::string& suites);
  // Whether the enabled TLS 1.2 cipher list admits suites without
  // authentication or encryption, or with export-grade, DES, RC4 or MD5.
  bool AllowsWeakCiphers() const;
  Status SetTlsextUseSrtp(const std::string& profiles);
  // `wire` is the ALPN wire format: length-prefixed protocol names.
  Status SetAlpnProtos(BytesView wire);

  void set_verify_callback(VerifyCallback cb) { verify_callback_ = std::move(cb); }
  const VerifyCallback& verify_callback() const { return verify_callback_; }
  // The passphrase for encrypted key files (key_serialization.h's callback:
  // an error fails the key load). A longer answer than OpenSSL's buffer
  // (kMaxPassphraseLength) is truncated, as pem_password_cb requires.
  void SetPassphraseCallback(PassphraseCallback cb);
  void SetInfoCallback(InfoCallback cb);
  void SetKeylogCallback(KeylogCallback cb);
  void SetServernameCallback(ServernameCallback cb);
  void SetAlpnSelectCallback(AlpnSelectCallback cb);
  Status SetOcspServerCallback(OcspServerCallback cb);
  Status SetOcspClientCallback(OcspClientCallback cb);
  void SetCookieGenerateCallback(CookieGenerateCallback cb);
  void SetCookieVerifyCallback(CookieVerifyCallback cb);

  // The TlsContext owning `ctx`, or nullptr for a foreign SSL_CTX.
  static TlsContext* FromSslCtx(const SSL_CTX* ctx);

 private:
  friend class TlsCallbacks;
  TlsContext(SslUniquePtr<SSL_CTX> ctx, bool dtls);

  SslUniquePtr<SSL_CTX> ctx_;
  bool dtls_;
  VerifyCallback verify_callback_;
  PassphraseCallback passphrase_callback_;
  InfoCallback info_callback_;
  KeylogCallback keylog_callback_;
  ServernameCallback servername_callback_;
  AlpnSelectCallback alpn_select_callback_;
  OcspServerCallback ocsp_server_callback_;
  OcspClientCallback ocsp_client_callback_;
  CookieGenerateCallback cookie_generate_callback_;
  CookieVerifyCallback cookie_verify_callback_;
};

}  // namespace cryptoshim
