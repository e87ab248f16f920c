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
                   .Register(*registry_)),
      pulls_(prometheus::BuildCounter()
                 .Name("recond_connection_pulls_total")
                 .Help("Bank connection pulls by connection and outcome")
                 .Register(*registry_)),
      pull_seconds_(prometheus::BuildHistogram()
                        .Name("recond_connection_pull_duration_seconds")
                        .Help("Bank connection pull duration by connection")
                        .Register(*registry_)),
      token_requests_(prometheus::BuildCounter()
                          .Name("recond_connection_token_refreshes_total")
                          .Help("OAuth token requests sent to banks, by connection")
                          .Register(*registry_)),
      dead_letters_open_(prometheus::BuildGauge()
                             .Name("recond_connection_dead_letters")
                             .Help("Pulls in the dead-letter queue waiting for a replay")
                             .Register(*registry_)
                             .Add({})),
      consent_days_left_(prometheus::BuildGauge()
                             .Name("recond_connection_consent_days_left")
                             .Help("Days until a connection's bank consent expires")
                             .Register(*registry_)),
      last_pull_success_(prometheus::BuildGauge()
                             .Name("recond_connection_last_success_timestamp_seconds")
                             .Help("Unix time of a connection's last successful pull")
                             .Register(*registry_)),
      connection_stale_(prometheus::BuildGauge()
                            .Name("recond_connection_stale")
                            .Help("1 when a connection has not pulled successfully for 24 hours")
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

void Metrics::ObservePull(const std::string& connection, const std::string& outcome, double seconds) {
  pulls_.Add({{"connection", connection}, {"outcome", outcome}}).Increment();
  pull_seconds_.Add({{"connection", connection}}, kLatencyBuckets).Observe(seconds);
}

void Metrics::CountTokenRequest(const std::string& connection) {
  token_requests_.Add({{"connection", connection}}).Increment();
}

void Metrics::SetDeadLettersOpen(int64_t count) { dead_letters_open_.Set(static_cast<double>(count)); }

void Metrics::SetConsentDaysLeft(const std::string& connection, double days) {
  consent_days_left_.Add({{"connection", connection}}).Set(days);
}

void Metrics::SetLastPullSuccess(const std::string& connection, double unix_seconds) {
  last_pull_success_.Add({{"connection", connection}}).Set(unix_seconds);
}

void Metrics::SetConnectionStale(const std::string& connection, bool stale) {
  connection_stale_.Add({{"connection", connection}}).Set(stale ? 1 : 0);
}

std::string Metrics::Serialize() const {
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace recon::server
