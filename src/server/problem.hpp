// The one mapping from ErrorCode to HTTP status and RFC 9457 problem+json.
#pragma once

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

// A problem+json response. kInternal and kUnavailable never show their inside story:
// the detail is generic and the request id points to the log.
HttpResponse ProblemResponse(const Error& error, const std::string& request_id, unsigned version, bool keep_alive);

}  // namespace recon::server
