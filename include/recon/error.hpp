// Typed errors and results shared by every module.
//
// Expected failures (a bad file, an unknown currency, a missing row) travel as
// `Result<T>` values; exceptions never cross a module boundary. Each failure has
// a stable `ErrorCode`; the HTTP edge maps every code to one problem+json type
// and status in one place (src/server/problem.cpp), and a test walks them all.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace recon {

// Stable error kinds. Never renumber or rename: clients see them as problem types.
enum class ErrorCode {
  kInvalidAmount,       // text is not an amount, or has more decimals than the currency
  kAmountOverflow,      // the amount does not fit in int64 minor units
  kUnknownCurrency,     // not an ISO 4217 code recond knows
  kCurrencyMismatch,    // arithmetic or matching across two currencies
  kInvalidDate,         // not a calendar date
  kUnsupportedFormat,   // the bytes are no statement format recond reads
  kMalformedFile,       // a statement file that breaks its format's rules
  kLimitExceeded,       // an input beyond a configured limit (size, depth, lines)
  kInvalidRequest,      // a request body or parameter that is not acceptable
  kInvalidRuleSet,      // a matcher rule set that fails validation
  kNotFound,            // the addressed resource does not exist
  kConflict,            // the request contradicts current state (already decided, over-allocation)
  kUnauthorized,        // no valid bearer token
  kForbidden,           // a valid token whose role may not do this
  kPayloadTooLarge,     // a request body beyond body_bytes_max
  kIdempotencyMismatch, // an Idempotency-Key reused with a different body
  kUnavailable,         // a dependency (the database) cannot be reached
  kInternal,            // a bug or an unexpected library failure; details go to the log only
  kRateLimited,         // the caller sent more requests than rate_limit_per_second / rate_limit_burst allow
};

// Every enumerator, for tests and the problem-type table.
inline constexpr ErrorCode kAllErrorCodes[] = {
    ErrorCode::kInvalidAmount,     ErrorCode::kAmountOverflow,     ErrorCode::kUnknownCurrency,
    ErrorCode::kCurrencyMismatch,  ErrorCode::kInvalidDate,        ErrorCode::kUnsupportedFormat,
    ErrorCode::kMalformedFile,     ErrorCode::kLimitExceeded,      ErrorCode::kInvalidRequest,
    ErrorCode::kInvalidRuleSet,    ErrorCode::kNotFound,           ErrorCode::kConflict,
    ErrorCode::kUnauthorized,      ErrorCode::kForbidden,          ErrorCode::kPayloadTooLarge,
    ErrorCode::kIdempotencyMismatch, ErrorCode::kUnavailable,      ErrorCode::kInternal,
    ErrorCode::kRateLimited,
};

// A short, stable, kebab-case name for the code ("invalid-amount"); used in problem types and logs.
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;   // for the person who sent the input: what is wrong, in plain words
  std::string location;  // where: "line 14, column 3", "/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt", "byte 1024"; may be empty

  // "location: message", or just the message when there is no location.
  std::string ToString() const;
};

inline Error MakeError(ErrorCode code, std::string message, std::string location = {}) {
  return Error{code, std::move(message), std::move(location)};
}

// A value or an Error. Accessing the wrong alternative is a programmer error (asserted).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}      // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }
  Error&& take_error() { assert(!ok()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// Result for operations that produce nothing but may fail.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { assert(!ok_); return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace recon
