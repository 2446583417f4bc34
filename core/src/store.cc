#include "cryptoshim/store.h"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include "cryptoshim/error_queue.h"

namespace cryptoshim {

StatusOr<Store> Store::New() {
  SslUniquePtr<X509_STORE> store(X509_STORE_new());
  if (!store) return ErrorFromQueue(ErrorCode::kInternal, "X509_STORE_new");
  return Store(std::move(store));
}

Status Store::AddCertificate(const Certificate& cert) {
  ClearErrorQueue();
  if (X509_STORE_add_cert(store_.get(), cert.get0()) == 1) return Status::Ok();
  // OpenSSL before 1.1.1 refused duplicates; adding one is not an error.
  std::vector<OpenSslError> errors = DrainErrorQueue();
  if (!errors.empty() && ERR_GET_LIB(errors.back().code) == ERR_LIB_X509 &&
      ERR_GET_REASON(errors.back().code) == X509_R_CERT_ALREADY_IN_HASH_TABLE) {
    return Status::Ok();
  }
  return Status(ErrorCode::kInternal, "X509_STORE_add_cert", std::move(errors));
}

Status Store::AddCrl(const Crl& crl) {
  ClearErrorQueue();
  if (X509_STORE_add_crl(store_.get(), crl.get0()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_STORE_add_crl");
  }
  return Status::Ok();
}

Status Store::SetFlags(unsigned long flags) {
  if (X509_STORE_set_flags(store_.get(), flags) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_STORE_set_flags");
  }
  flags_ |= flags;
  return Status::Ok();
}

Status Store::SetTime(std::time_t when) {
  X509_VERIFY_PARAM* param = X509_STORE_get0_param(store_.get());
  X509_VERIFY_PARAM_set_time(param, when);
  time_ = when;
  return Status::Ok();
}

Status Store::LoadLocations(const std::optional<std::string>& file,
                            const std::optional<std::string>& dir) {
  ClearErrorQueue();
  // X509_STORE_load_locations' contract, through its non-deprecated halves.
  if (!file && !dir) {
    return Status(ErrorCode::kInvalidArgument, "no CA file or CA path given");
  }
  if (file && X509_STORE_load_file(store_.get(), file->c_str()) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "X509_STORE_load_file");
  }
  if (dir && X509_STORE_load_path(store_.get(), dir->c_str()) != 1) {
    return ErrorFromQueue(ErrorCode::kInvalidArgument, "X509_STORE_load_path");
  }
  return Status::Ok();
}

namespace {

struct StoreCtxDeleter {
  void operator()(X509_STORE_CTX* ctx) const { X509_STORE_CTX_free(ctx); }
};

// Borrowing stack for the untrusted certificates: the context only reads it.
struct BorrowedStackDeleter {
  void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); }
};

struct BorrowedCrlStackDeleter {
  void operator()(STACK_OF(X509_CRL) * s) const { sk_X509_CRL_free(s); }
};

}  // namespace

StatusOr<VerifyResult> VerifyCertificate(const Store& store, const Certificate& leaf,
                                         const std::vector<const Certificate*>& untrusted,
                                         const std::vector<const Crl*>& crls) {
  ClearErrorQueue();
  std::unique_ptr<STACK_OF(X509), BorrowedStackDeleter> chain;
  if (!untrusted.empty()) {
    chain.reset(sk_X509_new_null());
    if (!chain) return ErrorFromQueue(ErrorCode::kInternal, "sk_X509_new_null");
    for (const Certificate* c : untrusted) {
      if (sk_X509_push(chain.get(), c->get0()) <= 0) {
        return ErrorFromQueue(ErrorCode::kInternal, "sk_X509_push");
      }
    }
  }
  // Declared before the context so that it is freed after it.
  std::unique_ptr<STACK_OF(X509_CRL), BorrowedCrlStackDeleter> crl_stack;
  if (!crls.empty()) {
    crl_stack.reset(sk_X509_CRL_new_null());
    if (!crl_stack) return ErrorFromQueue(ErrorCode::kInternal, "sk_X509_CRL_new_null");
    for (const Crl* c : crls) {
      if (sk_X509_CRL_push(crl_stack.get(), c->get0()) <= 0) {
        return ErrorFromQueue(ErrorCode::kInternal, "sk_X509_CRL_push");
      }
    }
  }
  SslUniquePtr<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
  if (!ctx) return ErrorFromQueue(ErrorCode::kInternal, "X509_STORE_CTX_new");
  if (X509_STORE_CTX_init(ctx.get(), store.get0(), leaf.get0(), chain.get()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_STORE_CTX_init");
  }
  if (crl_stack) X509_STORE_CTX_set0_crls(ctx.get(), crl_stack.get());
  // Configure the context's own parameters rather than relying on how
  // X509_STORE_CTX_init merges the store's with the "default" table.
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  if (store.flags() != 0 && X509_VERIFY_PARAM_set_flags(param, store.flags()) != 1) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_VERIFY_PARAM_set_flags");
  }
  if (store.time()) X509_VERIFY_PARAM_set_time(param, *store.time());

  VerifyResult result;
  int rc = X509_verify_cert(ctx.get());
  if (rc != 1) {
    int error = X509_STORE_CTX_get_error(ctx.get());
    if (rc < 0 && error == X509_V_OK) {
      // Not a chain problem: OpenSSL could not run the check at all.
      return ErrorFromQueue(ErrorCode::kInternal, "X509_verify_cert");
    }
    ClearErrorQueue();
    VerifyFailure failure;
    failure.error = error;
    failure.depth = X509_STORE_CTX_get_error_depth(ctx.get());
    failure.message = X509_verify_cert_error_string(error);
    if (X509* current = X509_STORE_CTX_get_current_cert(ctx.get())) {
      SslUniquePtr<X509> copy(X509_dup(current));
      if (!copy) return ErrorFromQueue(ErrorCode::kInternal, "X509_dup");
      failure.certificate.emplace(std::move(copy));
    }
    result.failure = std::move(failure);
  }
  // On failure, the chain as far as OpenSSL built it. What
  // X509_STORE_CTX_get1_chain returns (a reference on each certificate),
  // taken straight off the context's stack: no copy of the stack to free
  // again on every verify.
  STACK_OF(X509)* built = X509_STORE_CTX_get0_chain(ctx.get());
  if (built == nullptr && !result.failure) {
    return ErrorFromQueue(ErrorCode::kInternal, "X509_STORE_CTX_get0_chain");
  }
  const int n = built == nullptr ? 0 : sk_X509_num(built);
  result.chain.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    X509* cert = sk_X509_value(built, i);
    if (X509_up_ref(cert) != 1) return ErrorFromQueue(ErrorCode::kInternal, "X509_up_ref");
    result.chain.emplace_back(SslUniquePtr<X509>(cert));
  }
  return result;
}

}  // namespace cryptoshim
