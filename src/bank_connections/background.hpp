// The connection work inside `recond serve`: a scheduler that queues due pulls as jobs (one
// scheduler at a time across processes: a PostgreSQL advisory lock), the job handler that runs
// them (any process), and a periodic health check that logs and sets gauges when the dead-letter
// queue is not empty, a consent expires within 14 days (by the bank's validUntil as read on the
// last pull) or the bank no longer calls it valid, a stored mTLS client certificate expires within
// 30 days, or a connection has not succeeded for 24 hours. Settings from the environment: RECOND_SCHEDULER_POLL_MS (default 30,000; 0 = no
// scheduler here) and RECOND_CONNECTION_HEALTH_MS (default 300,000; 0 = no health check).
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "api/app.hpp"
#include "bank_connections/connection_service.hpp"
#include "jobs/job_runner.hpp"

namespace recon::bank_connections {

inline constexpr const char* kPullJob = "connection_pull";
inline constexpr int kConsentWarningDays = 14;
// A bank's CA takes a while to issue a new client certificate: warn a month ahead.
inline constexpr int kClientCertificateWarningDays = 30;
inline constexpr int kDueConnectionsPerTick = 100;

struct BackgroundSettings {
  int scheduler_poll_ms = 30'000;
  int health_interval_ms = 300'000;
};

BackgroundSettings BackgroundSettingsFrom(const std::map<std::string, std::string>& env);

class BackgroundWork {
 public:
  // Registers the pull job handler on `runner` (call before runner.Start()) and starts the thread.
  BackgroundWork(api::App& app, jobs::JobRunner& runner);
  ~BackgroundWork();
  BackgroundWork(const BackgroundWork&) = delete;
  BackgroundWork& operator=(const BackgroundWork&) = delete;

  // Stops the thread; queued pull jobs stay in the table for the next process.
  void Stop();

 private:
  void Loop();
  void ScheduleDue();
  void CheckHealth();

  api::App& app_;
  jobs::JobRunner& runner_;
  BackgroundSettings settings_;
  std::unique_ptr<ConnectionService> service_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace recon::bank_connections
