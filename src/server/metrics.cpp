#include "server/metrics.hpp"

#include <prometheus/text_serializer.h>

namespace recon::server {
namespace {

const prometheus::Histogram::BucketBoundaries kLatencyBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                                0.25,  0.5,    1,     2.5,  5,     10,   30};

}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(prometheus::BuildCounter()
                    .Name("recond_http_requests_total")
                    .Help("HTTP requests by route, method and status")
                    .Register(*registry_)),
      request_seconds_(prometheus::BuildHistogram()
                           .Name("recond_http_request_duration_seconds")
                           .Help("HTTP request duration by route")
                           .Register(*registry_)),
      statements_ingested_(prometheus::BuildCounter()
                               .Name("recond_statements_ingested_total")
                               .Help("Statements stored from uploads and pulls")
                               .Register(*registry_)
                               .Add({})),
      lines_ingested_(prometheus::BuildCounter()
                          .Name("recond_lines_ingested_total")
                          .Help("Statement lines stored (duplicates not counted)")
                          .Register(*registry_)
                          .Add({})),
      matches_(prometheus::BuildCounter()
                   .Name("recond_matches_total")
                   .Help("Match decisions by rule and outcome")
                   .Register(*registry_)) {}

void Metrics::ObserveRequest(const std::string& route, const std::string& method, int status, double seconds) {
  requests_.Add({{"route", route}, {"method", method}, {"status", std::to_string(status)}}).Increment();
  request_seconds_.Add({{"route", route}}, kLatencyBuckets).Observe(seconds);
}

void Metrics::CountIngest(int64_t statements, int64_t lines) {
  statements_ingested_.Increment(static_cast<double>(statements));
  lines_ingested_.Increment(static_cast<double>(lines));
}

void Metrics::CountMatch(const std::string& rule, const std::string& outcome) {
  matches_.Add({{"rule", rule}, {"outcome", outcome}}).Increment();
}

std::string Metrics::Serialize() const {
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace recon::server
