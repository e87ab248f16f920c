// Prometheus metrics of one recond process, through prometheus-cpp. Thread-safe.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
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

  // The Prometheus text exposition format of every metric.
  std::string Serialize() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& request_seconds_;
  prometheus::Counter& statements_ingested_;
  prometheus::Counter& lines_ingested_;
  prometheus::Family<prometheus::Counter>& matches_;
};

}  // namespace recon::server
