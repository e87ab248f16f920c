#include "reconcile/reconciler.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <thread>

#include "reconcile/match_snapshot.hpp"
#include "util/allocator_tuning.hpp"
#include "util/phase_clock.hpp"

namespace recon::reconcile {
namespace {

// Matches every line on `threads` threads, batch by batch. Each line's decisions depend
// only on the snapshot, so the result is the same for any thread count and batch order.
std::vector<std::vector<MatchDecision>> MatchParallel(const MatchSnapshot& snap, size_t batch_lines, int threads) {
  const size_t n = snap.lines.size();
  std::vector<std::vector<MatchDecision>> per_line(n);
  const size_t batches = (n + batch_lines - 1) / batch_lines;
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t b = next++; b < batches; b = next++) {
      const size_t end = std::min(n, (b + 1) * batch_lines);
      for (size_t i = b * batch_lines; i < end; ++i) {
        const matching::LineToMatch& line = snap.lines[i];
        const matching::MatchContext ctx{*snap.index, snap.RulesFor(line.line.account), snap.history, snap.rejected};
        per_line[i] = matching::MatchLine(line, ctx);
      }
    }
  };
  const size_t count = std::min<size_t>(static_cast<size_t>(std::max(1, threads)), std::max<size_t>(1, batches));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < count; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return per_line;
}

// Cuts decisions (ordered by line id) into commit batches of about `batch_lines` lines,
// never splitting one line's decisions.
std::vector<std::pair<size_t, size_t>> CommitRanges(const std::vector<MatchDecision>& decisions, size_t batch_lines) {
  std::vector<std::pair<size_t, size_t>> ranges;
  size_t start = 0, lines = 0;
  for (size_t i = 0; i < decisions.size(); ++i) {
    const bool new_line = i == 0 || decisions[i].line_ids[0] != decisions[i - 1].line_ids[0];
    if (new_line && lines == batch_lines) {
      ranges.emplace_back(start, i);
      start = i;
      lines = 0;
    }
    lines += new_line;
  }
  if (start < decisions.size()) ranges.emplace_back(start, decisions.size());
  return ranges;
}

jobs::RunCounts Count(size_t considered, const std::set<int64_t>& applied, std::set<int64_t> proposed,
                      int conflicts) {
  for (int64_t id : applied) proposed.erase(id);
  jobs::RunCounts counts;
  counts.lines_considered = static_cast<int>(considered);
  counts.applied = static_cast<int>(applied.size());
  counts.proposed = static_cast<int>(proposed.size());
  counts.unmatched = counts.lines_considered - counts.applied - counts.proposed;
  counts.conflicts = conflicts;
  return counts;
}

// Holds PostgreSQL's advisory lock for one company's runs on a connection of its own;
// released when this goes out of scope, or by the server when the process dies.
class CompanyRunLock {
 public:
  static Result<CompanyRunLock> Take(storage::ConnectionPool& pool, const std::string& company) {
    auto conn = pool.Acquire();
    if (!conn) return conn.take_error();
    // The run before this one may take minutes: wait for it as long as bulk work may take.
    auto r = [&] {
      const storage::ScopedTimeouts bulk(**conn, storage::TimeoutLevel::kBulk);
      return (*conn)->Exec(kLock, {company});
    }();
    if (!r) return r.take_error();
    return CompanyRunLock(std::make_unique<storage::PooledConnection>(std::move(*conn)), company);
  }
  CompanyRunLock(CompanyRunLock&&) = default;
  ~CompanyRunLock() {
    if (!conn_) return;
    if (auto r = (*conn_)->Exec(kUnlock, {company_}); !r) {
      spdlog::warn("run lock of company {} not released ({}); the connection's end releases it", company_,
                   r.error().message);
    }
  }

 private:
  // Class 0x7265636e ("recn") keeps these locks apart from the migrations' lock.
  static constexpr storage::Sql kLock{"lock_company_runs", "SELECT pg_advisory_lock(1919247214, hashtext($1))"};
  static constexpr storage::Sql kUnlock{"unlock_company_runs", "SELECT pg_advisory_unlock(1919247214, hashtext($1))"};
  CompanyRunLock(std::unique_ptr<storage::PooledConnection> conn, std::string company)
      : conn_(std::move(conn)), company_(std::move(company)) {}
  std::unique_ptr<storage::PooledConnection> conn_;  // null once moved from
  std::string company_;
};

using util::PhaseClock;

int ThreadCount(int configured) {
  return configured > 0 ? configured : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace

Reconciler::Reconciler(storage::ConnectionPool& pool, jobs::JobRunner& runner, RunObserver& observer,
                       ReconcileSettings settings)
    : pool_(pool),
      runs_(pool),
      statements_(pool),
      items_(pool),
      rules_(pool),
      payers_(pool),
      matches_(pool),
      commit_(pool),
      decisions_(pool),
      runner_(runner),
      observer_(observer),
      settings_(std::move(settings)) {}

namespace {

// How often a request waiting for a run retried elsewhere looks at the run's row.
constexpr std::chrono::milliseconds kFollowPoll{200};

RunResult ResultOf(const jobs::StoredRun& run) {
  RunResult r;
  r.run_id = run.id;
  r.counts = run.counts;
  r.duration_ms = run.duration_ms.value_or(0);
  return r;
}

}  // namespace

Result<SyncRun> Reconciler::RunAndWait(const ReconcileRequest& request, std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  auto job = runs_.EnqueueClaimedReconcile(request.company, request.account, request.dry_run, runner_.owner(),
                                           runner_.lease(), request.dry_run ? 1 : jobs::kReconcileAttempts);
  if (!job) return job.take_error();
  // The attempt's result, for this request: written before the outcome is set, read after it.
  auto answer = std::make_shared<std::optional<RunResult>>();
  auto running = runner_.RunDetached(*job, [this, request, answer](const jobs::ClaimedJob& j) -> Status {
    auto result = ExecuteJob(j, request);
    if (!result) return result.error();
    *answer = std::move(*result);
    return Status::Ok();
  });
  if (!running) return running.take_error();
  if (running->wait_until(deadline) == std::future_status::ready) {
    const jobs::JobOutcome& outcome = running->get();
    if (outcome.status && answer->has_value()) return SyncRun{std::move(**answer), true, RunStatus::kDone};
    if (outcome.end == jobs::JobEnd::kDead) return outcome.status.error();
  }
  // Still running here, or retried after a failed attempt (here or by another process).
  return Follow(request.company, *job->run_id, deadline);
}

Result<SyncRun> Reconciler::Follow(const std::string& company, int64_t run_id,
                                   std::chrono::steady_clock::time_point deadline) {
  while (true) {
    auto run = runs_.Get(company, run_id);
    if (!run) return run.take_error();
    if (!*run) return MakeError(ErrorCode::kInternal, "run " + std::to_string(run_id) + " vanished");
    const jobs::StoredRun& r = **run;
    // The store's name of the status; one it does not know is followed like a run still queued.
    const RunStatus status = ParseRunStatus(r.status).value_or(RunStatus::kQueued);
    if (status == RunStatus::kDone) return SyncRun{ResultOf(r), true, status};
    if (status == RunStatus::kFailed) {
      return MakeError(ErrorCode::kUnavailable, "run run_" + std::to_string(run_id) + " failed after " +
                                                    std::to_string(r.attempts) + " attempt(s): " +
                                                    r.error.value_or("no reason recorded"));
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      SyncRun pending;
      pending.result.run_id = run_id;
      pending.status = status;
      return pending;
    }
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(kFollowPoll, deadline - now));
  }
}

Result<int64_t> Reconciler::Enqueue(const ReconcileRequest& request) {
  auto run_id = runs_.EnqueueReconcile(request.company, request.account, request.dry_run);
  if (run_id) runner_.Wake();
  return run_id;
}

Result<int64_t> Reconciler::EnqueueAfterUpload(const std::string& company) {
  auto run_id = runs_.EnqueueReconcileOnce(company);
  if (run_id) runner_.Wake();
  return run_id;
}

Status Reconciler::RunJob(const jobs::ClaimedJob& job) {
  ReconcileRequest request;
  request.company = job.company;
  const auto account = job.payload.find("account");
  const auto dry_run = job.payload.find("dry_run");
  if (!job.payload.is_object() || (account != job.payload.end() && !account->is_string() && !account->is_null()) ||
      (dry_run != job.payload.end() && !dry_run->is_boolean())) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "reconcile job " + std::to_string(job.id) + " has a payload of another shape: " + job.payload.dump());
  }
  if (account != job.payload.end() && account->is_string()) request.account = account->get<std::string>();
  if (dry_run != job.payload.end()) request.dry_run = dry_run->get<bool>();
  auto result = ExecuteJob(job, request);
  if (!result) return result.error();
  return Status::Ok();
}

Result<RunResult> Reconciler::ExecuteJob(const jobs::ClaimedJob& job, const ReconcileRequest& request) {
  if (!job.run_id) {
    return MakeError(ErrorCode::kInvalidRequest, "reconcile job " + std::to_string(job.id) + " names no run");
  }
  if (job.attempt > 1) {
    // An earlier attempt finished the run and its process died before it marked the job done.
    auto run = runs_.Get(job.company, *job.run_id);
    if (!run) return run.take_error();
    if (*run && ParseRunStatus((*run)->status) == RunStatus::kDone) return ResultOf(**run);
  }
  // A later attempt means an earlier one failed or its process died mid-run: what it
  // committed stays (each batch is whole), and this attempt matches what is still unmatched.
  const auto start = std::chrono::steady_clock::now();
  return Finish(*job.run_id, start, Execute(*job.run_id, request));
}

Result<RunResult> Reconciler::Finish(int64_t run_id, std::chrono::steady_clock::time_point start,
                                     Result<RunResult> result) {
  const int64_t ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  // A failed attempt's run is written by the job's failure (JobStore::Fail), with the job:
  // queued again for a retry, or failed when the job is dead.
  if (!result) return result;
  result->duration_ms = ms;
  if (Status s = runs_.Finish(run_id, result->counts, ms, std::nullopt); !s) return s.error();
  spdlog::info("reconcile run {}{}: {} lines, {} applied, {} proposed, {} unmatched, {} conflicts in {} ms", run_id,
               result->decisions.empty() ? "" : " (dry run)", result->counts.lines_considered, result->counts.applied,
               result->counts.proposed, result->counts.unmatched, result->counts.conflicts, ms);
  return result;
}

SnapshotSources Reconciler::Sources() { return SnapshotSources{statements_, items_, payers_, matches_, rules_}; }

Result<RunResult> Reconciler::Execute(int64_t run_id, const ReconcileRequest& request) {
  // Runs of one company take turns: a run that waited sees what the one before it
  // decided, instead of both proposing the same lines. Dry runs write nothing and need no turn.
  std::optional<CompanyRunLock> turn;
  if (!request.dry_run) {
    auto lock = CompanyRunLock::Take(pool_, request.company);
    if (!lock) return lock.take_error();
    turn.emplace(std::move(*lock));
  }
  util::ReturnFreedMemory();
  PhaseClock clock;
  MatchSnapshot snap;
  {
    auto conn = pool_.Acquire();
    if (!conn) return conn.take_error();
    const storage::ScopedTimeouts bulk(**conn, storage::TimeoutLevel::kBulk);  // a company's every open line and item
    auto loaded = LoadSnapshot(**conn, Sources(), request.company, request.account, settings_.default_rules);
    if (!loaded) return loaded.take_error();
    snap = std::move(*loaded);
  }
  const int64_t load_ms = clock.Lap();
  auto per_line = MatchParallel(snap, settings_.batch_lines, ThreadCount(settings_.match_threads));
  std::vector<MatchDecision> decisions = matching::MatchGroups(
      snap.lines, matching::Settle(snap.lines, std::move(per_line), *snap.index),
      {*snap.index, [&snap](const std::string& account) -> const matching::RuleSet& { return snap.RulesFor(account); },
       snap.rejected});
  const int64_t match_ms = clock.Lap();

  RunResult result;
  result.run_id = run_id;
  std::set<int64_t> applied_lines, proposed_lines;
  if (request.dry_run) {
    for (const MatchDecision& d : decisions) {
      for (int64_t id : d.line_ids) (d.outcome == MatchOutcome::kApply ? applied_lines : proposed_lines).insert(id);
    }
    result.counts = Count(snap.lines.size(), applied_lines, proposed_lines, 0);
    result.decisions = std::move(decisions);
    return result;
  }
  auto committed = CommitParallel(request.company, run_id, decisions, snap);
  if (!committed) return committed.take_error();
  int conflicts = 0;
  for (const auto& [batch_begin, outcome] : *committed) {
    conflicts += outcome.conflicts;
    for (size_t i = 0; i < outcome.fates.size(); ++i) {
      const storage::DecisionFate fate = outcome.fates[i];
      if (fate == storage::DecisionFate::kConflict) continue;
      const MatchDecision& d = decisions[batch_begin + i];
      const bool applied = fate == storage::DecisionFate::kApplied;
      const MatchStatus stored_as = applied ? MatchStatus::kApplied : MatchStatus::kProposed;
      observer_.MatchCommitted(d.rule, MatchStatusName(stored_as));
      for (int64_t id : d.line_ids) (applied ? applied_lines : proposed_lines).insert(id);
    }
  }
  if (conflicts > 0) spdlog::warn("reconcile run {}: {} decisions found their amounts already taken", run_id, conflicts);
  // Where a run's time goes, for whoever tunes batch sizes, threads or the database.
  spdlog::info("reconcile run {}: load {} ms ({} lines, {} open items), match {} ms, commit {} ms", run_id, load_ms,
               snap.lines.size(), snap.index->items().size(), match_ms, clock.Lap());
  result.counts = Count(snap.lines.size(), applied_lines, proposed_lines, conflicts);
  if (Status s = statements_.MarkReconciledStatements(request.company); !s) return s.error();
  return result;
}

Result<std::vector<std::pair<size_t, storage::CommitOutcome>>> Reconciler::CommitParallel(
    const std::string& company, int64_t run_id, const std::vector<MatchDecision>& decisions,
    const MatchSnapshot& snap) {
  // Each batch is its own transaction, so batches can be committed side by side: the
  // database's work, not recond's, is what a commit waits for. Batches lock their rows in
  // one order (MatchCommit::CommitBatch), a batch whose rows another changed is judged
  // again with them locked, and the outcomes are gathered in the decisions' order.
  const auto ranges = CommitRanges(decisions, settings_.batch_lines);
  std::vector<std::optional<Result<storage::CommitOutcome>>> outcomes(ranges.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  auto worker = [&] {
    for (size_t b = next++; b < ranges.size() && !failed; b = next++) {
      const auto [begin, end] = ranges[b];
      const std::span<const MatchDecision> batch(decisions.data() + begin, end - begin);
      std::vector<storage::PayerEvidence> evidence;
      evidence.reserve(batch.size());
      for (const MatchDecision& d : batch) {
        evidence.push_back(d.outcome == MatchOutcome::kApply ? snap.PayerEvidenceFor(d) : storage::PayerEvidence{});
      }
      outcomes[b] = commit_.CommitBatch(company, run_id, batch, evidence);
      if (!*outcomes[b]) failed = true;
    }
  };
  {
    std::vector<std::jthread> helpers;
    const size_t connections = static_cast<size_t>(std::max(1, settings_.commit_connections));
    const size_t extra = ranges.size() > 1 ? std::min(ranges.size(), connections) - 1 : 0;
    for (size_t i = 0; i < extra; ++i) helpers.emplace_back(worker);
    worker();
  }
  std::vector<std::pair<size_t, storage::CommitOutcome>> out;
  out.reserve(ranges.size());
  for (size_t b = 0; b < ranges.size(); ++b) {
    if (!outcomes[b]) continue;  // not started after another batch failed
    if (!*outcomes[b]) return outcomes[b]->take_error();
    out.emplace_back(ranges[b].first, std::move(**outcomes[b]));
  }
  return out;
}

Result<std::vector<MatchDecision>> Reconciler::Candidates(const std::string& company, int64_t line_id) {
  auto conn = pool_.Acquire();
  if (!conn) return conn.take_error();
  auto stored = statements_.LoadLine(**conn, company, line_id);
  if (!stored) return stored.take_error();
  if (!*stored) return MakeError(ErrorCode::kNotFound, "there is no line ln_" + std::to_string(line_id));
  const std::optional<LineStatus> status = ParseLineStatus((*stored)->status);
  if (status == LineStatus::kMatched || status == LineStatus::kIgnored) return std::vector<MatchDecision>();
  auto loaded = LoadSnapshot(**conn, Sources(), company, std::nullopt, settings_.default_rules, false);
  if (!loaded) return loaded.take_error();
  matching::LineToMatch line{(*stored)->id, std::move((*stored)->line), std::move((*stored)->payer_keys)};
  line.line.amount.minor -= (*stored)->matched_amount;
  const matching::MatchContext ctx{*loaded->index, loaded->RulesFor(line.line.account), loaded->history,
                                   loaded->rejected};
  return matching::CandidatesForLine(line, ctx);
}

Result<storage::StoredMatch> Reconciler::CreateManualMatch(const std::string& company,
                                                           const matching::ManualMatchRequest& request) {
  auto accounts = statements_.LineAccounts(company, request.line_ids);
  if (!accounts) return accounts.take_error();
  std::map<std::string, matching::RuleSet> rules;
  for (const std::string& account : *accounts) {
    auto set = RulesFor(company, account);
    if (!set) return set.take_error();
    rules.emplace(account, std::move(*set));
  }
  // Lines read here are the ones the store locks (lines never change account); any other
  // account allows no write-off.
  const matching::RuleSet none;
  return decisions_.CreateManual(company, request, [&](const std::string& account) -> const matching::RuleSet& {
    auto it = rules.find(account);
    return it == rules.end() ? none : it->second;
  });
}

Result<matching::RuleSet> Reconciler::RulesFor(const std::string& company, const std::string& account) {
  auto stored = rules_.Get(company, account);
  if (!stored) return stored.take_error();
  if (*stored) return std::move(**stored);
  if (!account.empty()) return RulesFor(company, "");
  return settings_.default_rules;
}

}  // namespace recon::reconcile
