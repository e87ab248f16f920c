#include "api/idempotency.hpp"

#include <spdlog/spdlog.h>

#include "api/responses.hpp"
#include "recon/digest.hpp"

namespace recon::api {
namespace {

std::string RequestHash(const server::RequestContext& ctx) {
  std::string material(ctx.request.method_string());
  material += ' ';
  material += std::string_view(ctx.request.target().data(), ctx.request.target().size());
  material += '\n';
  material += ctx.request.body();
  return Sha256Hex(material);
}

HandlerResult Replay(const storage::StoredAnswer& a) {
  server::HttpResponse res{static_cast<server::http::status>(*a.status_code), 11};
  if (!a.content_type.empty()) res.set(server::http::field::content_type, a.content_type);
  res.set("Idempotency-Replayed", "true");
  res.body() = a.body;
  res.prepare_payload();
  return res;
}

}  // namespace

server::Handler Idempotent(const IdempotencyDeps& deps, server::Handler handler) {
  return [deps, handler = std::move(handler)](server::RequestContext& ctx) -> HandlerResult {
    auto header = ctx.request.find("Idempotency-Key");
    if (header == ctx.request.end()) return handler(ctx);
    const std::string key(header->value());
    if (key.empty() || key.size() > kIdempotencyKeyBytesMax) {
      return MakeError(ErrorCode::kInvalidRequest, "Idempotency-Key must have 1 to " +
                                                       std::to_string(kIdempotencyKeyBytesMax) + " characters");
    }
    const std::string company = CompanyOf(ctx, deps.default_company);
    const std::string hash = RequestHash(ctx);
    auto claimed = deps.store.Claim(company, key, hash);
    if (!claimed) return claimed.take_error();
    if (claimed->stored) {
      const storage::StoredAnswer& stored = *claimed->stored;
      if (stored.request_hash != hash) {
        return MakeError(ErrorCode::kIdempotencyMismatch,
                         "this Idempotency-Key was used before with a different request; use a new key");
      }
      if (!stored.status_code) {
        return MakeError(ErrorCode::kConflict,
                         "a request with this Idempotency-Key is still running; retry later (a request whose process "
                         "stopped frees its key after " +
                             std::to_string(deps.store.settings().lease.count()) + " s)");
      }
      return Replay(stored);
    }
    const std::string& token = *claimed->token;
    if (claimed->taken_over) {
      spdlog::info("request {}: Idempotency-Key taken over; the request that held it stopped renewing its lease",
                   ctx.request_id);
    }
    HandlerResult result = [&] {
      auto hold = deps.leases.Track({company, key, token});
      return handler(ctx);
    }();
    if (result && result->result_int() < 500) {
      const auto type = (*result)[server::http::field::content_type];
      if (Status s = deps.store.Complete(company, key, token, static_cast<int>(result->result_int()),
                                              std::string(type.data(), type.size()), result->body());
          !s) {
        spdlog::warn("request {}: the answer for Idempotency-Key could not be kept: {}", ctx.request_id,
                     s.error().message);
      }
    } else if (Status s = deps.store.Release(company, key, token); !s) {
      spdlog::warn("request {}: Idempotency-Key could not be released: {}", ctx.request_id, s.error().message);
    }
    return result;
  };
}

}  // namespace recon::api
