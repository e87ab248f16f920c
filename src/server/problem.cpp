#include "server/problem.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace recon::server {

http::status StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidAmount:
    case ErrorCode::kAmountOverflow:
    case ErrorCode::kUnknownCurrency:
    case ErrorCode::kCurrencyMismatch:
    case ErrorCode::kInvalidDate:
    case ErrorCode::kUnsupportedFormat:
    case ErrorCode::kMalformedFile:
    case ErrorCode::kInvalidRuleSet:
    case ErrorCode::kIdempotencyMismatch:
      return http::status::unprocessable_entity;
    case ErrorCode::kLimitExceeded:
    case ErrorCode::kPayloadTooLarge:
      return http::status::payload_too_large;
    case ErrorCode::kInvalidRequest: return http::status::bad_request;
    case ErrorCode::kNotFound: return http::status::not_found;
    case ErrorCode::kConflict: return http::status::conflict;
    case ErrorCode::kUnauthorized: return http::status::unauthorized;
    case ErrorCode::kForbidden: return http::status::forbidden;
    case ErrorCode::kUnavailable: return http::status::service_unavailable;
    case ErrorCode::kInternal: return http::status::internal_server_error;
    case ErrorCode::kRateLimited: return http::status::too_many_requests;
  }
  return http::status::internal_server_error;
}

std::string ProblemType(ErrorCode code) { return "urn:recond:problem:" + std::string(ErrorCodeName(code)); }

std::string ProblemTitle(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidAmount: return "Invalid amount";
    case ErrorCode::kAmountOverflow: return "Amount too large";
    case ErrorCode::kUnknownCurrency: return "Unknown currency";
    case ErrorCode::kCurrencyMismatch: return "Currencies do not match";
    case ErrorCode::kInvalidDate: return "Invalid date";
    case ErrorCode::kUnsupportedFormat: return "Unsupported file format";
    case ErrorCode::kMalformedFile: return "The file cannot be read";
    case ErrorCode::kLimitExceeded: return "Input beyond a limit";
    case ErrorCode::kInvalidRequest: return "Invalid request";
    case ErrorCode::kInvalidRuleSet: return "Invalid rule set";
    case ErrorCode::kNotFound: return "Not found";
    case ErrorCode::kConflict: return "Conflict";
    case ErrorCode::kUnauthorized: return "Authentication required";
    case ErrorCode::kForbidden: return "Not allowed";
    case ErrorCode::kPayloadTooLarge: return "Request body too large";
    case ErrorCode::kIdempotencyMismatch: return "Idempotency-Key reused with another body";
    case ErrorCode::kUnavailable: return "Service unavailable";
    case ErrorCode::kInternal: return "Internal error";
    case ErrorCode::kRateLimited: return "Too many requests";
  }
  return "Internal error";
}

nlohmann::json ProblemBody(const Error& error) {
  nlohmann::json body = {{"type", ProblemType(error.code)},
                         {"title", ProblemTitle(error.code)},
                         {"status", static_cast<int>(StatusFor(error.code))}};
  if (error.code == ErrorCode::kInternal) {
    body["detail"] = "something went wrong inside recond; the log has the details under this request id";
  } else {
    body["detail"] = error.message;
  }
  if (!error.location.empty()) body["location"] = error.location;
  return body;
}

HttpResponse ProblemResponse(const Error& error, const std::string& request_id, unsigned version, bool keep_alive,
                             std::optional<std::chrono::seconds> retry_after) {
  const http::status status = StatusFor(error.code);
  nlohmann::json body = ProblemBody(error);
  body["request_id"] = request_id;
  HttpResponse res{status, version};
  res.set(http::field::content_type, "application/problem+json");
  if (error.code == ErrorCode::kUnauthorized) res.set(http::field::www_authenticate, "Bearer");
  // Both say "not now": a client that honours Retry-After comes back instead of hammering.
  if (!retry_after && (error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kRateLimited)) {
    retry_after = kRetryAfterDefault;
  }
  if (retry_after) res.set(http::field::retry_after, std::to_string(std::max<int64_t>(1, retry_after->count())));
  res.keep_alive(keep_alive);
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.prepare_payload();
  return res;
}

}  // namespace recon::server
