#include "jobs/job_runner.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
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
          std::unique_lock lock(mu_);
          while (!done_) {
            if (cv_.wait_for(lock, lease / 3, [this] { return done_; })) break;
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

std::string ProcessOwnerName() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  std::random_device rd;
  return std::string(host.data()) + ":" + std::to_string(getpid()) + ":" + std::to_string(rd() % 1'000'000);
}

JobRunner::JobRunner(JobStore& store, RunnerSettings settings, std::string owner)
    : store_(store), settings_(settings), owner_(std::move(owner)) {}

JobRunner::~JobRunner() { Stop(); }

void JobRunner::Handle(const std::string& kind, JobHandler handler) { handlers_[kind] = std::move(handler); }

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

void JobRunner::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

bool JobRunner::Idle() {
  std::unique_lock lock(mu_);
  if (wakeups_ == 0) cv_.wait_for(lock, settings_.poll, [this] { return stopping_ || wakeups_ > 0; });
  if (wakeups_ > 0) --wakeups_;
  return !stopping_;
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
      // rather than one more statement before every claim.
      if (auto failed = store_.FailAbandoned(); failed && *failed > 0) {
        spdlog::error("{} job(s) failed for good: their process stopped on every attempt", *failed);
      }
      if (!Idle()) return;
      continue;
    }
    RunOne(**claimed);
  }
}

void JobRunner::RunOne(const ClaimedJob& job) {
  spdlog::info("job {} ({}, company {}) started, attempt {}", job.id, job.kind, job.company, job.attempt);
  Status outcome = Status::Ok();
  auto handler = handlers_.find(job.kind);
  if (handler == handlers_.end()) {
    outcome = MakeError(ErrorCode::kInternal, "no handler for jobs of kind '" + job.kind + "' in this process");
  } else {
    LeaseKeeper keeper(store_, job, owner_, settings_.lease);
    try {
      outcome = handler->second(job);
    } catch (const std::exception& e) {
      outcome = MakeError(ErrorCode::kInternal, std::string("the job threw: ") + e.what());
    }
  }
  auto recorded = outcome ? store_.Complete(job.id, owner_) : store_.Fail(job.id, owner_, outcome.error().message);
  if (!recorded) {
    spdlog::error("job {}: outcome not recorded: {}", job.id, recorded.error().message);
  } else if (!*recorded) {
    spdlog::error("job {}: finished here, but another process holds it now; its outcome stands", job.id);
  } else if (!outcome) {
    spdlog::error("job {} failed: {}", job.id, outcome.error().message);
  } else {
    spdlog::info("job {} done", job.id);
  }
}

}  // namespace recon::jobs
