// The reconciler reports through reconcile::RunObserver; the daemon's observer turns each
// report into the Prometheus counter it fed before the observer existed, with the same name,
// labels and value (GET /metrics is read by dashboards and alerts).
#include "daemon/metrics_observer.hpp"

#include <gtest/gtest.h>

namespace recon::daemon {
namespace {

TEST(MetricsRunObserver, CountsEachCommittedDecisionByRuleAndOutcome) {
  server::Metrics metrics;
  MetricsRunObserver observer(metrics);
  reconcile::RunObserver& reports = observer;
  reports.MatchCommitted("structured_reference", "applied");
  reports.MatchCommitted("structured_reference", "applied");
  reports.MatchCommitted("known_payer", "proposed");

  const std::string text = metrics.Serialize();
  EXPECT_NE(text.find("recond_matches_total{outcome=\"applied\",rule=\"structured_reference\"} 2"), std::string::npos)
      << text;
  EXPECT_NE(text.find("recond_matches_total{outcome=\"proposed\",rule=\"known_payer\"} 1"), std::string::npos) << text;
  EXPECT_EQ(text.find("outcome=\"proposed\",rule=\"structured_reference\""), std::string::npos) << text;
}

}  // namespace
}  // namespace recon::daemon
