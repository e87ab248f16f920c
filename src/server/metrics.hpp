// Prometheus metrics of one recond process, through prometheus-cpp. Thread-safe.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

namespace recon::server {

class Metrics {
 public:
  Metrics();

  void ObserveRequest(const std::string& route, const std::string& method, int status, double seconds);
  void CountIngest(int64_t statements, int64_t lines);
  void CountMatch(const std::string& rule, const std::string& outcome);

  // Bank connections (src/bank_connections): one pull's outcome and duration, token requests, and
  // the figures of the periodic health check. `connection` is the public id ("cn_7").
  void ObservePull(const std::string& connection, const std::string& outcome, double seconds);
  void CountTokenRequest(const std::string& connection);
  void SetDeadLettersOpen(int64_t count);
  void SetConsentDaysLeft(const std::string& connection, double days);
  void SetLastPullSuccess(const std::string& connection, double unix_seconds);
  void SetConnectionStale(const std::string& connection, bool stale);

  // The Prometheus text exposition format of every metric.
  std::string Serialize() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& request_seconds_;
  prometheus::Counter& statements_ingested_;
  prometheus::Counter& lines_ingested_;
  prometheus::Family<prometheus::Counter>& matches_;
  prometheus::Family<prometheus::Counter>& pulls_;
  prometheus::Family<prometheus::Histogram>& pull_seconds_;
  prometheus::Family<prometheus::Counter>& token_requests_;
  prometheus::Gauge& dead_letters_open_;
  prometheus::Family<prometheus::Gauge>& consent_days_left_;
  prometheus::Family<prometheus::Gauge>& last_pull_success_;
  prometheus::Family<prometheus::Gauge>& connection_stale_;
};

}  // namespace recon::server
