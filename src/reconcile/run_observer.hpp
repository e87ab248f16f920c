// What a reconcile run reports to whoever watches it. The reconciler knows no metrics
// library: the daemon hands it an observer that passes the reports on to Prometheus
// (src/daemon/metrics_observer.hpp), and a program that does not watch passes one that
// ignores them.
#pragma once

#include <string>
#include <string_view>

namespace recon::reconcile {

// Called from the threads that run reconcile runs, several runs at once: thread-safe.
class RunObserver {
 public:
  virtual ~RunObserver() = default;

  // A decision of `rule` was committed with `outcome`, the status its match got: "applied" or
  // "proposed". Decisions whose amounts a concurrent change took (conflicts) are not reported.
  virtual void MatchCommitted(const std::string& rule, std::string_view outcome) = 0;
};

}  // namespace recon::reconcile
