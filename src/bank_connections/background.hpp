// The connection work inside `recond serve`: a scheduler that queues due pulls as jobs (one
// scheduler at a time across processes: a PostgreSQL advisory lock), the job handler that runs
// them (any process; the daemon registers it), and a periodic health check that logs and sets
// gauges when the dead-letter queue is not empty, a consent expires within 14 days (by the
// bank's validUntil as read on the last pull) or the bank no longer calls it valid, a stored mTLS
// client certificate expires within 30 days, or a connection has not succeeded for 24 hours.
// Settings from the environment: RECOND_SCHEDULER_POLL_MS (default 30,000; 0 = no scheduler
// here) and RECOND_CONNECTION_HEALTH_MS (default 300,000; 0 = no health check).
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "bank_connections/connection_service.hpp"
#include "jobs/job_runner.hpp"
#include "jobs/job_store.hpp"
#include "server/metrics.hpp"
#include "storage/pg.hpp"

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

// The handler of kPullJob: pulls the connection the job names. A pull that ran is recorded with
// its outcome (and dead letter); only a pull that could not start (budget, lock, database) fails
// the job, with the reason. `service` must outlive the runner's workers.
jobs::JobHandler PullJobHandler(ConnectionService& service);

// What the scheduler and the health check use; each must outlive the BackgroundWork.
struct BackgroundDeps {
  storage::ConnectionPool& pool;  // the scheduler's advisory lock
  jobs::JobStore& jobs;           // due pulls are queued here
  jobs::JobRunner& runner;        // and a worker woken for them
  server::Metrics& metrics;       // the health check's gauges
  ConnectionService& service;
};

class BackgroundWork {
 public:
  // Starts the thread; settings from the environment (BackgroundSettingsFrom).
  explicit BackgroundWork(BackgroundDeps deps);
  ~BackgroundWork();
  BackgroundWork(const BackgroundWork&) = delete;
  BackgroundWork& operator=(const BackgroundWork&) = delete;

  // Stops the thread; queued pull jobs stay in the table for the next process.
  void Stop();

 private:
  void Loop();
  void ScheduleDue();
  void CheckHealth();

  BackgroundDeps deps_;
  BackgroundSettings settings_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace recon::bank_connections
