// GET /healthz, /readyz and /metrics: no token, for probes and Prometheus.
#include "api/handlers.hpp"
#include "api/openapi.hpp"
#include "api/responses.hpp"
#include "storage/migrations.hpp"

namespace recon::api {

using server::http::status;

HandlerResult Healthz(const OpsDeps&, server::RequestContext&) { return JsonResponse(status::ok, {{"status", "ok"}}); }

HandlerResult Readyz(const OpsDeps& deps, server::RequestContext&) {
  auto conn = deps.pool.Acquire();
  if (!conn) return JsonResponse(status::service_unavailable, {{"status", "unavailable"}, {"database", "unreachable"}});
  auto current = storage::MigrationsCurrent(**conn);
  if (!current) return JsonResponse(status::service_unavailable, {{"status", "unavailable"}, {"database", "error"}});
  if (!*current) {
    return JsonResponse(status::service_unavailable, {{"status", "unavailable"}, {"database", "migrations pending"}});
  }
  return JsonResponse(status::ok, {{"status", "ready"}, {"database", "ok"}});
}

HandlerResult MetricsText(const OpsDeps& deps, server::RequestContext&) {
  server::HttpResponse res{status::ok, 11};
  res.set(server::http::field::content_type, "text/plain; version=0.0.4");
  res.body() = deps.metrics.Serialize();
  res.prepare_payload();
  return res;
}

}  // namespace recon::api

namespace recon::api {

HandlerResult OpenApi(const OpsDeps&, server::RequestContext&) {
  static const std::string kDocument = OpenApiDocument().dump(2);
  server::HttpResponse res{server::http::status::ok, 11};
  res.set(server::http::field::content_type, "application/json");
  res.body() = kDocument;
  res.prepare_payload();
  return res;
}

}  // namespace recon::api
