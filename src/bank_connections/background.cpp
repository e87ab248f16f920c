#include "bank_connections/background.hpp"

#include <spdlog/spdlog.h>

#include "bank_connections/cron.hpp"
#include "recon/timestamp.hpp"
#include "util/ids.hpp"

namespace recon::bank_connections {
namespace {

using namespace std::chrono;

// The advisory lock of the scheduler's leader (pg_try_advisory_lock(bigint)).
constexpr const char* kSchedulerLockKey = "7310020061";  // arbitrary, fixed: "recond scheduler"
constexpr double kStaleHours = 24;

constexpr storage::Sql kTryLeader{"try_scheduler_lock", "SELECT pg_try_advisory_lock($1::bigint)"};
constexpr storage::Sql kUnlockLeader{"unlock_scheduler_lock", "SELECT pg_advisory_unlock($1::bigint)"};

int EnvInt(const std::map<std::string, std::string>& env, const std::string& name, int fallback) {
  auto it = env.find(name);
  if (it == env.end() || it->second.empty()) return fallback;
  try {
    const int v = std::stoi(it->second);
    return v >= 0 ? v : fallback;
  } catch (const std::exception&) {
    spdlog::warn("{} '{}' is not a whole number; using {}", name, it->second, fallback);
    return fallback;
  }
}

}  // namespace

BackgroundSettings BackgroundSettingsFrom(const std::map<std::string, std::string>& env) {
  BackgroundSettings s;
  s.scheduler_poll_ms = EnvInt(env, "RECOND_SCHEDULER_POLL_MS", s.scheduler_poll_ms);
  s.health_interval_ms = EnvInt(env, "RECOND_CONNECTION_HEALTH_MS", s.health_interval_ms);
  return s;
}

jobs::JobHandler PullJobHandler(ConnectionService& service) {
  return [&service](const jobs::ClaimedJob& job) -> Status {
    const int64_t id = job.payload.value("connection_id", int64_t{0});
    auto pull = service.Pull(job.company, id, "schedule");
    if (!pull) return pull.error();
    return Status::Ok();
  };
}

BackgroundWork::BackgroundWork(BackgroundDeps deps)
    : deps_(deps), settings_(BackgroundSettingsFrom(config::ProcessEnvironment())) {
  thread_ = std::thread([this] { Loop(); });
}

BackgroundWork::~BackgroundWork() { Stop(); }

void BackgroundWork::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackgroundWork::Loop() {
  auto next_schedule = steady_clock::now();
  auto next_health = steady_clock::now();
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const auto now = steady_clock::now();
    lock.unlock();
    if (settings_.scheduler_poll_ms > 0 && now >= next_schedule) {
      ScheduleDue();
      next_schedule = now + milliseconds(settings_.scheduler_poll_ms);
    }
    if (settings_.health_interval_ms > 0 && now >= next_health) {
      CheckHealth();
      next_health = now + milliseconds(settings_.health_interval_ms);
    }
    lock.lock();
    auto wake = steady_clock::now() + hours(1);
    if (settings_.scheduler_poll_ms > 0) wake = std::min(wake, next_schedule);
    if (settings_.health_interval_ms > 0) wake = std::min(wake, next_health);
    cv_.wait_until(lock, wake, [this] { return stopping_; });
  }
}

void BackgroundWork::ScheduleDue() {
  auto conn = deps_.pool.Acquire();
  if (!conn) return;
  auto leader = (*conn)->Exec(kTryLeader, {kSchedulerLockKey});
  if (!leader || leader->text(0, 0) != "t") return;  // another process schedules now
  auto due = deps_.service.store().Due(kDueConnectionsPerTick);
  if (!due) spdlog::warn("scheduler: {}", due.error().message);
  bool queued = false;
  for (const ConnectionRecord& c : due ? *due : std::vector<ConnectionRecord>{}) {
    const std::string label = util::FormatId(kConnectionPrefix, c.id);
    auto cron = ParseCron(c.schedule.value_or(""), c.schedule_tz);
    std::optional<std::string> next;
    if (cron) {
      if (auto at = NextDue(*cron, floor<seconds>(system_clock::now()))) next = FormatUtcSeconds(*at);
    }
    // Move the connection's next time first: a crash between the two writes loses one pull
    // rather than queueing the same pull again and again.
    if (Status s = deps_.service.store().SetNextPullAt(c.id, next); !s) {
      spdlog::warn("scheduler: {}: {}", label, s.error().message);
      continue;
    }
    jobs::NewJob job{kPullJob, c.company, {{"connection_id", c.id}}, 1};
    if (auto id = deps_.jobs.Enqueue(job); !id) {
      spdlog::warn("scheduler: pull of {} not queued: {}", label, id.error().message);
      continue;
    }
    queued = true;
    spdlog::info("scheduler: pull of {} queued; next at {}", label, next.value_or("never"));
  }
  auto unlock = (*conn)->Exec(kUnlockLeader, {kSchedulerLockKey});
  if (!unlock) spdlog::warn("scheduler: lock not released: {}", unlock.error().message);
  if (queued) deps_.runner.Wake();
}

void BackgroundWork::CheckHealth() {
  auto figures = deps_.service.store().Health();
  if (!figures) {
    spdlog::warn("connection health check: {}", figures.error().message);
    return;
  }
  deps_.metrics.SetDeadLettersOpen(figures->dead_letters_open);
  if (figures->dead_letters_open > 0)
    spdlog::warn("connection health: {} pull(s) in the dead-letter queue (GET /v1/dead-letters)",
                 figures->dead_letters_open);
  for (const auto& c : figures->consents) {
    const std::string label = util::FormatId(kConnectionPrefix, c.connection_id);
    deps_.metrics.SetConsentDaysLeft(label, c.days_left);
    if (c.status && *c.status != connectors::kConsentValid)
      spdlog::warn("connection health: the bank says the consent of {} ({} '{}') is {}", label, c.company, c.name,
                   *c.status);
    else if (c.days_left < kConsentWarningDays)
      spdlog::warn("connection health: the consent of {} ({} '{}') expires in {:.1f} day(s)", label, c.company, c.name,
                   c.days_left);
  }
  for (const auto& c : figures->client_certificates) {
    if (c.days_left < kClientCertificateWarningDays)
      spdlog::warn("connection health: the client certificate of {} ({} '{}') expires in {:.1f} day(s)",
                   util::FormatId(kConnectionPrefix, c.connection_id), c.company, c.name, c.days_left);
  }
  for (const auto& c : figures->connections) {
    const std::string label = util::FormatId(kConnectionPrefix, c.connection_id);
    if (c.last_success_unix) deps_.metrics.SetLastPullSuccess(label, *c.last_success_unix);
    deps_.metrics.SetConnectionStale(label, c.stale);
    if (c.stale)
      spdlog::warn("connection health: {} ({} '{}') has not pulled successfully for {} hours", label, c.company,
                   c.name, kStaleHours);
  }
}

}  // namespace recon::bank_connections
