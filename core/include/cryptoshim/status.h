// Typed errors for the core: a Status carries an ErrorCode, a message and the
// OpenSSL error-queue entries drained at the failure point. Bindings turn the
// code into a language exception only at the boundary (see bindings/).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace cryptoshim {

enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,  // caller passed a bad parameter (wrong size, unknown name)
  kParse,            // malformed PEM/DER or other encoded input
  kBadPassword,      // decryption of protected input failed
  kVerifyFailed,     // a signature, MAC or chain did not verify
  kUnsupported,      // algorithm or feature not available
  kPolicy,           // refused by the safety policy
  kInternal,         // OpenSSL failed for reasons the caller cannot fix
};

// One entry of OpenSSL's error queue, as ERR_get_error reports it.
struct OpenSslError {
  unsigned long code = 0;
  std::string library;
  std::string function;
  std::string reason;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message, std::vector<OpenSslError> queue = {})
      : code_(code), message_(std::move(message)), queue_(std::move(queue)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<OpenSslError>& openssl_errors() const { return queue_; }
  // Message plus the OpenSSL reasons, for logs and exception text.
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::vector<OpenSslError> queue_;
};

// Holds either a value or a non-OK Status. Accessing the value of an error is
// a programming bug: value() then throws std::bad_variant_access, in every
// build, rather than hand back a default-made T.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : data_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  // An OK status carries no value, so it must never read as success: it
  // becomes kInternal, in release builds as well as debug ones (abseil does
  // the same).
  StatusOr(Status status)  // NOLINT(google-explicit-constructor)
      : data_(status.ok() ? Status(ErrorCode::kInternal, "StatusOr built from an OK status")
                          : std::move(status)) {}

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace cryptoshim

// Propagate a failed Status from an expression returning Status.
#define CS_RETURN_IF_ERROR(expr)              \
  do {                                        \
    ::cryptoshim::Status cs_status_ = (expr); \
    if (!cs_status_.ok()) return cs_status_;  \
  } while (0)

#define CS_CONCAT_INNER(a, b) a##b
#define CS_CONCAT(a, b) CS_CONCAT_INNER(a, b)
// Assign the value of a StatusOr expression or propagate its error. `lhs`
// may be a declaration, so it cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define CS_ASSIGN_OR_RETURN(lhs, expr) \
  CS_ASSIGN_OR_RETURN_IMPL(CS_CONCAT(cs_statusor_, __LINE__), lhs, expr)
#define CS_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
