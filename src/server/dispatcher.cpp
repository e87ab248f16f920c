#include "server/dispatcher.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <boost/url/parse.hpp>
#include <chrono>
#include <exception>

#include "recon/ascii.hpp"
#include "recon/digest.hpp"
#include "recon/hex.hpp"
#include "server/problem.hpp"
#include "server/redact.hpp"

namespace recon::server {
namespace {

constexpr size_t kRequestIdBytesMax = 64;

std::string NewRequestId() {
  unsigned char bytes[8];
  RAND_bytes(bytes, sizeof bytes);
  return hex::Encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

// The caller's X-Request-Id when it is short and plain, so logs can be joined across systems.
std::string RequestIdOf(const RequestHeader& request) {
  auto it = request.find("X-Request-Id");
  if (it != request.end()) {
    const std::string_view given(it->value().data(), it->value().size());
    bool plain = !given.empty() && given.size() <= kRequestIdBytesMax;
    for (char c : given) plain = plain && (ascii::IsAlnum(c) || c == '-' || c == '_');
    if (plain) return std::string(given);
  }
  return NewRequestId();
}

// The path of a request target, or nullopt when it is no valid origin-form URL.
std::optional<std::string> PathOf(const RequestHeader& header) {
  auto target = boost::urls::parse_origin_form(std::string_view(header.target().data(), header.target().size()));
  if (!target) return std::nullopt;
  return std::string(target->path());
}

}  // namespace

Dispatcher::Dispatcher(const Router& router, Metrics& metrics, std::string dev_token, DispatchSettings settings)
    : router_(router),
      metrics_(metrics),
      dev_token_(std::move(dev_token)),
      dev_token_caller_("token:" + Sha256Hex(dev_token_).substr(0, 32)),
      settings_(settings),
      limiter_(settings.rate_limit) {}

const Route* Dispatcher::RouteOf(const RequestHeader& header) const {
  auto path = PathOf(header);
  if (!path) return nullptr;
  return router_.Find(header.method(), *path).route;
}

bool Dispatcher::TakesLargeBody(const RequestHeader& header) const {
  const Route* route = RouteOf(header);
  if (!route) return false;
  switch (route->body) {
    case BodyKind::kJson: return false;
    case BodyKind::kUpload: return true;
    case BodyKind::kJsonOrNdjson: return IsNdjson(header);
  }
  return false;
}

std::optional<HttpResponse> Dispatcher::Admit(const RequestHeader& header, std::string_view peer) const {
  if (!limiter_.enabled()) return std::nullopt;
  const Route* route = RouteOf(header);
  if (route && !route->rate_limited) return std::nullopt;
  // A caller is its token, when the token is valid; a caller without one (or with a made-up
  // one, which would otherwise buy a fresh bucket per guess) is its address.
  const std::string caller = Authorized(header) ? dev_token_caller_ : "addr:" + std::string(peer);
  auto wait = limiter_.Take(caller, RateLimiter::Clock::now());
  if (!wait) return std::nullopt;
  return Refuse(header,
                MakeError(ErrorCode::kRateLimited,
                          "more than " + std::to_string(settings_.rate_limit.burst) + " requests at once or " +
                              std::to_string(settings_.rate_limit.per_second) +
                              " a second (rate_limit_burst, rate_limit_per_second); retry after " +
                              std::to_string(wait->count()) + " s"),
                *wait);
}

HttpResponse Dispatcher::Refuse(const RequestHeader& header, const Error& error,
                                std::optional<std::chrono::seconds> retry_after) const {
  const auto start = std::chrono::steady_clock::now();
  const std::string request_id = RequestIdOf(header);
  HttpResponse res = ProblemResponse(error, request_id, header.version(), false, retry_after);
  res.set("X-Request-Id", request_id);
  const Route* route = RouteOf(header);
  Observe(header, request_id, route ? route->pattern : "unmatched", res, start);
  return res;
}

void Dispatcher::Observe(const RequestHeader& header, const std::string& request_id, const std::string& route_label,
                         const HttpResponse& res, std::chrono::steady_clock::time_point start) const {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.ObserveRequest(route_label, std::string(header.method_string()), static_cast<int>(res.result_int()),
                          seconds);
  // The target as sent, but never its credentials: an OAuth callback's code and state, a
  // token a client put in a query.
  spdlog::debug("request {} {} {} -> {} in {:.1f} ms", request_id, std::string(header.method_string()),
                RedactedTarget(std::string_view(header.target().data(), header.target().size())), res.result_int(),
                seconds * 1000);
}

bool Dispatcher::Authorized(const RequestHeader& request) const {
  auto it = request.find(http::field::authorization);
  if (it == request.end() || dev_token_.empty()) return false;
  std::string_view value(it->value().data(), it->value().size());
  constexpr std::string_view kBearer = "Bearer ";
  if (value.size() <= kBearer.size()) return false;
  for (size_t i = 0; i < kBearer.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != std::tolower(static_cast<unsigned char>(kBearer[i]))) {
      return false;
    }
  }
  value.remove_prefix(kBearer.size());
  return value.size() == dev_token_.size() && CRYPTO_memcmp(value.data(), dev_token_.data(), value.size()) == 0;
}

HttpResponse Dispatcher::Handle(const HttpRequest& request) const {
  const auto start = std::chrono::steady_clock::now();
  RequestContext ctx{request, RequestIdOf(request), {}, {}, {}, settings_.json};
  std::string route_label = "unmatched";
  auto respond = [&]() -> HttpResponse {
    auto target = boost::urls::parse_origin_form(std::string_view(request.target().data(), request.target().size()));
    if (!target) return ProblemResponse(MakeError(ErrorCode::kInvalidRequest, "the request target is not a valid URL path"),
                                        ctx.request_id, request.version(), false);
    ctx.path = target->path();
    for (auto param : target->params()) ctx.query.emplace(param.key, param.value);

    RouteMatch match = router_.Find(request.method(), ctx.path);
    if (!match.route) {
      const Error e = match.path_known ? MakeError(ErrorCode::kNotFound, "this path does not accept " +
                                                                            std::string(request.method_string()))
                                       : MakeError(ErrorCode::kNotFound, "there is no such path: " + ctx.path);
      HttpResponse res = ProblemResponse(e, ctx.request_id, request.version(), request.keep_alive());
      if (match.path_known) res.result(http::status::method_not_allowed);
      return res;
    }
    route_label = match.route->pattern;
    ctx.path_params = std::move(match.params);
    if (match.route->needs_token && !Authorized(request)) {
      return ProblemResponse(MakeError(ErrorCode::kUnauthorized, "a valid bearer token is required: "
                                                                 "Authorization: Bearer <token>"),
                             ctx.request_id, request.version(), request.keep_alive());
    }
    try {
      Result<HttpResponse> result = match.route->handler(ctx);
      if (!result) {
        const Error& e = result.error();
        if (e.code == ErrorCode::kInternal || e.code == ErrorCode::kUnavailable) {
          spdlog::error("request {} {} {}: {}", ctx.request_id, std::string(request.method_string()), ctx.path,
                        e.ToString());
        }
        return ProblemResponse(e, ctx.request_id, request.version(), request.keep_alive());
      }
      HttpResponse res = std::move(*result);
      res.version(request.version());
      res.keep_alive(request.keep_alive());
      return res;
    } catch (const std::exception& ex) {
      spdlog::error("request {} {} {} threw: {}", ctx.request_id, std::string(request.method_string()), ctx.path,
                    ex.what());
      return ProblemResponse(MakeError(ErrorCode::kInternal, ex.what()), ctx.request_id, request.version(), false);
    }
  };
  HttpResponse res = respond();
  res.set("X-Request-Id", ctx.request_id);
  if (!res.has_content_length() && !res.chunked()) res.prepare_payload();
  Observe(request, ctx.request_id, route_label, res, start);
  return res;
}

}  // namespace recon::server
