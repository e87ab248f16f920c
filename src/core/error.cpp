#include "recon/error.hpp"

namespace recon {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidAmount: return "invalid-amount";
    case ErrorCode::kAmountOverflow: return "amount-overflow";
    case ErrorCode::kUnknownCurrency: return "unknown-currency";
    case ErrorCode::kCurrencyMismatch: return "currency-mismatch";
    case ErrorCode::kInvalidDate: return "invalid-date";
    case ErrorCode::kUnsupportedFormat: return "unsupported-format";
    case ErrorCode::kMalformedFile: return "malformed-file";
    case ErrorCode::kLimitExceeded: return "limit-exceeded";
    case ErrorCode::kInvalidRequest: return "invalid-request";
    case ErrorCode::kInvalidRuleSet: return "invalid-rule-set";
    case ErrorCode::kNotFound: return "not-found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kUnauthorized: return "unauthorized";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kPayloadTooLarge: return "payload-too-large";
    case ErrorCode::kIdempotencyMismatch: return "idempotency-key-reused";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
    case ErrorCode::kRateLimited: return "rate-limited";
  }
  return "internal";
}

std::string Error::ToString() const {
  if (location.empty()) return message;
  return location + ": " + message;
}

}  // namespace recon
