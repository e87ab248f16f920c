#include "server/dispatcher.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <boost/url/parse.hpp>
#include <chrono>
#include <exception>

#include "server/problem.hpp"

namespace recon::server {
namespace {

constexpr size_t kRequestIdBytesMax = 64;

std::string NewRequestId() {
  unsigned char bytes[8];
  RAND_bytes(bytes, sizeof bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

// The caller's X-Request-Id when it is short and plain, so logs can be joined across systems.
std::string RequestIdOf(const HttpRequest& request) {
  auto it = request.find("X-Request-Id");
  if (it != request.end()) {
    const std::string_view given(it->value().data(), it->value().size());
    bool plain = !given.empty() && given.size() <= kRequestIdBytesMax;
    for (char c : given) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
    if (plain) return std::string(given);
  }
  return NewRequestId();
}

}  // namespace

bool Dispatcher::Authorized(const HttpRequest& request) const {
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
  RequestContext ctx{request, RequestIdOf(request), {}, {}, {}};
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
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.ObserveRequest(route_label, std::string(request.method_string()), static_cast<int>(res.result_int()), seconds);
  spdlog::debug("request {} {} {} -> {} in {:.1f} ms", ctx.request_id, std::string(request.method_string()),
                std::string(request.target()), res.result_int(), seconds * 1000);
  return res;
}

}  // namespace recon::server
