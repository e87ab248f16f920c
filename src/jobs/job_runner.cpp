#include "jobs/job_runner.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <exception>
#include <random>

namespace recon::jobs {
namespace {

// Renews `job`'s lease every third of the lease until destroyed, so that a job taking
// longer than one lease is not taken by another process while this one still works.
class LeaseKeeper {
 public:
  LeaseKeeper(JobStore& store, const ClaimedJob& job, const std::string& owner, std::chrono::seconds lease)
      : thread_([this, &store, id = job.id, owner, lease] {
          // In milliseconds: a third of a 2 s lease is not 0 s.
          const auto every = std::chrono::duration_cast<std::chrono::milliseconds>(lease) / 3;
          std::unique_lock lock(mu_);
          while (!done_) {
            if (cv_.wait_for(lock, every, [this] { return done_; })) break;
            lock.unlock();
            auto renewed = store.Renew(id, owner, lease);
            if (!renewed) spdlog::warn("job {}: lease not renewed: {}", id, renewed.error().message);
            else if (!*renewed) spdlog::error("job {}: another process took it over (the lease ran out)", id);
            lock.lock();
          }
        }) {}
  ~LeaseKeeper() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;  // last: starts after the members it uses exist
};

}  // namespace

bool Retryable(const Error& error) {
  switch (error.code) {
    case ErrorCode::kUnavailable:
    case ErrorCode::kConflict:
    case ErrorCode::kInternal:
      return true;
    default:
      return false;
  }
}

std::chrono::milliseconds RetryDelay(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                     double unit) {
  // Doubling stops at the cap, long before 2^attempt could overflow.
  int64_t ceiling = std::max<int64_t>(0, base.count());
  for (int i = 1; i < attempt && ceiling < cap.count(); ++i) ceiling *= 2;
  ceiling = std::min<int64_t>(ceiling, cap.count());
  const double u = std::clamp(unit, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<int64_t>(u * static_cast<double>(ceiling)));
}

std::string ProcessOwnerName() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  std::random_device rd;
  return std::string(host.data()) + ":" + std::to_string(getpid()) + ":" + std::to_string(rd() % 1'000'000);
}

JobRunner::JobRunner(JobStore& store, RunnerSettings settings, std::string owner)
    : store_(store), settings_(std::move(settings)), owner_(std::move(owner)) {}

JobRunner::~JobRunner() { Stop(); }

void JobRunner::Handle(const std::string& kind, JobHandler handler) { handlers_[kind] = std::move(handler); }

void JobRunner::Every(const std::string& kind, std::chrono::seconds interval) {
  periodic_[kind] = interval;
  std::lock_guard lock(mu_);
  periodic_due_[kind] = std::chrono::steady_clock::now();
}

void JobRunner::Start() {
  for (int i = 0; i < settings_.workers; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

void JobRunner::Wake() {
  {
    std::lock_guard lock(mu_);
    ++wakeups_;
  }
  cv_.notify_one();
}

Result<std::shared_future<JobOutcome>> JobRunner::RunDetached(ClaimedJob job, JobHandler handler) {
  auto promise = std::make_shared<std::promise<JobOutcome>>();
  std::shared_future<JobOutcome> future = promise->get_future().share();
  std::lock_guard lock(mu_);
  if (stopping_) return MakeError(ErrorCode::kUnavailable, "recond is stopping; the job is left to another process");
  // Threads that finished are joined here (at once), so that a long-running process keeps none.
  std::erase_if(detached_, [](Detached& d) {
    if (!d.finished->load()) return false;
    d.thread.join();
    return true;
  });
  auto finished = std::make_shared<std::atomic<bool>>(false);
  detached_.push_back({std::thread([this, job = std::move(job), handler = std::move(handler), promise, finished] {
                         promise->set_value(RunOne(job, &handler));
                         finished->store(true);
                       }),
                       finished});
  return future;
}

void JobRunner::Stop() {
  std::vector<Detached> detached;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    detached.swap(detached_);
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
  for (auto& d : detached) d.thread.join();
}

bool JobRunner::Idle() {
  std::unique_lock lock(mu_);
  if (wakeups_ == 0) cv_.wait_for(lock, settings_.poll, [this] { return stopping_ || wakeups_ > 0; });
  if (wakeups_ > 0) --wakeups_;
  return !stopping_;
}

bool JobRunner::EnqueueDuePeriodic() {
  bool queued = false;
  for (const auto& [kind, interval] : periodic_) {
    {
      std::lock_guard lock(mu_);
      auto& due = periodic_due_[kind];
      const auto now = std::chrono::steady_clock::now();
      if (now < due) continue;
      due = now + interval;
    }
    auto made = store_.EnqueuePeriodic(kind, interval);
    if (!made) spdlog::warn("job runner: periodic job {} not queued: {}", kind, made.error().message);
    else queued = queued || *made;
  }
  return queued;
}

double JobRunner::RandomUnit() {
  if (settings_.random_unit) return settings_.random_unit();
  std::lock_guard lock(mu_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
}

void JobRunner::WorkerLoop() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    auto claimed = store_.Claim(owner_, settings_.lease);
    if (!claimed) {
      spdlog::warn("job runner: {}", claimed.error().message);
      if (!Idle()) return;
      continue;
    }
    if (!*claimed) {
      // Nothing ready: the moment to give up on jobs whose process died on every attempt,
      // and to queue periodic work, rather than one more statement before every claim.
      if (auto failed = store_.FailAbandoned(); failed && *failed > 0) {
        spdlog::error("{} job(s) dead: their process stopped on every attempt (GET /v1/jobs?status=dead)", *failed);
      }
      if (EnqueueDuePeriodic()) continue;
      if (!Idle()) return;
      continue;
    }
    auto handler = handlers_.find((*claimed)->kind);
    RunOne(**claimed, handler == handlers_.end() ? nullptr : &handler->second);
  }
}

JobOutcome JobRunner::RunOne(const ClaimedJob& job, const JobHandler* handler) {
  spdlog::info("job {} ({}, company '{}') started, attempt {} of {}", job.id, job.kind, job.company, job.attempt,
               job.max_attempts);
  Status outcome = Status::Ok();
  if (!handler) {
    // Another process (a newer version) may know the kind: a retry can help.
    outcome = MakeError(ErrorCode::kInternal, "no handler for jobs of kind '" + job.kind + "' in this process");
  } else {
    LeaseKeeper keeper(store_, job, owner_, settings_.lease);
    try {
      outcome = (*handler)(job);
    } catch (const std::exception& e) {
      outcome = MakeError(ErrorCode::kInternal, std::string("the job threw: ") + e.what());
    }
  }
  return Record(job, std::move(outcome));
}

JobOutcome JobRunner::Record(const ClaimedJob& job, Status outcome) {
  JobOutcome out{JobEnd::kDone, outcome};
  if (outcome) {
    auto done = store_.Complete(job.id, owner_);
    if (!done) {
      spdlog::error("job {}: outcome not recorded: {}", job.id, done.error().message);
      out.end = JobEnd::kUnrecorded;
    } else if (!*done) {
      spdlog::error("job {}: finished here, but another process holds it now; its outcome stands", job.id);
      out.end = JobEnd::kLost;
    } else {
      spdlog::info("job {} done", job.id);
    }
    return out;
  }
  const Error& e = outcome.error();
  std::optional<std::chrono::milliseconds> retry_in;
  if (Retryable(e)) retry_in = RetryDelay(job.attempt, settings_.retry_base, settings_.retry_cap, RandomUnit());
  auto fate = store_.Fail(job.id, owner_, e.ToString(), retry_in);
  if (!fate) {
    spdlog::error("job {}: failure not recorded ({}): {}", job.id, fate.error().message, e.ToString());
    out.end = JobEnd::kUnrecorded;
  } else if (*fate == JobFate::kNotHeld) {
    spdlog::error("job {}: failed here, but another process holds it now: {}", job.id, e.ToString());
    out.end = JobEnd::kLost;
  } else if (*fate == JobFate::kRetrying) {
    spdlog::warn("job {} failed (attempt {} of {}), retried in {} ms: {}", job.id, job.attempt, job.max_attempts,
                 retry_in->count(), e.ToString());
    out.end = JobEnd::kRetrying;
    Wake();  // an idle worker here picks the retry up at its run_after (or another process does)
  } else {
    spdlog::error("job {} dead after attempt {} of {}{}: {} (GET /v1/jobs?status=dead)", job.id, job.attempt,
                  job.max_attempts, retry_in ? "" : ", no retry can fix it", e.ToString());
    out.end = JobEnd::kDead;
  }
  return out;
}

}  // namespace recon::jobs
