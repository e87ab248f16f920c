// The reconciler's reports (reconcile::RunObserver) as Prometheus metrics: a committed
// decision counts in recond_matches_total{rule, outcome}.
#pragma once

#include <string>
#include <string_view>

#include "reconcile/run_observer.hpp"
#include "server/metrics.hpp"

namespace recon::daemon {

// Thread-safe, as Metrics is. `metrics` must outlive it.
class MetricsRunObserver final : public reconcile::RunObserver {
 public:
  explicit MetricsRunObserver(server::Metrics& metrics) : metrics_(metrics) {}

  void MatchCommitted(const std::string& rule, std::string_view outcome) override {
    metrics_.CountMatch(rule, std::string(outcome));
  }

 private:
  server::Metrics& metrics_;
};

}  // namespace recon::daemon
