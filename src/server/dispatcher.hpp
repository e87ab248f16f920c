// Everything done once around every handler: request id, routing, the bearer token, the
// rate limit, JSON limits, errors to problem+json, metrics and the access log. Thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "recon/json.hpp"
#include "server/http_types.hpp"
#include "server/metrics.hpp"
#include "server/rate_limiter.hpp"
#include "server/router.hpp"

namespace recon::server {

struct DispatchSettings {
  JsonLimits json;               // json_depth_max, json_bytes_max: handed to every handler's ParseJsonBody
  RateLimitSettings rate_limit;  // rate_limit_per_second, rate_limit_burst: per caller
};

class Dispatcher {
 public:
  // `dev_token` is the one bearer token accepted for /v1 calls until token management lands.
  Dispatcher(const Router& router, Metrics& metrics, std::string dev_token, DispatchSettings settings = {});

  // Whether the body of this request may be as large as body_bytes_max (an upload, or a bulk
  // of NDJSON lines); otherwise json_bytes_max holds. Known from the header alone, so the
  // server sets the limit before it reads the body.
  bool TakesLargeBody(const RequestHeader& header) const;

  // Called once the header is read, before the body: nullopt when the request may go on, else
  // the answer that refuses it (429 with Retry-After when the caller is over its rate limit).
  // `peer` is the remote address, the caller's key when it has no valid token. The probes
  // (/healthz, /readyz, /metrics) are never limited.
  std::optional<HttpResponse> Admit(const RequestHeader& header, std::string_view peer) const;

  // A refusal by the server itself (413, 431, 503 beyond a limit) as problem+json with a
  // request id, counted and logged like any answer. The connection closes after it.
  HttpResponse Refuse(const RequestHeader& header, const Error& error,
                      std::optional<std::chrono::seconds> retry_after = std::nullopt) const;

  HttpResponse Handle(const HttpRequest& request) const;

 private:
  bool Authorized(const RequestHeader& request) const;
  const Route* RouteOf(const RequestHeader& header) const;
  void Observe(const RequestHeader& header, const std::string& request_id, const std::string& route_label,
               const HttpResponse& res, std::chrono::steady_clock::time_point start) const;

  const Router& router_;
  Metrics& metrics_;
  std::string dev_token_;
  std::string dev_token_caller_;  // the rate limiter's key for the dev token: a hash, never the token
  DispatchSettings settings_;
  mutable RateLimiter limiter_;
};

}  // namespace recon::server
