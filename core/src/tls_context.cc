#include "cryptoshim/tls_context.h"

#include <openssl/dh.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/srtp.h>

#include "cryptoshim/error_queue.h"
#include "cryptoshim/key_serialization.h"
#include "cryptoshim/safety_policy.h"
#include "tls_callbacks.h"

namespace cryptoshim {
namespace {

const SSL_METHOD* MethodFor(TlsMethod method) {
  switch (method) {
    case TlsMethod::kTls:
      return TLS_method();
    case TlsMethod::kTlsServer:
      return TLS_server_method();
    case TlsMethod::kTlsClient:
      return TLS_client_method();
    case TlsMethod::kDtls:
      return DTLS_method();
    case TlsMethod::kDtlsServer:
      return DTLS_server_method();
    case TlsMethod::kDtlsClient:
      return DTLS_client_method();
  }
  return nullptr;
}

int FileType(Encoding encoding) {
  return encoding == Encoding::kPem ? SSL_FILETYPE_PEM : SSL_FILETYPE_ASN1;
}

Status Check(int ok, std::string_view what) {
  if (ok == 1) return Status::Ok();
  return ErrorFromQueue(ErrorCode::kInternal, what);
}

}  // namespace

TlsContext::TlsContext(SslUniquePtr<SSL_CTX> ctx, bool dtls) : ctx_(std::move(ctx)), dtls_(dtls) {}

TlsContext::~TlsContext() {
  // Connections keep their context alive, so no SSL can still call back here;
  // clear the back-pointer anyway so a stray reference reads nullptr.
  SSL_CTX_set_ex_data(ctx_.get(), TlsCallbacks::ContextIndex(), nullptr);
}

StatusOr<std::shared_ptr<TlsContext>> TlsContext::New(TlsMethod method) {
  ClearErrorQueue();
  const SSL_METHOD* m = MethodFor(method);
  if (m == nullptr) return Status(ErrorCode::kInvalidArgument, "No such protocol");
  SslUniquePtr<SSL_CTX> ctx(SSL_CTX_new(m));
  if (!ctx) return ErrorFromQueue(ErrorCode::kInternal, "SSL_CTX_new");
  bool dtls = method == TlsMethod::kDtls || method == TlsMethod::kDtlsServer ||
              method == TlsMethod::kDtlsClient;
  std::shared_ptr<TlsContext> out(new TlsContext(std::move(ctx), dtls));
  SSL_CTX_set_ex_data(out->get0(), TlsCallbacks::ContextIndex(), out.get());
  return out;
}

TlsContext* TlsContext::FromSslCtx(const SSL_CTX* ctx) {
  return static_cast<TlsContext*>(SSL_CTX_get_ex_data(ctx, TlsCallbacks::ContextIndex()));
}

Status TlsContext::SetMinProtoVersion(TlsVersion version) {
  ClearErrorQueue();
  return Check(SSL_CTX_set_min_proto_version(ctx_.get(), static_cast<int>(version)),
               "SSL_CTX_set_min_proto_version");
}

Status TlsContext::SetMaxProtoVersion(TlsVersion version) {
  ClearErrorQueue();
  return Check(SSL_CTX_set_max_proto_version(ctx_.get(), static_cast<int>(version)),
               "SSL_CTX_set_max_proto_version");
}

TlsVersion TlsContext::min_proto_version() const {
  return static_cast<TlsVersion>(SSL_CTX_get_min_proto_version(ctx_.get()));
}

uint64_t TlsContext::SetOptions(uint64_t options) {
  return SSL_CTX_set_options(ctx_.get(), options);
}
uint64_t TlsContext::options() const { return SSL_CTX_get_options(ctx_.get()); }
long TlsContext::SetMode(long mode) { return SSL_CTX_set_mode(ctx_.get(), mode); }
long TlsContext::ClearMode(long mode) { return SSL_CTX_clear_mode(ctx_.get(), mode); }

Status TlsContext::LoadVerifyLocations(const std::optional<std::string>& cafile,
                                       const std::optional<std::string>& capath) {
  ClearErrorQueue();
  int ok = SSL_CTX_load_verify_locations(ctx_.get(), cafile ? cafile->c_str() : nullptr,
                                         capath ? capath->c_str() : nullptr);
  return Check(ok, "SSL_CTX_load_verify_locations");
}

Status TlsContext::SetDefaultVerifyPaths() {
  ClearErrorQueue();
  return Check(SSL_CTX_set_default_verify_paths(ctx_.get()), "SSL_CTX_set_default_verify_paths");
}

Store TlsContext::CertStore() const {
  X509_STORE* store = SSL_CTX_get_cert_store(ctx_.get());
  X509_STORE_up_ref(store);
  return Store(SslUniquePtr<X509_STORE>(store));
}

Status TlsContext::UseCertificateChainFile(const std::string& path) {
  ClearErrorQueue();
  return Check(SSL_CTX_use_certificate_chain_file(ctx_.get(), path.c_str()),
               "SSL_CTX_use_certificate_chain_file");
}

Status TlsContext::UseCertificateFile(const std::string& path, Encoding encoding) {
  ClearErrorQueue();
  return Check(SSL_CTX_use_certificate_file(ctx_.get(), path.c_str(), FileType(encoding)),
               "SSL_CTX_use_certificate_file");
}

Status TlsContext::UseCertificate(const Certificate& cert) {
  ClearErrorQueue();
  return Check(SSL_CTX_use_certificate(ctx_.get(), cert.get0()), "SSL_CTX_use_certificate");
}

Status TlsContext::AddExtraChainCert(const Certificate& cert) {
  ClearErrorQueue();
  SslUniquePtr<X509> copy(X509_dup(cert.get0()));
  if (!copy) return ErrorFromQueue(ErrorCode::kInternal, "X509_dup");
  // On success the context owns the copy.
  if (SSL_CTX_add_extra_chain_cert(ctx_.get(), copy.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "SSL_CTX_add_extra_chain_cert");
  }
  copy.release();
  return Status::Ok();
}

// Decoded through the core's key loader rather than SSL_CTX_use_PrivateKey_file
// so that PEM files encrypted with legacy ciphers (Blowfish, DES) still load:
// their ciphers live in a private legacy-provider context, never in the
// default one libssl would use.
Status TlsContext::UsePrivateKeyFile(const std::string& path, Encoding encoding) {
  ClearErrorQueue();
  SslUniquePtr<BIO> file(BIO_new_file(path.c_str(), "rb"));
  if (!file) return ErrorFromQueue(ErrorCode::kInvalidArgument, "BIO_new_file");
  SslUniquePtr<BIO> mem(BIO_new(BIO_s_mem()));
  char buf[4096];
  int n;
  while ((n = BIO_read(file.get(), buf, sizeof(buf))) > 0) BIO_write(mem.get(), buf, n);
  Bytes data = MemBioContents(mem.get());
  PassphraseCallback passphrase = [this](bool for_writing) -> StatusOr<std::string> {
    if (!passphrase_callback_) return Status(ErrorCode::kBadPassword, "no passphrase callback");
    CS_ASSIGN_OR_RETURN(std::string pass, passphrase_callback_(for_writing));
    if (pass.empty()) return Status(ErrorCode::kBadPassword, "no passphrase");
    if (pass.size() > kMaxPassphraseLength) {
      OPENSSL_cleanse(pass.data() + kMaxPassphraseLength, pass.size() - kMaxPassphraseLength);
      pass.resize(kMaxPassphraseLength);
    }
    return pass;
  };
  StatusOr<Key> key = LoadPrivateKey(data, encoding, passphrase);
  OPENSSL_cleanse(data.data(), data.size());
  if (!key.ok()) {
    std::vector<OpenSslError> queue = key.status().openssl_errors();
    queue.push_back(OpenSslError{0, "SSL routines", "", "PEM lib"});
    return Status(key.status().code(), "SSL_CTX_use_PrivateKey_file", std::move(queue));
  }
  return UsePrivateKey(*key);
}

Status TlsContext::UsePrivateKey(const Key& key) {
  ClearErrorQueue();
  return Check(SSL_CTX_use_PrivateKey(ctx_.get(), key.get0()), "SSL_CTX_use_PrivateKey");
}

Status TlsContext::CheckPrivateKey() const {
  ClearErrorQueue();
  return Check(SSL_CTX_check_private_key(ctx_.get()), "SSL_CTX_check_private_key");
}

Status TlsContext::LoadClientCaFile(const std::string& path) {
  ClearErrorQueue();
  STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(path.c_str());
  if (names == nullptr) return ErrorFromQueue(ErrorCode::kInternal, "SSL_load_client_CA_file");
  SSL_CTX_set_client_CA_list(ctx_.get(), names);  // takes ownership
  return Status::Ok();
}

Status TlsContext::SetClientCaList(const std::vector<const X509Name*>& names) {
  ClearErrorQueue();
  X509NameStackPtr stack(sk_X509_NAME_new_null());
  if (!stack) return ErrorFromQueue(ErrorCode::kInternal, "sk_X509_NAME_new_null");
  for (const X509Name* name : names) {
    SslUniquePtr<X509_NAME> copy(X509_NAME_dup(name->get0()));
    if (!copy || sk_X509_NAME_push(stack.get(), copy.get()) == 0) {
      return ErrorFromQueue(ErrorCode::kInternal, "sk_X509_NAME_push");
    }
    copy.release();  // owned by the stack now
  }
  SSL_CTX_set_client_CA_list(ctx_.get(), stack.release());  // takes ownership
  return Status::Ok();
}

Status TlsContext::AddClientCa(const Certificate& cert) {
  ClearErrorQueue();
  return Check(SSL_CTX_add_client_CA(ctx_.get(), cert.get0()), "SSL_CTX_add_client_CA");
}

Status TlsContext::SetSessionIdContext(BytesView sid_ctx) {
  ClearErrorQueue();
  return Check(SSL_CTX_set_session_id_context(
                   ctx_.get(), reinterpret_cast<const unsigned char*>(sid_ctx.data()),
                   static_cast<unsigned int>(sid_ctx.size())),
               "SSL_CTX_set_session_id_context");
}

long TlsContext::SetSessionCacheMode(long mode) {
  return SSL_CTX_set_session_cache_mode(ctx_.get(), mode);
}
long TlsContext::session_cache_mode() const { return SSL_CTX_get_session_cache_mode(ctx_.get()); }
long TlsContext::SetTimeout(long seconds) { return SSL_CTX_set_timeout(ctx_.get(), seconds); }
long TlsContext::timeout() const { return SSL_CTX_get_timeout(ctx_.get()); }

void TlsContext::SetVerify(TlsVerifyMode mode, bool with_callback) {
  SSL_CTX_set_verify(ctx_.get(), static_cast<int>(mode),
                     with_callback ? &TlsCallbacks::Verify : nullptr);
}
TlsVerifyMode TlsContext::verify_mode() const {
  return static_cast<TlsVerifyMode>(SSL_CTX_get_verify_mode(ctx_.get()));
}
void TlsContext::SetVerifyDepth(int depth) { SSL_CTX_set_verify_depth(ctx_.get(), depth); }
int TlsContext::verify_depth() const { return SSL_CTX_get_verify_depth(ctx_.get()); }

Status TlsContext::LoadTmpDhFile(const std::string& path) {
  ClearErrorQueue();
  SslUniquePtr<BIO> bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) return ErrorFromQueue(ErrorCode::kInvalidArgument, "BIO_new_file");
  // PEM "DH PARAMETERS" through the generic parameter decoder, as an EVP_PKEY.
  SslUniquePtr<EVP_PKEY> params(PEM_read_bio_Parameters(bio.get(), nullptr));
  if (!params) return ErrorFromQueue(ErrorCode::kParse, "PEM_read_bio_Parameters");
  if (SSL_CTX_set0_tmp_dh_pkey(ctx_.get(), params.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "SSL_CTX_set0_tmp_dh_pkey");
  }
  params.release();  // SSL_CTX_set0_tmp_dh_pkey took ownership
  return Status::Ok();
}

Status TlsContext::SetEcdhCurve(const std::string& curve_name) {
  ClearErrorQueue();
  int nid = OBJ_sn2nid(curve_name.c_str());
  if (nid == NID_undef) nid = OBJ_ln2nid(curve_name.c_str());
  if (nid == NID_undef) nid = OBJ_txt2nid(curve_name.c_str());  // dotted OID
  if (nid == NID_undef) return Status(ErrorCode::kInvalidArgument, "unknown curve " + curve_name);
  int groups[] = {nid};
  if (SSL_CTX_set1_groups(ctx_.get(), groups, 1) != 1) {
    // A real curve that TLS cannot use as a key-exchange group.
    return ErrorFromQueue(ErrorCode::kUnsupported, "SSL_CTX_set1_groups");
  }
  return Status::Ok();
}

Status TlsContext::SetCipherList(const std::string& ciphers) {
  ClearErrorQueue();
  return Check(SSL_CTX_set_cipher_list(ctx_.get(), ciphers.c_str()), "SSL_CTX_set_cipher_list");
}

Status TlsContext::SetTls13Ciphersuites(const std::string& suites) {
  ClearErrorQueue();
  return Check(SSL_CTX_set_ciphersuites(ctx_.get(), suites.c_str()), "SSL_CTX_set_ciphersuites");
}

bool TlsContext::AllowsWeakCiphers() const {
  return safety::AnyWeakCipher(SSL_CTX_get_ciphers(ctx_.get()));
}

Status TlsContext::SetTlsextUseSrtp(const std::string& profiles) {
  ClearErrorQueue();
  // Inverted convention: 0 is success.
  if (SSL_CTX_set_tlsext_use_srtp(ctx_.get(), profiles.c_str()) != 0) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "SSL_CTX_set_tlsext_use_srtp");
  }
  return Status::Ok();
}

Status TlsContext::SetAlpnProtos(BytesView wire) {
  ClearErrorQueue();
  // Inverted convention: 0 is success.
  if (SSL_CTX_set_alpn_protos(ctx_.get(), reinterpret_cast<const unsigned char*>(wire.data()),
                              static_cast<unsigned int>(wire.size())) != 0) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "SSL_CTX_set_alpn_protos");
  }
  return Status::Ok();
}

void TlsContext::SetPassphraseCallback(PassphraseCallback cb) {
  passphrase_callback_ = std::move(cb);
  SSL_CTX_set_default_passwd_cb(ctx_.get(),
                                passphrase_callback_ ? &TlsCallbacks::Passphrase : nullptr);
  SSL_CTX_set_default_passwd_cb_userdata(ctx_.get(), this);
}

void TlsContext::SetInfoCallback(InfoCallback cb) {
  info_callback_ = std::move(cb);
  SSL_CTX_set_info_callback(ctx_.get(), info_callback_ ? &TlsCallbacks::Info : nullptr);
}

void TlsContext::SetKeylogCallback(KeylogCallback cb) {
  keylog_callback_ = std::move(cb);
  SSL_CTX_set_keylog_callback(ctx_.get(), keylog_callback_ ? &TlsCallbacks::Keylog : nullptr);
}

void TlsContext::SetServernameCallback(ServernameCallback cb) {
  servername_callback_ = std::move(cb);
  // The macro casts its argument, so pass a plain function pointer.
  int (*trampoline)(SSL*, int*, void*) = servername_callback_ ? &TlsCallbacks::Servername : nullptr;
  SSL_CTX_set_tlsext_servername_callback(ctx_.get(), trampoline);
}

void TlsContext::SetAlpnSelectCallback(AlpnSelectCallback cb) {
  alpn_select_callback_ = std::move(cb);
  SSL_CTX_set_alpn_select_cb(ctx_.get(),
                             alpn_select_callback_ ? &TlsCallbacks::AlpnSelect : nullptr, nullptr);
}

// One OpenSSL status callback serves both roles, so the last one set wins.
Status TlsContext::SetOcspServerCallback(OcspServerCallback cb) {
  ocsp_server_callback_ = std::move(cb);
  ocsp_client_callback_ = nullptr;
  ClearErrorQueue();
  return Check(
      static_cast<int>(SSL_CTX_set_tlsext_status_cb(ctx_.get(), &TlsCallbacks::OcspStatus)),
      "SSL_CTX_set_tlsext_status_cb");
}

Status TlsContext::SetOcspClientCallback(OcspClientCallback cb) {
  ocsp_client_callback_ = std::move(cb);
  ocsp_server_callback_ = nullptr;
  ClearErrorQueue();
  return Check(
      static_cast<int>(SSL_CTX_set_tlsext_status_cb(ctx_.get(), &TlsCallbacks::OcspStatus)),
      "SSL_CTX_set_tlsext_status_cb");
}

void TlsContext::SetCookieGenerateCallback(CookieGenerateCallback cb) {
  cookie_generate_callback_ = std::move(cb);
  SSL_CTX_set_cookie_generate_cb(ctx_.get(), &TlsCallbacks::CookieGenerate);
}

void TlsContext::SetCookieVerifyCallback(CookieVerifyCallback cb) {
  cookie_verify_callback_ = std::move(cb);
  SSL_CTX_set_cookie_verify_cb(ctx_.get(), &TlsCallbacks::CookieVerify);
}

}  // namespace cryptoshim
