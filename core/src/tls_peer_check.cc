#include "cryptoshim/tls_peer_check.h"

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <ctime>
#include <vector>

#include "cryptoshim/error_queue.h"
#include "tls_peer_verdicts.h"
#include "webpki_peer_name.h"

namespace cryptoshim {

namespace {

struct PeerCheckState {
  TlsPeerCheck check;
  std::optional<std::string> failure;
};

void FreeState(void*, void* ptr, CRYPTO_EX_DATA*, int, long, void*) {
  delete static_cast<PeerCheckState*>(ptr);
}

// The SSL ex_data slot owning a connection's PeerCheckState (freed with the SSL).
int StateIndex() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, FreeState);
  return index;
}

PeerCheckState* StateOf(const SSL* ssl) {
  return static_cast<PeerCheckState*>(SSL_get_ex_data(ssl, StateIndex()));
}

// Every certificate of the store, under its lock (lookups add to it).
std::vector<Certificate> StoreCertificates(X509_STORE* store) {
  std::vector<Certificate> out;
  if (store == nullptr || X509_STORE_lock(store) != 1) return out;
  STACK_OF(X509_OBJECT)* objects = X509_STORE_get0_objects(store);
  for (int i = 0; i < sk_X509_OBJECT_num(objects); ++i) {
    X509* cert = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objects, i));
    if (cert == nullptr) continue;
    X509_up_ref(cert);
    out.emplace_back(SslUniquePtr<X509>(cert));
  }
  X509_STORE_unlock(store);
  return out;
}

std::vector<Certificate> Borrow(STACK_OF(X509) * certs) {
  std::vector<Certificate> out;
  for (int i = 0; i < sk_X509_num(certs); ++i) {
    X509* cert = sk_X509_value(certs, i);
    X509_up_ref(cert);
    out.emplace_back(SslUniquePtr<X509>(cert));
  }
  return out;
}

// The verifier's verdict on the chain in `store_ctx`: nullopt or the reason.
// Remembered per SSL_CTX (tls_peer_verdicts.h): the same chain shown again
// is not judged again.
std::optional<std::string> Judge(X509_STORE_CTX* store_ctx, SSL_CTX* ssl_ctx,
                                 const TlsPeerCheck& check) {
  X509* leaf = X509_STORE_CTX_get0_cert(store_ctx);
  if (leaf == nullptr) return "the server sent no certificate";
  std::vector<Certificate> anchors = StoreCertificates(X509_STORE_CTX_get0_store(store_ctx));
  if (anchors.empty()) return "no trust anchors are configured";
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(store_ctx);
  int64_t now = (X509_VERIFY_PARAM_get_flags(param) & X509_V_FLAG_USE_CHECK_TIME)
                    ? static_cast<int64_t>(X509_VERIFY_PARAM_get_time(param))
                    : static_cast<int64_t>(std::time(nullptr));
  STACK_OF(X509)* untrusted = X509_STORE_CTX_get0_untrusted(store_ctx);
  peer_verdicts::Inputs inputs{leaf, untrusted, &anchors, &check.peer_name, now};
  if (auto known = peer_verdicts::Find(ssl_ctx, inputs)) return *known;

  VerifierOptions options;
  options.kind = ValidationKind::kServer;
  options.trust_anchors = std::move(anchors);
  options.peer_name = check.peer_name;
  options.check_peer_name = check.peer_name.has_value();
  options.validation_time = now;
  StatusOr<Verifier> verifier = Verifier::New(std::move(options));
  if (!verifier.ok()) return verifier.status().message();
  X509_up_ref(leaf);
  Certificate leaf_cert{SslUniquePtr<X509>(leaf)};
  StatusOr<VerifiedChain> verified = verifier->Verify(leaf_cert, Borrow(untrusted));
  if (!verified.ok()) {
    // OpenSSL failing (kInternal) is no verdict on the chain: not remembered.
    if (verified.status().code() != ErrorCode::kVerifyFailed) return verified.status().message();
  }
  std::optional<std::string> verdict;
  if (!verified.ok()) verdict = verified.status().message();
  inputs.anchors = &verifier->options().trust_anchors;
  peer_verdicts::Remember(ssl_ctx, inputs, verdict);
  return verdict;
}

// SSL_CTX_set_cert_verify_callback: OpenSSL's chain check, then the check.
int VerifyWithPeerCheck(X509_STORE_CTX* store_ctx, void*) {
  int ok = X509_verify_cert(store_ctx);
  auto* ssl = static_cast<SSL*>(
      X509_STORE_CTX_get_ex_data(store_ctx, SSL_get_ex_data_X509_STORE_CTX_idx()));
  PeerCheckState* state = ssl != nullptr ? StateOf(ssl) : nullptr;
  if (state == nullptr || SSL_is_server(ssl)) return ok;
  // The verifier must not see (or leave) OpenSSL's queued errors.
  state->failure = Judge(store_ctx, SSL_get_SSL_CTX(ssl), state->check);
  ClearErrorQueue();
  if (state->failure && state->check.enforce && ok > 0) {
    X509_STORE_CTX_set_error(store_ctx, X509_V_ERR_APPLICATION_VERIFICATION);
    return 0;
  }
  return ok;
}

}  // namespace

Status SetTlsPeerCheck(TlsConnection& conn, std::optional<TlsPeerCheck> check) {
  SSL* ssl = conn.get0();
  if (check && check->peer_name) {
    if (auto why = webpki::ValidatePeerName(*check->peer_name)) {
      return Status(ErrorCode::kInvalidArgument, *why);
    }
  }
  PeerCheckState* state = StateOf(ssl);
  if (!check) {
    SSL_set_ex_data(ssl, StateIndex(), nullptr);
    delete state;
    return Status::Ok();
  }
  if (state == nullptr) {
    state = new PeerCheckState;
    if (SSL_set_ex_data(ssl, StateIndex(), state) != 1) {
      delete state;
      return ErrorFromQueue(ErrorCode::kInternal, "SSL_set_ex_data");
    }
  }
  state->check = std::move(*check);
  state->failure.reset();
  // The callback does nothing for connections without a check, so setting
  // it on a shared context changes nothing for them.
  SSL_CTX_set_cert_verify_callback(SSL_get_SSL_CTX(ssl), VerifyWithPeerCheck, nullptr);
  return Status::Ok();
}

std::optional<std::string> TlsPeerCheckFailure(const TlsConnection& conn) {
  PeerCheckState* state = StateOf(conn.get0());
  if (state == nullptr) return std::nullopt;
  return state->failure;
}

}  // namespace cryptoshim
