// The one mapping from ErrorCode to HTTP status and RFC 9457 problem+json.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>

#include "recon/error.hpp"
#include "server/http_types.hpp"

namespace recon::server {

// The HTTP status for an error code.
http::status StatusFor(ErrorCode code);
// The stable problem type URI: "urn:recond:problem:malformed-file".
std::string ProblemType(ErrorCode code);
// A short, fixed title for the code.
std::string ProblemTitle(ErrorCode code);

// The problem+json object of an error without a request id: also what a bulk answer says of
// each part it refused. kInternal never shows its inside story: the detail is generic.
nlohmann::json ProblemBody(const Error& error);

// What Retry-After says on a 503 (kUnavailable) or 429 (kRateLimited) that names no time of its own.
inline constexpr std::chrono::seconds kRetryAfterDefault{1};

// A problem+json response: ProblemBody with the request id, which points to the log. A
// `retry_after` (at least one second) goes out as Retry-After; 503 and 429 always carry one.
HttpResponse ProblemResponse(const Error& error, const std::string& request_id, unsigned version, bool keep_alive,
                             std::optional<std::chrono::seconds> retry_after = std::nullopt);

}  // namespace recon::server
