#include "verifier_openssl.h"

#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "cryptoshim/error_queue.h"
#include "cryptoshim/ssl_unique_ptr.h"
#include "webpki_profile.h"

namespace cryptoshim::webpki {

namespace {

// Borrowing stacks: the context only reads them.
struct BorrowedX509Stack {
  void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); }
};
struct BorrowedCrlStack {
  void operator()(STACK_OF(X509_CRL) * s) const { sk_X509_CRL_free(s); }
};

// RFC 5280 5.2.3: every CRL carries a non-critical cRLNumber. OpenSSL does
// not insist, so CRLs issued by a CA of the path are checked here, along with
// their validity window (OpenSSL's time checks are off, see below).
std::optional<std::string> CheckCrls(const std::vector<X509*>& path, const VerifierOptions& options,
                                     int64_t now) {
  for (const Crl& crl : options.crls) {
    X509_CRL* c = crl.get0();
    bool relevant = false;
    for (X509* cert : path) {
      relevant =
          relevant || X509_NAME_cmp(X509_CRL_get_issuer(c), X509_get_subject_name(cert)) == 0;
    }
    if (!relevant) continue;
    int loc = X509_CRL_get_ext_by_NID(c, NID_crl_number, -1);
    if (loc < 0) return "CRL lacks cRLNumber";
    if (X509_EXTENSION_get_critical(X509_CRL_get_ext(c, loc)) > 0) {
      return "CRL cRLNumber must not be critical";
    }
    std::optional<int64_t> this_update = Asn1TimeToEpoch(X509_CRL_get0_lastUpdate(c));
    if (!this_update || now < *this_update) return "CRL is not yet valid";
    if (const ASN1_TIME* next = X509_CRL_get0_nextUpdate(c)) {
      std::optional<int64_t> next_update = Asn1TimeToEpoch(next);
      if (!next_update || now > *next_update) return "CRL has expired";
    }
  }
  return std::nullopt;
}

// X509_V_FLAG_X509_STRICT holds the trust anchor to the CA keyUsage MUST
// too; the profile accepts an anchor without keyUsage (webpki_profile.cc,
// CheckCa), so exactly that error, at the anchor's depth, is let through.
int AcceptAnchorWithoutKeyUsage(int ok, X509_STORE_CTX* ctx) {
  if (ok == 1) return 1;
  STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx);
  int anchor_depth = chain == nullptr ? -1 : sk_X509_num(chain) - 1;
  return X509_STORE_CTX_get_error(ctx) == X509_V_ERR_CA_CERT_MISSING_KEY_USAGE &&
                 X509_STORE_CTX_get_error_depth(ctx) == anchor_depth
             ? 1
             : 0;
}

Status ApplyPeerName(X509_VERIFY_PARAM* param, const VerifierOptions& options) {
  if (options.kind != ValidationKind::kServer || !options.check_peer_name || !options.peer_name) {
    return Status::Ok();
  }
  const PeerName& name = *options.peer_name;
  int ok = 0;
  switch (name.kind) {
    case PeerNameKind::kDns:
      // Names come only from the SAN, and "f*o.example.com" never matches.
      X509_VERIFY_PARAM_set_hostflags(
          param, X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      ok = X509_VERIFY_PARAM_set1_host(param, name.value.c_str(), name.value.size());
      break;
    case PeerNameKind::kIp:
      ok = X509_VERIFY_PARAM_set1_ip_asc(param, name.value.c_str());
      break;
    case PeerNameKind::kEmail:
      ok = X509_VERIFY_PARAM_set1_email(param, name.value.c_str(), name.value.size());
      break;
  }
  if (ok != 1) return ErrorFromQueue(ErrorCode::kInternal, "X509_VERIFY_PARAM peer name");
  return Status::Ok();
}

}  // namespace

StatusOr<std::optional<std::string>> ConfirmWithOpenSsl(const std::vector<X509*>& path,
                                                        const VerifierOptions& options,
                                                        int64_t now) {
  if (!options.crls.empty()) {
    if (auto problem = CheckCrls(path, options, now)) return std::optional<std::string>(*problem);
  }
  ClearErrorQueue();
  SslUniquePtr<X509_STORE> store(X509_STORE_new());
  if (!store) return ErrorFromQueue(ErrorCode::kInternal, "X509_STORE_new");
  // Only the anchor this path ends in: OpenSSL must not find another path.
  if (X509_STORE_add_cert(store.get(), path.back()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_STORE_add_cert");
  }
  std::unique_ptr<STACK_OF(X509), BorrowedX509Stack> untrusted(sk_X509_new_null());
  std::unique_ptr<STACK_OF(X509_CRL), BorrowedCrlStack> crls(sk_X509_CRL_new_null());
  if (!untrusted || !crls) return ErrorFromQueue(ErrorCode::kInternal, "sk_new_null");
  for (size_t i = 1; i + 1 < path.size(); ++i) {
    if (sk_X509_push(untrusted.get(), path[i]) <= 0) {
      return ErrorFromQueue(ErrorCode::kInternal, "sk_X509_push");
    }
  }
  for (const Crl& crl : options.crls) {
    if (sk_X509_CRL_push(crls.get(), crl.get0()) <= 0) {
      return ErrorFromQueue(ErrorCode::kInternal, "sk_X509_CRL_push");
    }
  }

  SslUniquePtr<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
  if (!ctx) return ErrorFromQueue(ErrorCode::kInternal, "X509_STORE_CTX_new");
  if (X509_STORE_CTX_init(ctx.get(), store.get(), path.front(), untrusted.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_STORE_CTX_init");
  }
  // Parameters go on the context's own X509_VERIFY_PARAM after init; flags set
  // on the store after init would be silently ignored.
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  // NO_CHECK_TIME: validity is checked by the profile with inclusive bounds
  // (OpenSSL rejects a certificate at its notAfter second).
  unsigned long flags =
      X509_V_FLAG_X509_STRICT | X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME;
  if (!options.crls.empty()) flags |= X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL;
  if (X509_VERIFY_PARAM_set_flags(param, flags) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_VERIFY_PARAM_set_flags");
  }
  // The profile bounds the depth; here the path is fixed, so allow all of it.
  X509_VERIFY_PARAM_set_depth(param, static_cast<int>(path.size()));
  X509_VERIFY_PARAM_set_auth_level(param, 2);
  // OpenSSL's TLS purpose check (the leaf's keyUsage fits TLS, no CA leaf)
  // is part of the WebPKI leaf profile; RFC 5280 path validation has no
  // purpose, and the profile checked the EKU itself.
  if (options.leaf_profile == LeafProfile::kWebPki) {
    int purpose =
        options.kind == ValidationKind::kServer ? X509_PURPOSE_SSL_SERVER : X509_PURPOSE_SSL_CLIENT;
    if (X509_STORE_CTX_set_purpose(ctx.get(), purpose) != 1) {
      return ErrorFromQueue(ErrorCode::kInternal, "X509_STORE_CTX_set_purpose");
    }
  }
  CS_RETURN_IF_ERROR(ApplyPeerName(param, options));
  X509_STORE_CTX_set0_crls(ctx.get(), crls.get());
  X509_STORE_CTX_set_verify_cb(ctx.get(), AcceptAnchorWithoutKeyUsage);

  int rc = X509_verify_cert(ctx.get());
  if (rc != 1) {
    int error = X509_STORE_CTX_get_error(ctx.get());
    if (rc < 0 && error == X509_V_OK)
      return ErrorFromQueue(ErrorCode::kInternal, "X509_verify_cert");
    ClearErrorQueue();
    return std::optional<std::string>(std::string("OpenSSL: ") +
                                      X509_verify_cert_error_string(error) + " at depth " +
                                      std::to_string(X509_STORE_CTX_get_error_depth(ctx.get())));
  }
  STACK_OF(X509)* built = X509_STORE_CTX_get0_chain(ctx.get());
  bool same = built != nullptr && static_cast<size_t>(sk_X509_num(built)) == path.size();
  for (size_t i = 0; same && i < path.size(); ++i) {
    same = X509_cmp(sk_X509_value(built, static_cast<int>(i)), path[i]) == 0;
  }
  if (!same) return std::optional<std::string>("OpenSSL built a different path");
  return std::optional<std::string>();
}

}  // namespace cryptoshim::webpki
